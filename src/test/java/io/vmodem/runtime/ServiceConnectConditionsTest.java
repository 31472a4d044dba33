package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.TlsPeers;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.TestCertificates;
import io.vmodem.trace.TraceRing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connect conditions (connect-refused, connect-timeout) and the latency reach every service's
 * connection, not only the plain sockets': SSL clients, MQTT clients and HTTP requests open through
 * the one socket opener, and each module words the outcome in its own codes. The timeouts and the
 * slow handshake run in the modem's virtual time; the assertions are on that time, never on real
 * durations.
 */
class ServiceConnectConditionsTest {
    /** The modem's connect timeout (NetSettings' default): the connect-timeout condition fails an open then. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private TlsPeers tls;
    private MqttBroker broker;
    private HttpTestServer http;

    @BeforeEach
    void start() throws Exception {
        tls = new TlsPeers();
        broker = MqttBroker.plain().start();
        http = HttpTestServer.plain();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        broker.close();
        tls.close();
    }

    private static final AtomicLong SERIALS = new AtomicLong(17_000);

    /** A modem with its in-memory trace, as the runtime makes one. */
    private static ModemHarness modem(Dialect dialect) {
        return new ModemHarness(
                dialect, ModemSettings.defaults(), SERIALS.getAndIncrement(), new Fleet(FaultSetup.NONE, 200));
    }

    /** A step's {@code do:} as a scenario writes it: {@code {condition: connect-refused}}. */
    private static void fault(ModemHarness m, String step) {
        var injection = ScenarioReader.injection(step, "test");
        FaultEffects.check(injection);
        m.onLoop(() -> m.modem().faults().apply(injection));
    }

    /** The trace's net and fault lines, in order. */
    private static List<String> trace(ModemHarness m) {
        return m.onLoop(() -> m.modem().traceRing().since(0, 10_000).stream()
                .filter(l -> l.kind().equals("fault") || l.kind().equals("net"))
                .map(TraceRing.Line::text)
                .toList());
    }

    /** Nothing for the connect timeout less a second, then {@code line} at the connect timeout. */
    private static void atConnectTimeout(ModemHarness m, String line) {
        long from = m.time().nanoTime();
        m.expectSilenceFor(CONNECT_TIMEOUT.minusSeconds(1));
        m.expectLine(line);
        assertThat(Duration.ofNanos(m.time().nanoTime() - from))
                .isBetween(CONNECT_TIMEOUT, CONNECT_TIMEOUT.plusSeconds(2));
    }

    // ---- SSL clients ----

    @Test
    void bg96SslOpenIsRefusedAndTimesOutWithTheModulesCodes() {
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            fault(m, "{condition: connect-refused, port: " + tls.echo.port() + "}");
            m.send(qsslopen()).expectLine("OK").expectLine("+QSSLOPEN: 0,566");
            assertThat(tls.echo.handshakes()).isZero();
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout, host: \"" + tls.echo.host() + "\"}");
            m.send(qsslopen()).expectLine("OK");
            atConnectTimeout(m, "+QSSLOPEN: 0,569");
            fault(m, "{clear: connect-timeout}");
            m.send(qsslopen()).expectLine("OK").expectLine("+QSSLOPEN: 0,0");
            assertThat(tls.echo.handshakes()).isEqualTo(1);
            String port = String.valueOf(tls.echo.port());
            assertThat(trace(m))
                    .containsSubsequence(
                            "condition connect-refused port " + port,
                            "socket 1 opening TLS " + tls.echo.host() + ":" + port + " in context 1",
                            "socket 1 connect to " + tls.echo.host() + ":" + port + " refused (connect-refused)",
                            "condition connect-timeout host " + tls.echo.host(),
                            "socket 2 connect to " + tls.echo.host() + ":" + port + " not answered (connect-timeout)",
                            "socket 2 failed: timeout");
            m.expectSilence();
        }
    }

    private String qsslopen() {
        return "AT+QSSLOPEN=1,0,0,\"" + tls.echo.host() + "\"," + tls.echo.port() + ",0";
    }

    @Test
    void sim7600CchOpenIsRefusedAndTimesOutWithTheModulesCodes() {
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+CCHSTART").expectLine("OK").expectLine("+CCHSTART: 0");
            fault(m, "{condition: connect-refused}");
            // 14: connect socket error; 5: operation timeout (SIM7600 SSL manual, <err> codes)
            m.send(cchopen()).expectLine("OK").expectLine("+CCHOPEN: 0,14");
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout}");
            m.send(cchopen()).expectLine("OK");
            atConnectTimeout(m, "+CCHOPEN: 0,5");
            fault(m, "{clear: connect-timeout}");
            m.send(cchopen()).expectLine("OK").expectLine("+CCHOPEN: 0,0");
            assertThat(tls.echo.handshakes()).isEqualTo(1);
            m.expectSilence();
        }
    }

    private String cchopen() {
        return "AT+CCHOPEN=0,\"" + tls.echo.host() + "\"," + tls.echo.port() + ",2";
    }

    // ---- a slow network makes a slow handshake ----

    @Test
    void latencySlowsTheTlsHandshakeInTheModulesTime() {
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            long quick = timeToOpen(m);
            m.send("AT+QSSLCLOSE=0").expectLine("OK");
            // 400 ms each way: a TLS 1.2 handshake crosses the path at least four times.
            fault(m, "{condition: latency, ms: 400, direction: both}");
            long slow = timeToOpen(m);
            assertThat(Duration.ofNanos(slow - quick)).isGreaterThanOrEqualTo(Duration.ofMillis(1600));
            m.send("AT+QSSLCLOSE=0").expectLine("OK");
            // Slower than the negotiation time allows: the handshake times out (569).
            fault(m, "{condition: latency, ms: 4000, direction: both}");
            m.send("AT+QSSLCFG=\"negotiatetime\",0,10").expectLine("OK");
            m.send(qsslopen()).expectLine("OK").expectLine("+QSSLOPEN: 0,569");
            fault(m, "{clear: latency}");
            m.send(qsslopen()).expectLine("OK").expectLine("+QSSLOPEN: 0,0");
            m.expectSilence();
        }
    }

    @Test
    void sim7600HandshakeSlowerThanItsNegotiationTimeFails() {
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+CCHSTART").expectLine("OK").expectLine("+CCHSTART: 0");
            m.send("AT+CSSLCFG=\"negotiatetime\",0,10").expectLine("OK");
            fault(m, "{condition: latency, ms: 4000, direction: both}");
            m.send(cchopen()).expectLine("OK");
            long from = m.time().nanoTime();
            m.expectLine("+CCHOPEN: 0,5");
            // The negotiation's 10 s: the handshake's records take 8 s a round trip.
            assertThat(Duration.ofNanos(m.time().nanoTime() - from)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            fault(m, "{clear: latency}");
            m.send(cchopen()).expectLine("OK").expectLine("+CCHOPEN: 0,0");
            m.expectSilence();
        }
    }

    /** The modem's time from AT+QSSLOPEN's OK to its +QSSLOPEN: 0,0. */
    private long timeToOpen(ModemHarness m) {
        m.send(qsslopen()).expectLine("OK");
        long from = m.time().nanoTime();
        m.expectLine("+QSSLOPEN: 0,0");
        return m.time().nanoTime() - from;
    }

    // ---- MQTT clients ----

    @Test
    void bg96MqttOpenIsRefusedAndTimesOut() {
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            fault(m, "{condition: connect-refused, port: " + broker.port() + "}");
            m.send(qmtopen()).expectLine("OK").expectLine("+QMTOPEN: 0,-1");
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout}");
            m.send(qmtopen()).expectLine("OK");
            atConnectTimeout(m, "+QMTOPEN: 0,-1");
            fault(m, "{clear: connect-timeout}");
            m.send(qmtopen()).expectLine("OK").expectLine("+QMTOPEN: 0,0");
            m.expectSilence();
        }
    }

    private String qmtopen() {
        return "AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port();
    }

    @Test
    void sim7600MqttConnectIsRefusedAndTimesOut() throws Exception {
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+CMQTTSTART").expectLine("OK").expectLine("+CMQTTSTART: 0");
            m.send("AT+CMQTTACCQ=0,\"refused\"").expectLine("OK");
            fault(m, "{condition: connect-refused, host: \"" + broker.host() + "\"}");
            m.send(cmqttconnect()).expectLine("OK").expectLine("+CMQTTCONNECT: 0,3"); // sock connect fail
            fault(m, "{clear: connect-refused}");
            m.send(cmqttconnect()).expectLine("OK").expectLine("+CMQTTCONNECT: 0,0");
            assertThat(broker.awaitConnected(Duration.ofSeconds(10))).isEqualTo("refused");
            m.expectSilence();
        }
    }

    private String cmqttconnect() {
        return "AT+CMQTTCONNECT=0,\"tcp://" + broker.host() + ":" + broker.port() + "\",60,1";
    }

    // ---- HTTP requests ----

    @Test
    void bg96HttpGetIsRefusedAndTimesOut() {
        String url = http.url("/hello");
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QHTTPURL=" + url.length() + ",80").expectLine("CONNECT");
            m.sendRaw(url).expectLine("OK");
            // Picked by its port: an HTTP request's connection has no connect ID of its own.
            fault(m, "{condition: connect-refused, port: " + http.port() + "}");
            m.send("AT+QHTTPGET=80").expectLine("OK").expectLine("+QHTTPGET: 716");
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout, host: \"" + http.host() + "\"}");
            m.send("AT+QHTTPGET=80").expectLine("OK");
            atConnectTimeout(m, "+QHTTPGET: 702");
            fault(m, "{clear: connect-timeout}");
            m.send("AT+QHTTPGET=80").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
            m.expectSilence();
        }
    }

    @Test
    void bg96HttpsGetIsRefusedAndTimesOutAsPlainHttpIs() throws Exception {
        try (HttpTestServer https = HttpTestServer.https(TestCertificates.get().server());
                ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            String url = https.url("/hello");
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QHTTPURL=" + url.length() + ",80").expectLine("CONNECT");
            m.sendRaw(url).expectLine("OK");
            fault(m, "{condition: connect-refused, port: " + https.port() + "}");
            m.send("AT+QHTTPGET=80").expectLine("OK").expectLine("+QHTTPGET: 716");
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout}");
            m.send("AT+QHTTPGET=80").expectLine("OK");
            atConnectTimeout(m, "+QHTTPGET: 702");
            fault(m, "{clear: connect-timeout}");
            m.send("AT+QHTTPGET=80").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
            m.expectSilence();
        }
    }

    @Test
    void sim7600HttpActionIsRefusedAndTimesOut() {
        String url = http.url("/hello");
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+HTTPINIT").expectLine("OK");
            m.send("AT+HTTPPARA=\"URL\",\"" + url + "\"").expectLine("OK");
            fault(m, "{condition: connect-refused, host: \"" + http.host() + "\", port: " + http.port() + "}");
            m.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,714,0");
            fault(m, "{clear: connect-refused}");
            fault(m, "{condition: connect-timeout}");
            m.send("AT+HTTPACTION=0").expectLine("OK");
            atConnectTimeout(m, "+HTTPACTION: 0,705,0"); // timeout
            fault(m, "{clear: connect-timeout}");
            m.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,200,15");
            m.expectSilence();
        }
    }

    // ---- faults on the data path reach a service's connection too ----

    @Test
    void bg96PeerResetUnderAnHttpBodyEndsTheReadWithWhatCameBefore() {
        HttpTestServer.SlowBody body = http.slow("/slow", 100);
        String url = http.url("/slow");
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QHTTPURL=" + url.length() + ",80").expectLine("CONNECT");
            m.sendRaw(url).expectLine("OK");
            m.send("AT+QHTTPGET=80").expectLine("OK").expectLine("+QHTTPGET: 0,200,100");
            body.release("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            m.settle();
            // No connect ID to name: picked by its destination's port.
            fault(m, "{fault: peer-reset, port: " + http.port() + "}");
            m.send("AT+QHTTPREAD=80").expectLine("CONNECT");
            assertThat(new String(m.nextBytes(10), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("0123456789");
            m.expectLine("OK").expectLine("+QHTTPREAD: 719");
            m.expectSilence();
        } finally {
            body.abort();
        }
    }
}
