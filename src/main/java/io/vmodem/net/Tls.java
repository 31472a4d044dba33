package io.vmodem.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the connections a modem opens: Netty's {@link SslHandler} over the JDK's TLS engine, set
 * up from {@link TlsSettings}. {@link ModemNetwork#connectTls} puts it on a socket the host opened;
 * a service that opens its own connection (MQTT, HTTPS) puts {@link #handler} first in its pipeline
 * and words {@link #failure} of the handshake. The JDK decides what is possible: protocols and
 * suites its security settings disable (SSL 3.0, TLS 1.0, 1.1, RC4, 3DES) fail the handshake, as
 * with a server that offers nothing better.
 */
public final class Tls {
    /** The pipeline name of the TLS handler. */
    public static final String HANDLER = "tls";

    /** A handshake that ran past its module's negotiation time. */
    static final class HandshakeTimeout extends SSLException {
        private static final long serialVersionUID = 1L;

        HandshakeTimeout() {
            super("the TLS handshake did not finish in time");
        }
    }

    /** Settings that cannot make a TLS client (the module's own key unreadable). */
    public static final class Unusable extends SSLException {
        private static final long serialVersionUID = 1L;
        private final TlsFailure failure;

        Unusable(TlsFailure failure, String message, Throwable cause) {
            super(message, cause);
            this.failure = failure;
        }

        public TlsFailure failure() {
            return failure;
        }
    }

    /**
     * The cipher suites the modules' manuals number, by their IANA code (the codes are IANA's; the
     * names are the standard ones the JDK uses).
     */
    private static final Map<Integer, String> SUITES = Map.ofEntries(
            Map.entry(0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
            Map.entry(0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
            Map.entry(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
            Map.entry(0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));

    /** The alerts a server sends when it will not have the module's certificate (or its absence). */
    private static final Set<String> REFUSAL_ALERTS = Set.of(
            "bad_certificate",
            "certificate_required",
            "unknown_ca",
            "certificate_unknown",
            "unsupported_certificate",
            "certificate_revoked",
            "certificate_expired",
            "access_denied");

    private Tls() {}

    /** The standard name of cipher suite {@code code} (IANA), or null for one no manual numbers. */
    public static String cipherSuite(int code) {
        return SUITES.get(code);
    }

    /** Makes a client context from {@code settings}; {@link Unusable} when its credentials are not. */
    static SslContext context(TlsSettings settings) throws Unusable {
        List<X509Certificate> anchors;
        try {
            anchors = Credentials.certificates(settings.trusted());
        } catch (GeneralSecurityException e) {
            // A CA file that holds no certificate trusts nobody.
            anchors = List.of();
        }
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(settings.protocols())
                .trustManager(
                        new ModuleTrust(settings.verifyServer(), anchors, settings.checkValidity(), settings.clock()));
        if (!settings.cipherSuites().isEmpty()) {
            List<String> supported = supportedSuites();
            List<String> offered =
                    settings.cipherSuites().stream().filter(supported::contains).toList();
            // None the JDK supports: offer one it disables, so the handshake fails as a module's would.
            b.ciphers(
                    offered.isEmpty() ? List.of("TLS_RSA_WITH_RC4_128_MD5") : offered,
                    IdentityCipherSuiteFilter.INSTANCE);
        }
        if (settings.presentsCertificate()) {
            try {
                List<X509Certificate> chain = Credentials.certificates(settings.clientCertificate());
                PrivateKey key = Credentials.privateKey(settings.clientKey());
                if (chain.isEmpty()) {
                    throw new GeneralSecurityException("the client certificate file holds no certificate");
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("module", key, none, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
                b.keyManager(kmf);
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new Unusable(TlsFailure.BAD_CREDENTIALS, "the client certificate or key cannot be used", e);
            }
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new Unusable(TlsFailure.OTHER, "no TLS client can be made of these settings", e);
        }
    }

    private static List<String> supportedSuites() {
        try {
            return Arrays.asList(
                    SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            return List.of();
        }
    }

    /**
     * A TLS handler for a connection to {@code host}:{@code port}, its timeout left to the caller
     * (the modem's time decides, {@link TlsSettings#handshakeTimeout}). With SNI off the handshake
     * names no server.
     */
    public static SslHandler handler(TlsSettings settings, ByteBufAllocator alloc, String host, int port)
            throws Unusable {
        return handler(context(settings), settings, alloc, host, port);
    }

    static SslHandler handler(SslContext context, TlsSettings settings, ByteBufAllocator alloc, String host, int port) {
        SSLEngine engine =
                settings.sni() && host != null ? context.newEngine(alloc, host, port) : context.newEngine(alloc);
        if (!settings.sni()) {
            SSLParameters p = engine.getSSLParameters();
            p.setServerNames(List.of());
            engine.setSSLParameters(p);
        }
        SslHandler h = new SslHandler(engine);
        h.setHandshakeTimeoutMillis(0); // the modem's own timer decides, in its time
        return h;
    }

    /** Why a handshake failed, from what it failed with. */
    public static TlsFailure failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Unusable u) {
                return u.failure();
            }
            if (t instanceof HandshakeTimeout || t instanceof SslHandshakeTimeoutException) {
                return TlsFailure.TIMEOUT;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TlsFailure.EXPIRED;
            }
            if (t instanceof ModuleTrust.Untrusted) {
                return TlsFailure.UNTRUSTED;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return TlsFailure.PEER_CLOSED;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("received fatal alert")) {
                String alert = m.substring(m.lastIndexOf(':') + 1).trim();
                if (REFUSAL_ALERTS.contains(alert)) {
                    return TlsFailure.REFUSED;
                }
                if (alert.equals("handshake_failure")
                        || alert.equals("protocol_version")
                        || alert.equals("insufficient_security")) {
                    return TlsFailure.NO_COMMON_PARAMETERS;
                }
            }
            if (m.contains("no appropriate protocol")
                    || m.contains("no negotiable cipher")
                    || m.contains("cipher suites")) {
                return TlsFailure.NO_COMMON_PARAMETERS;
            }
            if (m.contains("closed") || m.contains("terminated the handshake") || m.contains("reset")) {
                return TlsFailure.PEER_CLOSED;
            }
        }
        return TlsFailure.OTHER;
    }
}
