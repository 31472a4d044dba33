package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.TlsPeers;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.DnsServer;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIM7600's SSL client service against real TLS servers on loopback. */
class Sim7600SslTest {
    private TlsPeers peers;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new TlsPeers();
        modem = new ModemHarness(new Sim7600Dialect());
    }

    @AfterEach
    void stop() throws Exception {
        modem.close();
        peers.close();
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("sim7600/ssl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) {
        modem.boot();
        Transcript.resource("/transcripts/sim7600/ssl/" + file).run(modem, peers.variables(), peers.actions());
        assertThat(modem.faults()).isZero();
    }

    private void startService() {
        modem.bootQuiet();
        modem.send("AT+CCHSTART").expectLine("OK").expectLine("+CCHSTART: 0");
        modem.send("AT+CCHOPEN=0,\"" + peers.echo.host() + "\"," + peers.echo.port() + ",2")
                .expectLine("OK")
                .expectLine("+CCHOPEN: 0,0");
    }

    @Test
    void aDroppedContextEndsTheSession() {
        startService();
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        assertThat(java.util.List.of(modem.nextLine(), modem.nextLine()))
                .containsExactlyInAnyOrder("+CCH_RECV_CLOSED: 0,9", "+CGEV: NW PDN DEACT 1");
        modem.send("AT+CCHSEND=0,1").expectLine("ERROR");
        modem.expectSilence();
    }

    @Test
    void sessionsAppearInTheSnapshotAsTlsSockets() throws Exception {
        startService();
        modem.send("AT+CCHSEND=0,4").expectPrompt();
        modem.sendRaw("ping");
        modem.expectLine("OK").expectLine("+CCHRECV: DATA,0,4").expectRaw("ping");
        ModemSnapshot snap = modem.modem().snapshot().get(10, TimeUnit.SECONDS);
        assertThat(snap.sockets()).hasSize(1);
        ModemSnapshot.Socket s = snap.sockets().get(0);
        assertThat(s.type()).isEqualTo("CCH SSL");
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.sent()).isEqualTo(4);
        assertThat(s.read()).isEqualTo(4);
        modem.expectSilence();
    }

    @Test
    void theTlsVersionAndSniAreThoseOfTheSessionsContext() throws Exception {
        modem.bootQuiet();
        modem.send("AT+CSSLCFG=\"sslversion\",3,2").expectLine("OK"); // TLS 1.1: this JDK refuses it
        modem.send("AT+CSSLCFG=\"enableSNI\",4,1").expectLine("OK");
        modem.send("AT+CCHSTART").expectLine("OK").expectLine("+CCHSTART: 0");
        modem.send("AT+CCHSSLCFG=0,3").expectLine("OK");
        modem.send("AT+CCHOPEN=0,\"" + peers.echo.host() + "\"," + peers.echo.port())
                .expectLine("OK")
                .expectLine("+CCHOPEN: 0,15");
        modem.send("AT+CCHSSLCFG=0,4").expectLine("OK");
        // The JDK names only dotted hosts in SNI: a name the test's DNS server answers.
        try (DnsServer dns = new DnsServer().add("tls.test", peers.echo.host())) {
            modem.onLoop(
                    () -> modem.session().modem().network().context(1).dnsServers(java.util.List.of(dns.address())));
            modem.send("AT+CCHOPEN=0,\"tls.test\"," + peers.echo.port())
                    .expectLine("OK")
                    .expectLine("+CCHOPEN: 0,0");
        }
        assertThat(peers.echo.serverNames()).containsExactly("tls.test");
        modem.expectSilence();
    }
}
