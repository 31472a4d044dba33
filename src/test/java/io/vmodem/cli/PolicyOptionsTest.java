package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.net.Addresses;
import io.vmodem.net.NetPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --allow, --deny and --listen-ports on the command line. */
class PolicyOptionsTest {
    private static NetPolicy parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.policy.policy();
    }

    @Test
    void withoutOptionsEverythingIsAllowed() {
        NetPolicy p = parse();
        assertThat(p.rules()).isEmpty();
        assertThat(p.mayReach(Addresses.literal("203.0.113.9", 443))).isTrue();
        assertThat(p.mayListen(80)).isTrue();
    }

    @Test
    void repeatedRulesMakeOnePolicyInWhichTheMostSpecificDecides() {
        NetPolicy p = parse(
                "--deny", "0.0.0.0/0",
                "--deny", "::/0",
                "--allow", "127.0.0.0/8",
                "--allow", "192.0.2.10:443",
                "--deny", "127.0.0.1:25",
                "--listen-ports", "20000-20100");
        assertThat(p.rules()).hasSize(5);
        assertThat(p.mayReach(Addresses.literal("2001:db8::1", 443))).isFalse();
        assertThat(p.mayReach(Addresses.literal("127.0.0.1", 80))).isTrue();
        assertThat(p.mayReach(Addresses.literal("127.0.0.1", 25))).isFalse();
        assertThat(p.mayReach(Addresses.literal("192.0.2.10", 443))).isTrue();
        assertThat(p.mayReach(Addresses.literal("192.0.2.10", 80))).isFalse();
        assertThat(p.mayReach(Addresses.literal("8.8.8.8", 53))).isFalse();
        assertThat(p.mayListen(20050)).isTrue();
        assertThat(p.mayListen(8080)).isFalse();
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> parse("--allow", "10.0.0.0/33"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--allow")
                .hasMessageContaining("the prefix length must be 0..32, in '10.0.0.0/33'");
        assertThatThrownBy(() -> parse("--deny", "example.com"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--deny")
                .hasMessageContaining("'example.com' is not an IP address");
        assertThatThrownBy(() -> parse("--deny", "10.0.0.1:99999"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--deny")
                .hasMessageContaining("'99999' is not a port");
        assertThatThrownBy(() -> parse("--listen-ports", "9000-8000"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--listen-ports")
                .hasMessageContaining("'9000-8000' is not a port or a range LOW-HIGH");
    }

    @Test
    void theErrorIsOneLineOnTheCommandLine() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("--allow", "foo")).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .isEqualTo("Invalid value for option '--allow' (CIDR[:PORTS]): 'foo' is not an IP address, in 'foo'");
    }

    @Test
    void helpShowsThePolicyOptions() {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString())
                .contains("Where modems may reach")
                .contains("--allow=CIDR[:PORTS]", "--deny=CIDR[:PORTS]", "--listen-ports=LOW-HIGH");
    }
}
