package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.TlsPeers;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.DnsServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The BG96's SSL clients against real TLS servers on loopback, with certificates made for the run. */
class Bg96SslTest {
    private TlsPeers peers;
    private DnsServer dns;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new TlsPeers();
        dns = new DnsServer().add("tls.test", peers.echo.host());
        modem = new ModemHarness(
                new Bg96Dialect(),
                ModemSettings.defaults().withNet(NetSettings.defaults().withDnsPort(dns.port())));
    }

    @AfterEach
    void stop() throws Exception {
        modem.close();
        dns.close();
        peers.close();
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bg96/ssl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) {
        modem.boot();
        Transcript.resource("/transcripts/bg96/ssl/" + file).run(modem, peers.variables(), peers.actions());
        assertThat(modem.faults()).isZero();
    }

    private void open(int ctx, String host, int port, String expect) {
        modem.send("AT+QSSLOPEN=1," + ctx + ",0,\"" + host + "\"," + port + ",0")
                .expectLine("OK")
                .expectLine(expect);
    }

    private void upload(String name, String pem) {
        modem.send("AT+QFUPL=\"" + name + "\"," + pem.length()).expectLine("CONNECT");
        modem.sendRaw(pem);
        assertThat(modem.nextLine()).startsWith("+QFUPL: " + pem.length() + ",");
        modem.expectLine("OK");
    }

    @Test
    void theServerSeesTheWrongCaRefusedAndTheModuleReportsIt() throws Exception {
        modem.bootQuiet();
        upload("ca.pem", peers.certs.ca().certificatePem());
        modem.send("AT+QSSLCFG=\"seclevel\",1,1").expectLine("OK");
        modem.send("AT+QSSLCFG=\"cacert\",1,\"ca.pem\"").expectLine("OK");
        modem.send("AT+QIACT=1").expectLine("OK");
        open(1, peers.wrongCa.host(), peers.wrongCa.port(), "+QSSLOPEN: 0,566");
        assertThat(peers.wrongCa.awaitHandshakeFailure(Duration.ofSeconds(10))).isNotNull();
        assertThat(peers.wrongCa.handshakes()).isZero();
        open(1, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0");
        assertThat(peers.echo.handshakes()).isEqualTo(1);
        modem.expectSilence();
    }

    @Test
    void validityIsCheckedAtTheModulesClockWhichAtCclkSets() {
        modem.bootQuiet();
        upload("ca.pem", peers.certs.ca().certificatePem());
        modem.send("AT+QSSLCFG=\"seclevel\",1,1").expectLine("OK");
        modem.send("AT+QSSLCFG=\"cacert\",1,\"ca.pem\"").expectLine("OK");
        modem.send("AT+QSSLCFG=\"ignorelocaltime\",1,0").expectLine("OK");
        modem.send("AT+QIACT=1").expectLine("OK");
        open(1, peers.expired.host(), peers.expired.port(), "+QSSLOPEN: 0,566");
        // The modem's clock set back into the expired certificate's life: it is valid then, and the
        // CA is not yet valid, so the module refuses it still; a year and a half ago the leaf lived.
        java.time.Instant inLeafLife = peers.certs
                .expiredServer()
                .certificate()
                .getNotBefore()
                .toInstant()
                .plus(Duration.ofDays(10));
        modem.onLoop(() -> modem.session().modem().clock().set(inLeafLife, 0));
        open(1, peers.expired.host(), peers.expired.port(), "+QSSLOPEN: 0,566");
        // A server certificate valid now, with the clock set ten years ahead: expired by then.
        modem.onLoop(() ->
                modem.session().modem().clock().set(java.time.Instant.now().plus(Duration.ofDays(3700)), 0));
        open(1, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,566");
        modem.send("AT+CCLK=\"" + clock(java.time.Instant.now()) + "\"").expectLine("OK");
        open(1, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0");
        modem.expectSilence();
    }

    private static String clock(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yy/MM/dd,HH:mm:ss")
                        .format(java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC))
                + "+00";
    }

    @Test
    void mutualAuthenticationShowsTheUploadedClientCertificate() throws Exception {
        modem.bootQuiet();
        upload("ca.pem", peers.certs.ca().certificatePem());
        upload("c.pem", peers.certs.client().certificatePem());
        upload("c.key", peers.certs.client().keyPem());
        modem.send("AT+QSSLCFG=\"seclevel\",3,2").expectLine("OK");
        modem.send("AT+QSSLCFG=\"cacert\",3,\"ca.pem\"").expectLine("OK");
        modem.send("AT+QIACT=1").expectLine("OK");
        open(3, peers.mutual.host(), peers.mutual.port(), "+QSSLOPEN: 0,566");
        assertThat(peers.mutual.awaitHandshakeFailure(Duration.ofSeconds(10))).isNotNull();
        modem.send("AT+QSSLCFG=\"clientcert\",3,\"c.pem\"").expectLine("OK");
        modem.send("AT+QSSLCFG=\"clientkey\",3,\"c.key\"").expectLine("OK");
        open(3, peers.mutual.host(), peers.mutual.port(), "+QSSLOPEN: 0,0");
        assertThat(peers.mutual.clientSubjects()).hasSize(1);
        assertThat(peers.mutual.clientSubjects().get(0)).contains("CN=vmodem client");
        modem.expectSilence();
    }

    @Test
    void sniNamesTheHostOnlyWhenAsked() {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIDNSCFG=1,\"" + dns.host() + "\"").expectLine("OK");
        open(0, "tls.test", peers.echo.port(), "+QSSLOPEN: 0,0");
        modem.send("AT+QSSLCLOSE=0").expectLine("OK");
        modem.send("AT+QSSLCFG=\"sni\",0,1").expectLine("OK");
        open(0, "tls.test", peers.echo.port(), "+QSSLOPEN: 0,0");
        assertThat(peers.echo.serverNames()).containsExactly("", "tls.test");
        modem.expectSilence();
    }

    @Test
    void aCipherSuiteTheServerCannotUseFailsTheHandshake() {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        // The test server's key is EC: an RSA-only suite leaves nothing in common.
        modem.send("AT+QSSLCFG=\"ciphersuite\",0,0X0035").expectLine("OK");
        open(0, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,566");
        modem.send("AT+QSSLCFG=\"ciphersuite\",0,0XFFFF").expectLine("OK");
        modem.send("AT+QSSLCFG=\"sslversion\",0,3").expectLine("OK");
        open(0, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0");
        modem.expectSilence();
    }

    @Test
    void aDroppedContextEndsTheSessionWithTheModulesWords() {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        open(0, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0");
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        String a = modem.nextLine();
        String b = modem.nextLine();
        assertThat(java.util.List.of(a, b))
                .containsExactlyInAnyOrder("+QSSLURC: \"closed\",0", "+QIURC: \"pdpdeact\",1");
        modem.send("AT+QSSLSEND=0,1").expectLine("ERROR");
        modem.send("AT+QSSLCLOSE=0").expectLine("OK");
        modem.expectSilence();
    }

    @Test
    void tlsSocketsAppearInTheSnapshotAndTheTrace() throws Exception {
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        open(0, peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0");
        modem.send("AT+QSSLSEND=0,3").expectPrompt();
        modem.sendRaw("abc");
        modem.expectLine("SEND OK").expectLine("+QSSLURC: \"recv\",0");
        ModemSnapshot snap = modem.modem().snapshot().get(10, TimeUnit.SECONDS);
        assertThat(snap.sockets()).hasSize(1);
        ModemSnapshot.Socket s = snap.sockets().get(0);
        assertThat(s.type()).isEqualTo("SSLClient");
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.remote()).isEqualTo(peers.echo.host() + ":" + peers.echo.port());
        assertThat(s.sent()).isEqualTo(3);
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.unread()).isEqualTo(3);
        var net = modem.onLoop(() -> modem.session().modem().network().sockets().get(0));
        assertThat(net.describe()).startsWith("TLS ");
        assertThat(((io.vmodem.net.TcpConnection) net).tlsProtocol()).isEqualTo("TLSv1.2");
        modem.expectSilence();
    }
}
