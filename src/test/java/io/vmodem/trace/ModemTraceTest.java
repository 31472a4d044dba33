package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.StringWriter;
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
}
