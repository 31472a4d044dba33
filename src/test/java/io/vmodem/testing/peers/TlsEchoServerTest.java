package io.vmodem.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.testing.peers.TestCertificates.Identity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The certificates are what they claim, and the TLS echo server accepts and refuses as told. */
class TlsEchoServerTest {
    private final TestCertificates certs = TestCertificates.get();

    /** A JDK client that trusts {@code ca}, checks the server's name and shows {@code own} if given. */
    private static SSLSocket connect(TlsEchoServer server, Identity ca, Identity own) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TestCertificates.trustStore(ca));
        KeyManagerFactory kmf = null;
        if (own != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(own.keyStore(), TestCertificates.PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.host(), server.port());
        SSLParameters p = socket.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(p);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String echo(SSLSocket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(text.length()), StandardCharsets.UTF_8);
    }

    @Test
    void theCertificatesAreWhatTheyClaim() throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate server = (X509Certificate)
                cf.generateCertificate(new ByteArrayInputStream(certs.server().certificatePemBytes()));
        server.verify(certs.ca().certificate().getPublicKey());
        server.checkValidity();
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("127.0.0.1", "localhost");
        assertThat(certs.ca().certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThatThrownBy(() -> certs.wrongCaServer()
                        .certificate()
                        .verify(certs.ca().certificate().getPublicKey()))
                .isInstanceOf(java.security.SignatureException.class);
        assertThatThrownBy(() -> certs.expiredServer().certificate().checkValidity())
                .isInstanceOf(CertificateExpiredException.class);
        certs.expiredServer().certificate().verify(certs.ca().certificate().getPublicKey());

        String keyPem = certs.client().keyPem();
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        String base64 = keyPem.replaceAll("-----[A-Z ]+-----|\\s", "");
        var key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertThat(key).isEqualTo(certs.client().key());
    }

    @Test
    void aClientThatTrustsTheCaGetsItsBytesBack() throws Exception {
        try (TlsEchoServer server = TlsEchoServer.serving(certs.server()).start();
                SSLSocket socket = connect(server, certs.ca(), null)) {
            assertThat(echo(socket, "hello over TLS")).isEqualTo("hello over TLS");
            assertThat(server.handshakes()).isEqualTo(1);
            assertThat(server.clientSubjects()).isEmpty();
        }
    }

    @Test
    void aServerFromTheWrongCaOrExpiredIsRefusedByTheClient() throws Exception {
        for (Identity wrong : new Identity[] {certs.wrongCaServer(), certs.expiredServer()}) {
            try (TlsEchoServer server = TlsEchoServer.serving(wrong).start();
                    SSLSocket socket = connect(server, certs.ca(), null)) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
                assertThat(server.awaitHandshakeFailure(Duration.ofSeconds(10))).isNotNull();
                assertThat(server.handshakes()).isZero();
            }
        }
    }

    @Test
    void mutualTlsTakesOnlyAClientFromTheCa() throws Exception {
        try (TlsEchoServer server = TlsEchoServer.serving(certs.server())
                .requireClient(certs.ca())
                .protocols("TLSv1.2")
                .start()) {
            try (SSLSocket socket = connect(server, certs.ca(), certs.client())) {
                assertThat(echo(socket, "mutual")).isEqualTo("mutual");
            }
            assertThat(server.clientSubjects()).singleElement().asString().contains("CN=vmodem client");
            for (Identity stranger : new Identity[] {null, certs.wrongCaClient()}) {
                try (SSLSocket socket = connect(server, certs.ca(), stranger)) {
                    assertThatThrownBy(() -> echo(socket, "x")).isInstanceOf(java.io.IOException.class);
                }
                assertThat(server.awaitHandshakeFailure(Duration.ofSeconds(10))).isNotNull();
            }
            assertThat(server.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void droppingTheClientsClosesTheirConnections() throws Exception {
        try (TlsEchoServer server = TlsEchoServer.serving(certs.server()).start();
                SSLSocket socket = connect(server, certs.ca(), null)) {
            assertThat(echo(socket, "before")).isEqualTo("before");
            server.dropClients();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
