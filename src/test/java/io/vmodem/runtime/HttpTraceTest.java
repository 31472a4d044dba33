package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.testing.peers.Ports;
import io.vmodem.trace.TraceRing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP(S) request appears in the trace as an MQTT session does: a line as it starts, naming its
 * method and URL, and one with its outcome (the status and the body's length, or the failure),
 * whichever module's commands made it.
 */
class HttpTraceTest {
    private static final AtomicLong SERIALS = new AtomicLong(9700);

    private HttpTestServer http;

    @BeforeEach
    void start() throws Exception {
        http = HttpTestServer.plain();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private static ModemHarness modem(Dialect dialect) {
        return new ModemHarness(
                dialect, ModemSettings.defaults(), SERIALS.getAndIncrement(), new Fleet(FaultSetup.NONE, 200));
    }

    private static List<String> httpTrace(ModemHarness m) {
        return m.onLoop(() -> m.modem().traceRing().since(0, 10_000).stream()
                .filter(l -> l.kind().equals("net") && l.text().startsWith("http "))
                .map(TraceRing.Line::text)
                .toList());
    }

    private static void bg96Url(ModemHarness m, String url) {
        m.send("AT+QHTTPURL=" + url.length() + ",10").expectLine("CONNECT");
        m.sendRaw(url);
        m.expectLine("OK");
    }

    @Test
    void bg96() throws Exception {
        String hello = http.url("/hello");
        String refused = "http://127.0.0.1:" + Ports.refused() + "/";
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            bg96Url(m, hello);
            m.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
            // the body read to its end: the request is over, and the next may start
            m.send("AT+QHTTPREAD=10").expectLine("CONNECT");
            assertThat(new String(m.nextBytes(15), StandardCharsets.ISO_8859_1)).isEqualTo(HttpTestServer.HELLO);
            m.expectLine("OK").expectLine("+QHTTPREAD: 0");
            bg96Url(m, refused);
            m.send("AT+QHTTPGET=10").expectLine("OK");
            m.expectLine("+QHTTPGET: 716"); // a socket connect error (chapter 4)
            assertThat(httpTrace(m))
                    .containsExactly(
                            "http GET " + hello + " started",
                            "http GET " + hello + " 200, 15 bytes",
                            "http GET " + refused + " started",
                            "http GET " + refused + " failed: connect failed");
            m.expectSilence();
            assertThat(m.faults()).isZero();
        }
    }

    @Test
    void sim7600() throws Exception {
        String echo = http.url("/echo");
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+HTTPINIT").expectLine("OK");
            m.send("AT+HTTPPARA=\"URL\",\"" + echo + "\"").expectLine("OK");
            m.send("AT+HTTPDATA=5,10").expectLine("DOWNLOAD");
            m.sendRaw("hello");
            m.expectLine("OK");
            m.send("AT+HTTPACTION=1").expectLine("OK").expectLine("+HTTPACTION: 1,200,5");
            String missing = http.url("/missing");
            m.send("AT+HTTPPARA=\"URL\",\"" + missing + "\"").expectLine("OK");
            m.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,404,10");
            assertThat(httpTrace(m))
                    .containsExactly(
                            "http POST " + echo + " started",
                            "http POST " + echo + " 200, 5 bytes",
                            "http GET " + missing + " started",
                            "http GET " + missing + " 404, 10 bytes");
            m.expectSilence();
            assertThat(m.faults()).isZero();
        }
    }
}
