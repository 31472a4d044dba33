package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.modem.ModemSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The network's and the module's delays are options, with their defaults in the help. */
class MainDelaysTest {

    private static ModemSettings settings(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.modemSettings();
    }

    @Test
    void helpShowsEachDelayWithItsDefault() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        // Help wraps its lines; read it as one.
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains(
                        "--activation-delay",
                        "--deactivation-delay",
                        "--open-delay",
                        "--close-delay",
                        "--dns-delay",
                        "--ntp-delay",
                        "--response-delay",
                        "--boot-time",
                        "--command-deadline",
                        "BG96 and BC260Y-CN 210 s, SIM7600 180 s",
                        "--dns-port",
                        "default: 100 ms",
                        "default: 50 ms",
                        "default: 53");
    }

    @Test
    void theDefaultsAreSmall() {
        ModemSettings s = settings();
        assertThat(s.net().activationDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.net().deactivationDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.net().openDelay()).isZero();
        assertThat(s.net().closeDelay()).isZero();
        assertThat(s.net().dnsDelay()).isZero();
        assertThat(s.net().ntpDelay()).isZero();
        assertThat(s.responseDelay()).isZero();
        assertThat(s.bootDelay()).isEqualTo(ModemSettings.DEFAULT_BOOT_DELAY).isEqualTo(Duration.ofMillis(300));
        assertThat(s.commandDeadline()).as("the dialect's own").isNull();
        assertThat(s.net().dnsPort()).isEqualTo(53);
    }

    @Test
    void eachOptionReachesItsSetting() {
        ModemSettings s = settings(
                "--activation-delay=150000",
                "--deactivation-delay=40000",
                "--open-delay=150000",
                "--close-delay=10000",
                "--dns-delay=60000",
                "--ntp-delay=125000",
                "--response-delay=300",
                "--boot-time=4800",
                "--command-deadline=20000",
                "--dns-port=5353");
        assertThat(s.net().activationDelay()).isEqualTo(Duration.ofSeconds(150));
        assertThat(s.net().deactivationDelay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(s.net().openDelay()).isEqualTo(Duration.ofSeconds(150));
        assertThat(s.net().closeDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.net().dnsDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.net().ntpDelay()).isEqualTo(Duration.ofSeconds(125));
        assertThat(s.responseDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.bootDelay()).isEqualTo(Duration.ofMillis(4800));
        assertThat(s.commandDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.net().dnsPort()).isEqualTo(5353);
    }

    @Test
    void aNegativeDelayIsAUsageError() {
        assertThatThrownBy(() -> settings("--open-delay=-1")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> settings("--command-deadline=0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("command deadline");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--dns-port=0", "--listen=127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("DNS port");
    }
}
