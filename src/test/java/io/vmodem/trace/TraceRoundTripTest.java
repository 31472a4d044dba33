package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded trace becomes a transcript, and the transcript passes against a fresh modem. */
class TraceRoundTripTest {

    /** A driver's session with echo on, as modules start: data both ways, a prompt, a URC. */
    private static String record(TcpEchoServer echo) {
        StringWriter sink = new StringWriter();
        try (TraceLog log = TraceLog.to(sink);
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            modem.boot();
            modem.send("AT").expectLine("AT").expectLine("OK");
            modem.send("AT+CMEE=2").expectLine("AT+CMEE=2").expectLine("OK");
            modem.send("AT+QICSGP=1,1,\"internet\",\"\",\"\",1").nextLine();
            modem.expectLine("OK");
            modem.send("AT+QIACT=1").expectLine("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
            modem.nextLine();
            modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
            modem.send("AT+QISEND=0,5").expectLine("AT+QISEND=0,5").expectRaw("> ");
            modem.sendRaw("hello").expectLine("hello").expectLine("SEND OK");
            modem.expectLine("+QIURC: \"recv\",0");
            modem.send("AT+QIRD=0,1500").expectLine("AT+QIRD=0,1500");
            modem.expectLine("+QIRD: 5").expectLine("hello").expectLine("OK");
            modem.send("ATE0").expectLine("ATE0").expectLine("OK");
            modem.send("AT+QISEND=0").expectPrompt();
            modem.sendRaw("bye$\r\n\u001a").expectLine("SEND OK");
            modem.expectLine("+QIURC: \"recv\",0");
            modem.send("AT+QIRD=0,1500")
                    .expectLine("+QIRD: 6")
                    .expectLine("bye$")
                    .expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
            modem.expectLine("OK").expectLine("+QIOPEN: 0,563");
            modem.send("AT+QICLOSE=0").expectLine("OK");
            assertThat(modem.faults()).isZero();
        }
        return sink.toString();
    }

    @Test
    void aRecordedTraceReplaysAsAPassingTranscript() throws Exception {
        String trace;
        String transcript;
        try (TcpEchoServer echo = new TcpEchoServer()) {
            trace = record(echo);
            transcript = TraceTranscript.convert(
                    trace, null, Map.of("ECHO_HOST", echo.host(), "ECHO_PORT", String.valueOf(echo.port())));
        }
        assertThat(transcript)
                .contains(
                        "> ATE1\n< OK\n",
                        "> AT+QIOPEN=1,0,\"TCP\",\"${ECHO_HOST}\",${ECHO_PORT},0,0\n",
                        "< +QIOPEN: 0,0\n",
                        "< AT+QISEND=0,5\n<< > \\\n>> hello\n",
                        "< hello\n< SEND OK\n",
                        "<< \\r\\n> \\\n>> bye\\x24\\r\\n\n>> \\x1a\n")
                .contains("# net socket 1 connected")
                .contains("# before the first command: < RDY");

        try (TcpEchoServer echo = new TcpEchoServer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.boot();
            Transcript.parse("recorded", transcript)
                    .run(modem, Map.of("ECHO_HOST", echo.host(), "ECHO_PORT", String.valueOf(echo.port())), Map.of());
            assertThat(modem.faults()).isZero();
        }
    }

    /** Push data goes straight into the link's buffer: the trace still records every byte of it. */
    @Test
    void pushedDataIsInTheTrace() throws Exception {
        StringWriter sink = new StringWriter();
        try (TcpEchoServer echo = new TcpEchoServer();
                TraceLog log = TraceLog.to(sink);
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            modem.bootQuiet();
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,1");
            modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
            modem.send("AT+QISEND=0,10").expectPrompt();
            modem.sendRaw("0123456789").expectLine("SEND OK");
            modem.expectLine("+QIURC: \"recv\",0,10").expectLine("0123456789");
            assertThat(modem.faults()).isZero();
        }
        // One trace line per line the host reads, each with its time and modem.
        assertThat(sink.toString())
                .containsPattern("< \\\\r\\\\n\\+QIURC: \"recv\",0,10\\\\r\\\\n\n\\S+ m\\d+ < 0123456789\\\\r\\\\n\n");
    }

    @Test
    void aReplayThatDiffersFromTheRecordingFails() throws Exception {
        String transcript;
        try (TcpEchoServer echo = new TcpEchoServer()) {
            transcript = TraceTranscript.convert(
                    record(echo), null, Map.of("ECHO_HOST", echo.host(), "ECHO_PORT", String.valueOf(echo.port())));
        }
        String altered = transcript.replace("< +QIRD: 6\n", "< +QIRD: 7\n");
        assertThat(altered).isNotEqualTo(transcript);
        try (TcpEchoServer echo = new TcpEchoServer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.boot();
            assertThatThrownBy(() -> Transcript.parse("altered", altered)
                            .run(
                                    modem,
                                    Map.of("ECHO_HOST", echo.host(), "ECHO_PORT", String.valueOf(echo.port())),
                                    Map.of()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("+QIRD: 7");
        }
    }

    @Test
    void echoIsRecognisedWhenTheDteTypesAheadOfTheAnswers() {
        String trace = String.join(
                "\n",
                "10:00:00.000000 m1 > ATI\\r",
                "10:00:00.000000 m1 > AT+CSQ\\r",
                "10:00:00.000100 m1 < ATI\\r",
                "10:00:00.000100 m1 < \\r\\nBG96\\r\\n",
                "10:00:00.000100 m1 < \\r\\nOK\\r\\n",
                "");
        assertThat(TraceTranscript.convert(trace, null, Map.of()))
                .endsWith("> ATE1\n< OK\n>> ATI\\r\n>> AT+CSQ\\r\n< ATI\n< BG96\n< OK\n");
    }

    @Test
    void bootUrcsStillCrossingWhenTheDteTypesStayComments() {
        String trace = String.join(
                "\n",
                "10:00:00.000000 m1 < \\r\\nRDY\\r\\n",
                "10:00:00.000100 m1 > AT\\r\\n",
                "10:00:00.000200 m1 < \\r\\nAPP RDY\\r\\n",
                "10:00:00.000300 m1 < AT\\r",
                "10:00:00.000300 m1 < \\r\\nOK\\r\\n",
                "");
        assertThat(TraceTranscript.convert(trace, null, Map.of()))
                .endsWith("# before the first command: < RDY\n"
                        + "# the recorded modem echoed its input\n> ATE1\n< OK\n"
                        + "> AT\n"
                        + "# before the first command: < APP RDY\n"
                        + "< AT\n< OK\n");
    }

    @Test
    void aTraceOfManyModemsGivesEachItsOwnTranscript() {
        String trace = String.join(
                "\n",
                "# vmodem trace",
                "10:00:00.000000 m1 * power on",
                "10:00:00.100000 m2 > AT\\r\\n",
                "10:00:00.200000 m1 > ATI\\r\\n",
                "10:00:00.200100 m2 < \\r\\nOK\\r\\n",
                "10:00:00.200200 m1 < \\r\\nQuectel\\r\\nBG96\\r\\n\\r\\nOK\\r\\n",
                "23:59:59.900000 m1 > AT\\r\\n",
                "00:00:01.000000 m1 > AT\\r\\n",
                "");
        assertThat(TraceTranscript.modems(trace)).containsExactly("m1", "m2");
        assertThat(TraceTranscript.convert(trace, "m2", Map.of())).endsWith("> AT\n< OK\n");
        assertThat(TraceTranscript.convert(trace, null, Map.of()))
                .endsWith("> ATI\n< Quectel\n< BG96\n< OK\nwait 50399699ms\n> AT\nwait 1100ms\n> AT\n");
    }
}
