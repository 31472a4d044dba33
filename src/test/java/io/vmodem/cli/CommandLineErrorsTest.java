package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.ModemHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every usage error is one line naming the option, the value and what is wrong, one line pointing
 * to {@code --help}, and exit status 2: no stack trace, no pages of help.
 */
class CommandLineErrorsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        // Should a bad value be taken after all, the program would serve until stopped.
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            return cl.execute(args);
        });
    }

    /** Runs {@code args}, expects a usage error and returns its first line. */
    private String usageError(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(args)).as("exit status of %s", List.of(args)).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as("what %s printed", List.of(args)).hasSize(2);
        assertThat(out.toString()).isEmpty();
        String command = args.length > 0 && args[0].equals("transcript") ? "vmodem transcript" : "vmodem";
        assertThat(lines.get(1)).isEqualTo("Try '" + command + " --help' for more information.");
        assertThat(lines.get(0)).startsWith(command + ": ");
        return lines.get(0);
    }

    @Test
    void anAddressThatIsNotOneNamesTheOctet() {
        assertThat(usageError("--listen", "256.1.1.1:5000"))
                .isEqualTo("vmodem: Invalid value for option '--listen': '256.1.1.1:5000':"
                        + " 256 is not in 0..255 in an IPv4 address");
        assertThat(usageError("--listen", "10.1.1:5000"))
                .endsWith("'10.1.1:5000': '10.1.1' is not an IPv4 address (four numbers 0..255)");
    }

    @Test
    void aHostThatDoesNotResolveIsNamed() {
        assertThat(usageError("--listen", "no.such.host.invalid:5600"))
                .isEqualTo("vmodem: Invalid value for option '--listen': 'no.such.host.invalid:5600':"
                        + " no such host 'no.such.host.invalid'");
    }

    @Test
    void aListenAddressNeedsAPortInRange() {
        assertThat(usageError("--listen", "localhost")).endsWith("'localhost': expected HOST:PORT");
        assertThat(usageError("--listen", "127.0.0.1:http")).endsWith("port 'http' is not a number");
        assertThat(usageError("--listen", "127.0.0.1:70000")).endsWith("port 70000 is not in 0..65535");
    }

    @Test
    void anIpPoolMustBeAnIpv4BlockOfAllowedSize() {
        assertThat(usageError("--ip-pool", "foo"))
                .isEqualTo("vmodem: Invalid value for option '--ip-pool': 'foo':"
                        + " expected an IPv4 block ADDRESS/PREFIX, such as 127.10.0.0/16");
        assertThat(usageError("--ip-pool", "10.0.0.0/33"))
                .isEqualTo("vmodem: Invalid value for option '--ip-pool': '10.0.0.0/33':"
                        + " prefix /33 is not in 8..30 (a block of 2 to 16777214 addresses)");
        assertThat(usageError("--ip-pool", "example.org/16"))
                .endsWith("'example.org' is not an IPv4 address (four numbers 0..255)");
    }

    @Test
    void aTraceThatIsNotThereIsNamed() {
        assertThat(usageError("transcript", "/nonexistent"))
                .isEqualTo("vmodem transcript: Invalid value for parameter 'TRACE': '/nonexistent':"
                        + " cannot read it: no such file or folder");
    }

    @Test
    void aPtyLinkWhereNoLinkCanBeMadeSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("notAFolder"), "x");
        Path link = file.resolve("ttyModem");
        assertThat(usageError("--pty", "--pty-link", link.toString()))
                .isEqualTo(
                        "vmodem: Invalid value for option '--pty-link': '" + link + "': " + file + " is not a folder");
        Path missing = dir.resolve("missing").resolve("ttyModem");
        assertThat(usageError("--pty", "--pty-link", missing.toString()))
                .endsWith("'" + missing + "': no folder " + missing.getParent());
        assertThat(usageError("--pty", "--pty-link", file.toString()))
                .endsWith("'" + file + "': it exists and is not a symbolic link; not replacing it");
    }

    @Test
    void aPortInUseNamesTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            assertThat(usageError("--listen", address))
                    .isEqualTo("vmodem: Invalid value for option '--listen': '" + address
                            + "': cannot listen there: address already in use");
        }
    }

    @Test
    void aTraceFileThatCannotBeWrittenIsNamed() {
        Path trace = dir.resolve("no").resolve("session.trace");
        assertThat(usageError("--trace", trace.toString(), "--listen", "127.0.0.1:0"))
                .isEqualTo("vmodem: Invalid value for option '--trace': '" + trace
                        + "': cannot write it: no such file or folder");
    }

    @Test
    void unknownOptionsAreNamedWithAGuess() {
        assertThat(usageError("--lisen", "127.0.0.1:5555"))
                .isEqualTo(
                        "vmodem: Unknown options: '--lisen', '127.0.0.1:5555' (did you mean --listen or --listen-ports?)");
        assertThat(usageError("--frobnicate")).isEqualTo("vmodem: Unknown option: '--frobnicate'");
        assertThat(usageError("transcript", "--frobnicate", "x"))
                .startsWith("vmodem transcript: Unknown option: '--frobnicate'");
    }

    @Test
    void badNumbersNameTheOptionAndTheRange() {
        assertThat(usageError("--rx-buffer", "abc"))
                .isEqualTo("vmodem: Invalid value for option '--rx-buffer': 'abc' is not an int");
        assertThat(usageError("--rx-buffer", "70000"))
                .isEqualTo("vmodem: Invalid value for option '--rx-buffer': '70000': receive buffer must be"
                        + " 1..65535 bytes");
        assertThat(usageError("--open-delay", "-1"))
                .isEqualTo("vmodem: Invalid value for option '--open-delay': '-1': a delay cannot be negative");
        assertThat(usageError("--boot-time", "-5")).endsWith("'--boot-time': '-5': a delay cannot be negative");
        assertThat(usageError("--dns-port", "0")).endsWith("'--dns-port': '0': a DNS port is 1..65535");
        assertThat(usageError("--pty", "--baud", "x9600")).endsWith("'x9600' is not an int");
    }

    @Test
    void anUnknownDialectNamesTheChoices() {
        assertThat(usageError("--dialect", "nokia3310"))
                .isEqualTo("vmodem: Invalid value for option '--dialect': unknown dialect 'nokia3310';"
                        + " choose from bc260y, bg96, sim7600");
    }

    @Test
    void transcriptHelpShowsTheVariableSyntax() {
        assertThat(run("transcript", "--help")).isZero();
        assertThat(out.toString()).contains("Write each VALUE as ${NAME}").doesNotContain("null");
    }

    /** The banner names the command the README gives for typing at a modem on the TCP link. */
    @Test
    void theBannerPrintsTheReadmesTerminalCommand() throws Exception {
        LinkOptions link = new LinkOptions();
        CommandLine cl = Main.commandLine();
        new CommandLine(link).parseArgs("--listen", "127.0.0.1:0");
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 1);
        StringWriter said = new StringWriter();
        InetSocketAddress bound;
        AutoCloseable server = link.start(
                cl,
                factory,
                new Bg96Dialect(),
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                new PrintWriter(said),
                code -> {});
        try {
            String banner = said.toString();
            int port = Integer.parseInt(banner.replaceAll("(?s).* on tcp://127\\.0\\.0\\.1:(\\d+) .*", "$1"));
            bound = new InetSocketAddress("127.0.0.1", port);
            assertThat(banner).contains("type AT commands with: " + LinkOptions.terminalCommand(bound));
        } finally {
            server.close();
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(LinkOptions.terminalCommand(new InetSocketAddress("127.0.0.1", 5555)) + "  ");
    }
}
