package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Transcript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The link options on the command line: help, refusals, and a whole run over stdio with a trace. */
class LinkOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpShowsEveryLinkWithItsDefaults() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("Link to the firmware")
                .contains("--listen=HOST:PORT", "127.0.0.1:5555")
                .contains("--pty", "--pty-link=PATH", "--serial=DEVICE", "--stdio")
                .contains("--baud=N", "115200", "--flow=rtscts|none", "--trace=FILE|-")
                .contains("transcript");
    }

    @Test
    void linksThatCannotGoTogetherAreRefused() {
        assertThat(run("--pty", "--stdio")).isEqualTo(2);
        assertThat(err.toString()).contains("choose one link");
        assertThat(run("--listen", "127.0.0.1:0", "--serial", "/dev/ttyUSB0")).isEqualTo(2);
        assertThat(run("--pty-link", "/tmp/modem")).isEqualTo(2);
        assertThat(err.toString()).contains("--pty-link goes with --pty");
        assertThat(run("--serial", "/dev/ttyUSB0", "--flow", "xonxoff")).isEqualTo(2);
        assertThat(err.toString()).contains("rtscts or none");
        assertThat(run("--stdio", "--flow", "rtscts")).isEqualTo(2);
        assertThat(err.toString()).contains("--flow goes with --serial");
        assertThat(run("--pty", "--baud", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--baud must be");
    }

    @Test
    void aMissingSerialPortIsAnErrorNotAHang() {
        assertThat(run("--serial", dir.resolve("ttyNothing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("ttyNothing");
    }

    @Test
    void aStdioRunAnswersItsInputTracesItAndTheTraceBecomesATranscript() throws Exception {
        Path trace = dir.resolve("session.trace");
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        int status;
        try {
            System.setIn(new ByteArrayInputStream("AT+CGMM\nAT+CSQ\n".getBytes(StandardCharsets.ISO_8859_1)));
            System.setOut(new PrintStream(screen, true, StandardCharsets.ISO_8859_1));
            // no control API: its default port is fixed, and another run of the build may hold it
            status = run("--stdio", "--baud", "115200", "--trace", trace.toString(), "--control", "off");
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(status).as(err::toString).isZero();
        assertThat(screen.toString(StandardCharsets.ISO_8859_1))
                .startsWith("\r\nRDY\r\n")
                .endsWith("AT+CGMM\r\r\nBG96\r\n\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
        assertThat(err.toString()).contains("on this terminal, paced at 115200 baud");
        String traced = Files.readString(trace);
        assertThat(traced)
                .contains(" m1 * modem bg96, IMEI ")
                .contains("UART paced at 115200 baud")
                .contains(" m1 > AT+CGMM\\r\n")
                .contains(" m1 < \\r\\n+CSQ: 20,99\\r\\n\n")
                .contains(" m1 * link closed");

        out.getBuffer().setLength(0);
        assertThat(run("transcript", trace.toString())).isZero();
        assertThat(out.toString())
                .contains("> ATE1\n< OK\n>> AT+CGMM\\r\n")
                .endsWith("< AT+CSQ\n< +CSQ: 20,99\n< OK\n# * link closed\n");
        // The trace of this real-time session over a real link replays against a fresh modem.
        try (ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.boot();
            Transcript.parse("stdio session", out.toString()).run(modem, Map.of(), Map.of());
            assertThat(modem.faults()).isZero();
        }
        assertThat(run("transcript", "--modem", "m9", trace.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no modem m9");
    }
}
