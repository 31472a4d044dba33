package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.HttpPeers;
import io.vmodem.testing.Io;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
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

/** The SIM7600's HTTP(S) client against real HTTP and HTTPS servers on loopback. */
class Sim7600HttpTest {
    private HttpPeers peers;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new HttpPeers();
        modem = new ModemHarness(new Sim7600Dialect());
    }

    @AfterEach
    void stop() throws Exception {
        modem.close();
        peers.close();
    }

    private void useTestDns() {
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            for (int cid = 1; cid <= 2; cid++) {
                net.context(cid).dnsServers(List.of(peers.dns.address()));
            }
        });
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("sim7600/http");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        modem.boot();
        useTestDns();
        Map<String, String> vars = new HashMap<>();
        vars.put("HELLO_URL", peers.http.url("/hello"));
        vars.put("ECHO_URL", peers.http.url("/echo"));
        vars.put("CHUNKED_URL", peers.http.url("/chunked"));
        vars.put("REDIRECT_URL", peers.http.url("/redirect"));
        vars.put("REFUSED_URL", "http://127.0.0.1:" + Ports.refused() + "/");
        Map<String, Consumer<String>> actions = new HashMap<>();
        actions.put(
                "http.expect",
                text -> Io.run(() -> {
                    String[] p = text.split(" ", 4);
                    HttpTestServer.Request r = peers.http.awaitRequest(Duration.ofSeconds(10));
                    assertThat(r.method()).isEqualTo(p[0]);
                    assertThat(r.path()).isEqualTo(p[1]);
                    assertThat(r.headers().getFirst("Content-Type")).isEqualTo(p[2]);
                    assertThat(r.bodyText()).isEqualTo(p[3]);
                    assertThat(r.headers().getFirst("X-Device")).isEqualTo("42");
                    assertThat(r.headers().getFirst("X-Fw")).isEqualTo("1.0");
                }));
        actions.put(
                "http.expectBody",
                text -> Io.run(() -> {
                    // <method> <path> <Content-Type, or - for none> <body, \n for a line feed>
                    String[] p = text.split(" ", 4);
                    HttpTestServer.Request r = peers.http.awaitRequest(Duration.ofSeconds(10));
                    assertThat(r.method()).isEqualTo(p[0]);
                    assertThat(r.path()).isEqualTo(p[1]);
                    assertThat(r.headers().getFirst("Content-Type")).isEqualTo(p[2].equals("-") ? null : p[2]);
                    assertThat(r.bodyText()).isEqualTo(p.length > 3 ? p[3].replace("\\n", "\n") : "");
                }));
        Transcript.resource("/transcripts/sim7600/http/" + file).run(modem, vars, actions);
        assertThat(modem.faults()).isZero();
    }

    private void get(String url, String expect) {
        modem.send("AT+HTTPPARA=\"URL\",\"" + url + "\"").expectLine("OK");
        modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine(expect);
    }

    private void download(String name, String pem) {
        modem.send("AT+CCERTDOWN=\"" + name + "\"," + pem.length()).expectRaw("\r\n> ");
        modem.sendRaw(pem);
        modem.expectLine("OK");
    }

    private void readExpecting(String body) {
        modem.send("AT+HTTPREAD=0," + body.length()).expectLine("OK");
        modem.expectLine("+HTTPREAD: DATA," + body.length());
        assertThat(new String(modem.nextBytes(body.length()), StandardCharsets.ISO_8859_1))
                .isEqualTo(body);
        modem.expectLine("+HTTPREAD: 0");
    }

    @Test
    void httpsWithTheRightCaReadsTheBodyAndTheWrongCaIsAHandshakeFailure() {
        modem.bootQuiet();
        download("ca.pem", peers.certs.ca().certificatePem());
        modem.send("AT+CSSLCFG=\"authmode\",3,1").expectLine("OK");
        modem.send("AT+CSSLCFG=\"cacert\",3,\"ca.pem\"").expectLine("OK");
        modem.send("AT+HTTPINIT").expectLine("OK");
        modem.send("AT+HTTPPARA=\"SSLCFG\",3").expectLine("OK");
        get(peers.https.url("/hello"), "+HTTPACTION: 0,200,15");
        readExpecting(HttpTestServer.HELLO);
        get(peers.wrongCa.url("/hello"), "+HTTPACTION: 0,715,0");
        modem.send("AT+HTTPTERM").expectLine("OK");
        modem.expectSilence();
    }

    @Test
    void aHostNameResolvesThroughTheContextsServers() throws Exception {
        modem.bootQuiet();
        useTestDns();
        modem.send("AT+HTTPINIT").expectLine("OK");
        get("http://web.test:" + peers.http.port() + "/hello", "+HTTPACTION: 0,200,15");
        HttpTestServer.Request r = peers.http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.headers().getFirst("Host")).isEqualTo("web.test:" + peers.http.port());
        modem.expectSilence();
    }

    @Test
    void aContextDroppedWhileTheBodyIsComingIsANetworkError() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 100);
        modem.bootQuiet();
        modem.send("AT+HTTPINIT").expectLine("OK");
        modem.send("AT+HTTPPARA=\"URL\",\"" + peers.http.url("/slow") + "\"").expectLine("OK");
        modem.send("AT+HTTPACTION=0").expectLine("OK");
        body.release("0123456789".getBytes(StandardCharsets.US_ASCII));
        io.vmodem.testing.Await.until(
                "the ten bytes are in",
                () -> modem.onLoop(
                        () -> ((Sim7600Session) modem.session()).http().exchange.bodyLength() == 10));
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        assertThat(modem.nextLine()).isEqualTo("+HTTPACTION: 0,709,0");
        modem.drainQuietly();
        modem.send("AT+HTTPREAD=0,10").expectLine("ERROR");
    }

    @Test
    void aBodyThatStopsComingTimesOutAfterRecvto() {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 100);
        modem.bootQuiet();
        modem.send("AT+HTTPINIT").expectLine("OK");
        modem.send("AT+HTTPPARA=\"RECVTO\",5").expectLine("OK");
        modem.send("AT+HTTPPARA=\"URL\",\"" + peers.http.url("/slow") + "\"").expectLine("OK");
        modem.send("AT+HTTPACTION=0").expectLine("OK");
        body.release("0123456789".getBytes(StandardCharsets.US_ASCII));
        modem.expectLine("+HTTPACTION: 0,705,0");
        get(peers.http.url("/hello"), "+HTTPACTION: 0,200,15");
        readExpecting(HttpTestServer.HELLO);
        modem.expectSilence();
    }
}
