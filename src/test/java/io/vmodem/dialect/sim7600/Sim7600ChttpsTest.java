package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.HttpPeers;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.TlsPeers;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.testing.peers.Ports;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIM7600's raw HTTP(S) service (AT+CHTTPS*) against real HTTP and HTTPS servers on loopback. */
class Sim7600ChttpsTest {
    private HttpPeers peers;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new HttpPeers();
        modem = new ModemHarness(new Sim7600Dialect());
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        peers.close();
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("sim7600/chttps");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        modem.boot();
        Map<String, String> vars = new HashMap<>();
        vars.put("HTTP_HOST", peers.http.host());
        vars.put("HTTP_PORT", String.valueOf(peers.http.port()));
        vars.put("HTTPS_HOST", peers.https.host());
        vars.put("HTTPS_PORT", String.valueOf(peers.https.port()));
        vars.put("WRONG_CA_HOST", peers.wrongCa.host());
        vars.put("WRONG_CA_PORT", String.valueOf(peers.wrongCa.port()));
        vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
        TlsPeers.pem(vars, "CA", peers.certs.ca().certificatePem());
        Transcript.resource("/transcripts/sim7600/chttps/" + file).run(modem, vars, Map.of());
    }

    private void open(HttpTestServer server, int type) {
        modem.send("AT+CHTTPSSTART").expectLine("OK").expectLine("+CHTTPSSTART: 0");
        modem.send("AT+CHTTPSOPSE=\"" + server.host() + "\"," + server.port() + "," + type)
                .expectLine("OK")
                .expectLine("+CHTTPSOPSE: 0");
    }

    private void send(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        modem.send("AT+CHTTPSSEND=" + bytes.length).expectRaw("\r\n> ");
        modem.sendRaw(bytes);
        modem.expectLine("OK").expectLine("+CHTTPSSEND: 0");
    }

    /** A dropped context takes the connection and what it held (as it does every socket's). */
    @Test
    void aDroppedContextEndsTheSession() throws Exception {
        HttpTestServer.SlowBody body = peers.http.slow("/slow", 10);
        modem.bootQuiet();
        open(peers.http, 1);
        send("GET /slow HTTP/1.1\r\nHost: web.test\r\n\r\n");
        modem.expectLine("+CHTTPS: RECV EVENT");
        body.release("01234".getBytes(StandardCharsets.US_ASCII));
        modem.settle();
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        assertThat(List.of(modem.nextLine(), modem.nextLine()))
                .containsExactlyInAnyOrder("+CHTTPSNOTIFY: PEER CLOSED", "+CGEV: NW PDN DEACT 1");
        modem.send("AT+CHTTPSSEND=1").expectLine("ERROR");
        modem.send("AT+CHTTPSRECV?").expectLine("+CHTTPSRECV: LEN,0").expectLine("OK");
        modem.send("AT+CHTTPSRECV=10").expectLine("OK").expectLine("+CHTTPSRECV: 0");
        modem.send("AT+CHTTPSCLSE").expectLine("OK").expectLine("+CHTTPSCLSE: 0");
        modem.expectSilence();
    }

    @Test
    void theSessionAppearsInTheSnapshotAsATlsSocket() throws Exception {
        modem.bootQuiet();
        open(peers.https, 2);
        send("GET /hello HTTP/1.1\r\nHost: web.test\r\n\r\n");
        modem.expectLine("+CHTTPS: RECV EVENT");
        ModemSnapshot snap = modem.modem().snapshot().get(10, TimeUnit.SECONDS);
        assertThat(snap.sockets()).hasSize(1);
        ModemSnapshot.Socket s = snap.sockets().get(0);
        assertThat(s.type()).isEqualTo("CHTTPS SSL");
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.sent()).isEqualTo(39);
        modem.send("AT+CHTTPSCLSE").expectLine("OK").expectLine("+CHTTPSCLSE: 0");
        assertThat(modem.modem().snapshot().get(10, TimeUnit.SECONDS).sockets()).isEmpty();
        modem.expectSilence();
    }

    @Test
    void thePowerLostEndsTheServiceAndItsSession() {
        modem.bootQuiet();
        open(peers.https, 2);
        modem.onLoop(() -> modem.modem().power("off"));
        modem.onLoop(() -> modem.modem().power("on"));
        modem.advance(modem.session().modem().settings().bootDelay());
        modem.drainQuietly();
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.send("AT+CHTTPSRECV?").expectLine("+CHTTPSRECV: LEN,0").expectLine("OK");
        modem.send("AT+CHTTPSCLSE").expectLine("ERROR");
        modem.send("AT+CHTTPSSTOP").expectLine("ERROR");
        modem.send("AT+CHTTPSSTART").expectLine("OK").expectLine("+CHTTPSSTART: 0");
        modem.expectSilence();
    }
}
