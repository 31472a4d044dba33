package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.testing.LogCapture;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.time.VirtualScheduler;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a trace shows of a session: bytes grouped into lines and blocks, and the socket's life. */
class ModemTraceTest {

    /** The trace's lines without their timestamps. */
    private static List<String> events(StringWriter sink) {
        return Arrays.stream(sink.toString().split("\n"))
                .filter(l -> !l.startsWith("#"))
                .peek(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} m\\d+ \\S+ .*"))
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
    }

    @Test
    void aSessionIsTracedLineByLineWithItsSocketEvents() throws Exception {
        StringWriter sink = new StringWriter();
        int port;
        try (TcpEchoServer echo = new TcpEchoServer();
                TraceLog log = TraceLog.to(sink);
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            port = echo.port();
            modem.boot();
            modem.send("ATE0");
            modem.expectLine("ATE0").expectLine("OK");
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
            modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
            modem.send("AT+QISEND=0").expectPrompt();
            modem.sendRaw("ping\u001a").expectLine("SEND OK");
            modem.expectLine("+QIURC: \"recv\",0");
            modem.send("AT+QICLOSE=0").expectLine("OK");
            assertThat(modem.faults()).isZero();
        }
        List<String> lines = events(sink);
        assertThat(lines.get(0)).startsWith("* modem bg96, IMEI ");
        assertThat(lines)
                .containsSubsequence(
                        "* power on",
                        "< \\r\\nRDY\\r\\n",
                        "< \\r\\nAPP RDY\\r\\n",
                        "> ATE0\\r\\n",
                        "< ATE0\\r",
                        "< \\r\\nOK\\r\\n",
                        "> AT+QIACT=1\\r\\n")
                .containsSubsequence(
                        "> AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + port + ",0,0\\r\\n",
                        "net socket 1 opening TCP 127.0.0.1:" + port + " in context 1",
                        "< \\r\\nOK\\r\\n",
                        "< \\r\\n+QIOPEN: 0,0\\r\\n")
                .containsSubsequence(
                        "> AT+QISEND=0\\r\\n",
                        "<< \\r\\n> \\",
                        ">> ping\\x1a",
                        "net socket 1 sent 4",
                        "< \\r\\nSEND OK\\r\\n",
                        "net socket 1 received 4",
                        "< \\r\\n+QIURC: \"recv\",0\\r\\n",
                        "> AT+QICLOSE=0\\r\\n",
                        "net socket 1 closed",
                        "< \\r\\nOK\\r\\n");
        assertThat(lines)
                .anyMatch(l -> l.matches("net context 1 activated 127\\.10\\.\\d+\\.\\d+"))
                .anyMatch(
                        l -> l.matches("net socket 1 connected 127\\.10\\.\\d+\\.\\d+:\\d+ -> 127\\.0\\.0\\.1:" + port))
                .endsWith("net context 1 deactivated");
    }

    /** A socket keeps its number from opening to its end, a failed one too. */
    @Test
    void aFailedOpenIsTracedUnderTheSocketsOwnNumber() throws Exception {
        StringWriter sink = new StringWriter();
        int refused = Ports.refused();
        try (TraceLog log = TraceLog.to(sink);
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            modem.bootQuiet();
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + refused + ",0,0");
            modem.expectLine("OK").expectLine("+QIOPEN: 0,566");
            modem.send("AT+QICLOSE=0").expectLine("OK");
            assertThat(modem.faults()).isZero();
        }
        List<String> net =
                events(sink).stream().filter(l -> l.startsWith("net socket")).toList();
        assertThat(net)
                .containsExactly(
                        "net socket 1 opening TCP 127.0.0.1:" + refused + " in context 1",
                        "net socket 1 failed: connect failed",
                        "net socket 1 closed");
    }

    /**
     * Lines of different modems enter one queue in the order they happen; a line stamped earlier
     * than the one before it (here a prompt, written when it has been quiet for a while, after
     * another modem spoke) takes the time of the line before, so the file's times never go back.
     */
    @Test
    void timesInTheFileNeverGoBackwards() {
        StringWriter sink = new StringWriter();
        VirtualScheduler a = VirtualScheduler.standalone();
        VirtualScheduler b = VirtualScheduler.standalone();
        try (TraceLog log = TraceLog.to(sink)) {
            ModemTrace m1 = log.modem("m1", a);
            ModemTrace m2 = log.modem("m2", b);
            byte[] prompt = "\r\n> ".getBytes(StandardCharsets.ISO_8859_1);
            m1.toDte(prompt, 0, prompt.length); // no line end: written once quiet
            b.advanceMillis(5);
            m2.event("dtr off");
            a.advanceMillis(30); // m1's prompt goes out now, stamped when it began
            b.advanceMillis(600_000);
            m2.event("dtr on");
            m1.event("dtr on"); // m1's clock is ten minutes behind m2's
        }
        List<String> lines = Arrays.stream(sink.toString().split("\n"))
                .filter(l -> !l.startsWith("#"))
                .toList();
        assertThat(lines)
                .extracting(l -> l.substring(16))
                .containsExactly("m2 * dtr off", "m1 << \\r\\n> \\", "m2 * dtr on", "m1 * dtr on");
        List<LocalTime> times =
                lines.stream().map(l -> LocalTime.parse(l.substring(0, 15))).toList();
        for (int i = 1; i < times.size(); i++) {
            Duration step = Duration.between(times.get(i - 1), times.get(i));
            // across midnight the clock text wraps: a step back of most of a day is forward
            assertThat(step.isNegative() && step.abs().toHours() < 12)
                    .as("time goes back from line %d to %d: %s", i - 1, i, lines)
                    .isFalse();
        }
    }

    /**
     * Every ERROR has its reason in the trace, as a {@code why} line after the command and before
     * the answer, and at debug level in the log; the host still gets exactly what the module says.
     */
    @Test
    void eachErrorIsExplainedInAWhyLine() {
        StringWriter sink = new StringWriter();
        String id;
        try (LogCapture debug = LogCapture.of("io.vmodem.at", Level.DEBUG);
                TraceLog log = TraceLog.to(sink);
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            id = "m" + modem.onLoop(() -> modem.session().modem().identity().serial());
            modem.bootQuiet();
            modem.send("AT+QISEND=12,5").expectLine("ERROR");
            modem.send("AT+QISEND=2,5").expectLine("ERROR");
            modem.send("AT+FOO").expectLine("ERROR");
            modem.send("AT+QIGETERROR?").expectLine("ERROR");
            modem.send("AT+QIACT=x").expectLine("ERROR");
            modem.send("AT+CFUN=7").expectLine("+CME ERROR: 50");
            modem.send("AT+QIACT=1;+QIACT=1").expectLine("ERROR");
            assertThat(debug.lines()).contains("DEBUG " + id + ": AT+FOO: unknown command +FOO");
        }
        List<String> lines = events(sink);
        assertThat(lines)
                .containsSubsequence(
                        "> AT+QISEND=12,5\\r\\n",
                        "why AT+QISEND=12,5: parameter 1 out of range 0..11: 12",
                        "< \\r\\nERROR\\r\\n",
                        "> AT+QISEND=2,5\\r\\n",
                        "why AT+QISEND=2,5: socket 2 is not connected",
                        "< \\r\\nERROR\\r\\n",
                        "> AT+FOO\\r\\n",
                        "why AT+FOO: unknown command +FOO",
                        "< \\r\\nERROR\\r\\n",
                        "why AT+QIGETERROR?: +QIGETERROR has no read form (?)",
                        "why AT+QIACT=x: parameter 1 is not a number: x",
                        "why AT+CFUN=7: parameter 1 out of range 0..4: 7",
                        "< \\r\\n+CME ERROR: 50\\r\\n",
                        "why AT+QIACT=1: context 1 is active");
    }
}
