package io.vmodem.testing.peers;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for the TLS tests, made with BouncyCastle when first asked for: a CA, a server
 * certificate for {@code 127.0.0.1} and {@code localhost} signed by it, a client certificate for
 * mutual TLS, an unrelated second CA (the "wrong CA": a module that trusts it rejects the server,
 * a server that trusts only it rejects the client) with a server and a client of its own, and an
 * expired server certificate from the right CA. Each is PEM text, as a host uploads it to a module
 * ({@link Identity#certificatePem}, {@link Identity#keyPem}), and a JDK {@link KeyStore} for the
 * servers ({@link Identity#keyStore}, {@link #trustStore}). Keys are EC P-256: quick to make.
 *
 * <p>The same set serves the whole test run ({@link #get}); the certificates are valid from a day
 * before the run to ten years after it, the expired one ended a year before.
 */
public final class TestCertificates {
    /** The password of every key store made here. */
    public static final char[] PASSWORD = "vmodem".toCharArray();

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static TestCertificates instance;

    private final Identity ca;
    private final Identity server;
    private final Identity client;
    private final Identity wrongCa;
    private final Identity wrongCaServer;
    private final Identity wrongCaClient;
    private final Identity expiredServer;

    /** A certificate with its private key and the chain up to (not including) its CA. */
    public record Identity(X509Certificate certificate, PrivateKey key) {
        /** The certificate as PEM text: what a host uploads as "cacert" or "clientcert". */
        public String certificatePem() {
            return pem(certificate);
        }

        /** The private key as PKCS#8 PEM text ({@code BEGIN PRIVATE KEY}): what a host uploads as "clientkey". */
        public String keyPem() {
            return pem(key);
        }

        public byte[] certificatePemBytes() {
            return certificatePem().getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] keyPemBytes() {
            return keyPem().getBytes(StandardCharsets.US_ASCII);
        }

        /** A key store holding this key and certificate under "key", with {@link #PASSWORD}. */
        public KeyStore keyStore() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, PASSWORD, new X509Certificate[] {certificate});
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(3650));
        ca = authority("vmodem test CA", from, until);
        server = leaf(ca, "127.0.0.1", true, from, until);
        client = leaf(ca, "vmodem client", false, from, until);
        wrongCa = authority("an unrelated CA", from, until);
        wrongCaServer = leaf(wrongCa, "127.0.0.1", true, from, until);
        wrongCaClient = leaf(wrongCa, "a stranger", false, from, until);
        expiredServer = leaf(ca, "127.0.0.1", true, now.minus(Duration.ofDays(730)), now.minus(Duration.ofDays(365)));
    }

    /** The set for this test run, made on first use. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                instance = new TestCertificates();
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot make the test certificates", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The CA that signs {@link #server}, {@link #client} and {@link #expiredServer}. */
    public Identity ca() {
        return ca;
    }

    /** The server's certificate for 127.0.0.1 and localhost, signed by {@link #ca}. */
    public Identity server() {
        return server;
    }

    /** A client certificate for mutual TLS, signed by {@link #ca}. */
    public Identity client() {
        return client;
    }

    /** A second CA that has nothing to do with {@link #ca}. */
    public Identity wrongCa() {
        return wrongCa;
    }

    /** A server certificate for 127.0.0.1 signed by {@link #wrongCa}: a module trusting {@link #ca} refuses it. */
    public Identity wrongCaServer() {
        return wrongCaServer;
    }

    /** A client certificate signed by {@link #wrongCa}: a server trusting {@link #ca} refuses it. */
    public Identity wrongCaClient() {
        return wrongCaClient;
    }

    /** A server certificate for 127.0.0.1 from {@link #ca} that expired a year ago. */
    public Identity expiredServer() {
        return expiredServer;
    }

    /** A trust store with the given CAs' certificates. */
    public static KeyStore trustStore(Identity... authorities) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < authorities.length; i++) {
                ks.setCertificateEntry("ca" + i, authorities[i].certificate());
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates as the servers' trust managers want them. */
    public static X509Certificate[] certificates(List<Identity> identities) {
        return identities.stream().map(Identity::certificate).toArray(X509Certificate[]::new);
    }

    // ---- making them ----

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static Identity authority(String name, Instant from, Instant until)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name + ",O=vmodem tests");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        subject, serial(), Date.from(from), Date.from(until), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new Identity(sign(b, keys.getPrivate()), keys.getPrivate());
    }

    private static Identity leaf(Identity issuer, String commonName, boolean server, Instant from, Instant until)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keyPair();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        issuer.certificate(),
                        serial(),
                        Date.from(from),
                        Date.from(until),
                        new X500Name("CN=" + commonName + ",O=vmodem tests"),
                        keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        ext.createAuthorityKeyIdentifier(issuer.certificate()));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
        }
        return new Identity(sign(b, issuer.key()), keys.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static String pem(Object o) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(
                    o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
