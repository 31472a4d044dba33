package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.testing.HttpPeers;
import io.vmodem.testing.Io;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.testing.peers.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The BG96's HTTP(S) client against real HTTP and HTTPS servers on loopback. */
class Bg96HttpTest {
    private HttpPeers peers;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new HttpPeers();
        modem = new ModemHarness(
                new Bg96Dialect(),
                ModemSettings.defaults().withNet(NetSettings.defaults().withDnsPort(peers.dns.port())));
    }

    @AfterEach
    void stop() throws Exception {
        modem.close();
        peers.close();
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bg96/http");
    }

    /** The URLs the transcripts use, each with its length for AT+QHTTPURL. */
    static Map<String, String> variables(HttpTestServer server) throws java.io.IOException {
        Map<String, String> vars = new HashMap<>();
        url(vars, "HELLO", server.url("/hello"));
        url(vars, "ECHO", server.url("/echo"));
        url(vars, "CHUNKED", server.url("/chunked"));
        url(vars, "REDIRECT", server.url("/redirect"));
        url(vars, "REFUSED", "http://127.0.0.1:" + Ports.refused() + "/");
        return vars;
    }

    private static void url(Map<String, String> vars, String name, String url) {
        vars.put(name + "_URL", url);
        vars.put(name + "_URL_LEN", String.valueOf(url.length()));
    }

    /** {@code http.expect <method> <path> <content type> <body>}: the server got that request. */
    static Map<String, Consumer<String>> actions(HttpTestServer server) {
        Map<String, Consumer<String>> actions = new HashMap<>();
        actions.put(
                "http.expect",
                text -> Io.run(() -> {
                    String[] p = text.split(" ", 4);
                    HttpTestServer.Request r = server.awaitRequest(Duration.ofSeconds(10));
                    assertThat(r.method()).isEqualTo(p[0]);
                    assertThat(r.path()).isEqualTo(p[1]);
                    assertThat(r.headers().getFirst("Content-Type")).isEqualTo(p[2]);
                    assertThat(r.bodyText()).isEqualTo(p[3]);
                }));
        return actions;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        modem.boot();
        Transcript.resource("/transcripts/bg96/http/" + file).run(modem, variables(peers.http), actions(peers.http));
        assertThat(modem.faults()).isZero();
    }

    private void url(String url) {
        modem.send("AT+QHTTPURL=" + url.length() + ",10").expectLine("CONNECT");
        modem.sendRaw(url);
        modem.expectLine("OK");
    }

    private void upload(String name, String pem) {
        modem.send("AT+QFUPL=\"" + name + "\"," + pem.length()).expectLine("CONNECT");
        modem.sendRaw(pem);
        assertThat(modem.nextLine()).startsWith("+QFUPL: " + pem.length() + ",");
        modem.expectLine("OK");
    }

    private void readExpecting(String body) {
        modem.send("AT+QHTTPREAD=10").expectLine("CONNECT");
        assertThat(new String(modem.nextBytes(body.length()), StandardCharsets.ISO_8859_1))
                .isEqualTo(body);
        modem.expectLine("OK").expectLine("+QHTTPREAD: 0");
    }

    @Test
    void theDefaultRequestCarriesTheModulesHeadersAndAHostName() throws Exception {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIDNSCFG=1,\"" + peers.dns.host() + "\"").expectLine("OK");
        url("http://web.test:" + peers.http.port() + "/hello?x=1");
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
        HttpTestServer.Request r = peers.http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/hello?x=1");
        assertThat(r.headers().getFirst("Host")).isEqualTo("web.test:" + peers.http.port());
        assertThat(r.headers().getFirst("User-Agent")).isEqualTo("QUECTEL_MODULE");
        readExpecting(HttpTestServer.HELLO);
        modem.expectSilence();
    }

    @Test
    void withResponseHeaderOnTheReadStartsWithTheStatusLineAndHeaders() {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QHTTPCFG=\"responseheader\",1").expectLine("OK");
        url(peers.http.url("/hello"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
        modem.send("AT+QHTTPREAD=10").expectLine("CONNECT");
        assertThat(modem.nextLine()).isEqualTo("HTTP/1.1 200 OK");
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String line = modem.nextLine(); !line.equals("OK"); line = modem.nextLine()) {
            lines.add(line.toLowerCase(java.util.Locale.ROOT).strip());
        }
        assertThat(lines).contains("content-length: 15", "content-type: text/plain");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("hello, module!");
        modem.expectLine("+QHTTPREAD: 0");
        modem.expectSilence();
    }

    @Test
    void aCustomRequestHeaderGoesOutAsTheHostWroteIt() throws Exception {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QHTTPCFG=\"requestheader\",1").expectLine("OK");
        url(peers.http.url("/echo"));
        String request = "POST /echo HTTP/1.1\r\nHost: " + peers.http.host() + ":" + peers.http.port()
                + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
        modem.send("AT+QHTTPPOST=" + request.length() + ",10,10").expectLine("CONNECT");
        modem.sendRaw(request);
        modem.expectLine("OK").expectLine("+QHTTPPOST: 0,200,5");
        HttpTestServer.Request r = peers.http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.headers().getFirst("User-Agent")).isNull();
        assertThat(r.bodyText()).isEqualTo("hello");
        readExpecting("hello");
        modem.expectSilence();
    }

    @Test
    void httpsWithTheRightCaReadsTheBodyAndTheWrongCaIsASocketConnectError() {
        modem.bootQuiet();
        upload("ca.pem", peers.certs.ca().certificatePem());
        modem.send("AT+QSSLCFG=\"seclevel\",2,1").expectLine("OK");
        modem.send("AT+QSSLCFG=\"cacert\",2,\"ca.pem\"").expectLine("OK");
        modem.send("AT+QHTTPCFG=\"sslctxid\",2").expectLine("OK");
        modem.send("AT+QIACT=1").expectLine("OK");
        url(peers.https.url("/hello"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
        readExpecting(HttpTestServer.HELLO);
        url(peers.wrongCa.url("/hello"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 716");
        modem.expectSilence();
    }

    @Test
    void aContextDroppedWhileTheBodyIsComingEndsTheReadWithNetworkDeactivated() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 100);
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        url(peers.http.url("/slow"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,100");
        body.release("0123456789".getBytes(StandardCharsets.US_ASCII));
        io.vmodem.testing.Await.until(
                "the ten bytes are in",
                () -> modem.onLoop(
                        () -> ((Bg96Session) modem.session()).http().exchange.bodyLength() == 10));
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        modem.expectLine("+QIURC: \"pdpdeact\",1");
        modem.send("AT+QHTTPREAD=10").expectLine("CONNECT");
        assertThat(new String(modem.nextBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("0123456789");
        modem.expectLine("OK").expectLine("+QHTTPREAD: 709");
        modem.expectSilence();
    }

    @Test
    void aContextDroppedBeforeTheResponseIsTheGetsError() throws Exception {
        try (ControlledServer silent = new ControlledServer()) {
            modem.bootQuiet();
            modem.send("AT+QIACT=1").expectLine("OK");
            url("http://" + silent.host() + ":" + silent.port() + "/");
            modem.send("AT+QHTTPGET=10").expectLine("OK");
            silent.awaitClient().awaitReceived(4); // the request is out; no answer comes
            modem.onLoop(() -> {
                var net = modem.session().modem().network();
                net.dropContext(net.context(1));
            });
            // The request's connection ends with the context, before the module tells of the context.
            modem.expectLine("+QHTTPGET: 709");
            modem.expectLine("+QIURC: \"pdpdeact\",1");
            modem.expectSilence();
        }
    }

    @Test
    void waitTimeCountsBetweenPiecesSoASlowBodyStillComesWhole() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 30);
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        url(peers.http.url("/slow"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,30");
        // CONNECT at once: the body follows as it comes.
        modem.send("AT+QHTTPREAD=5").expectLine("CONNECT");
        long start = modem.time().nanoTime();
        for (String piece : List.of("0123456789", "abcdefghij")) {
            body.release(piece.getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(modem.nextBytes(10), StandardCharsets.ISO_8859_1))
                    .isEqualTo(piece);
            modem.advance(Duration.ofSeconds(4)); // less than <wait_time> between two pieces
            assertThat(modem.nextAvailable(1, 5)).as("no 722 yet").isEmpty();
        }
        body.release("ABCDEFGHIJ".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(modem.nextBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("ABCDEFGHIJ");
        modem.expectLine("OK").expectLine("+QHTTPREAD: 0");
        // 8 s of the modem's time in all, more than <wait_time>: it bounds the gaps, not the read.
        assertThat(Duration.ofNanos(modem.time().nanoTime() - start)).isGreaterThan(Duration.ofSeconds(5));
        modem.expectSilence();
    }

    @Test
    void aBodyThatStopsComingEndsTheReadAfterItsWaitTime() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 100);
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        url(peers.http.url("/slow"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,100");
        body.release("0123456789".getBytes(StandardCharsets.US_ASCII));
        modem.send("AT+QHTTPREAD=5").expectLine("CONNECT");
        assertThat(new String(modem.nextBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("0123456789");
        modem.expectLine("OK").expectLine("+QHTTPREAD: 722");
        // Another request may start: the one that stalled is over.
        url(peers.http.url("/hello"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,15");
        readExpecting(HttpTestServer.HELLO);
        modem.expectSilence();
    }

    @Test
    void aSecondRequestWhileOneIsUnderWayIsBusy() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 10);
        modem.bootQuiet();
        modem.send("AT+CMEE=1").expectLine("OK");
        modem.send("AT+QIACT=1").expectLine("OK");
        url(peers.http.url("/slow"));
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200,10");
        modem.send("AT+QHTTPGET=10").expectLine("+CME ERROR: 703");
        body.finish();
        readExpecting("..........");
        modem.expectSilence();
    }
}
