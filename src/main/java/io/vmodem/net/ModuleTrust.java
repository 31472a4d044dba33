package io.vmodem.net;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a module judges the server's certificate: not at all (security level 0), or by its chain to
 * one of the CA certificates the host uploaded, each certificate valid at the module's own clock
 * unless the host said to ignore the time. Like the modules' TLS stacks, it does not compare the
 * certificate's names with the host name.
 */
final class ModuleTrust extends X509ExtendedTrustManager {
    /** The chain does not lead to a trusted CA. */
    static final class Untrusted extends CertificateException {
        private static final long serialVersionUID = 1L;

        Untrusted(String message) {
            super(message);
        }
    }

    private final boolean verify;
    private final List<X509Certificate> anchors;
    private final boolean checkValidity;
    private final Supplier<Instant> clock;

    ModuleTrust(boolean verify, List<X509Certificate> anchors, boolean checkValidity, Supplier<Instant> clock) {
        this.verify = verify;
        this.anchors = List.copyOf(anchors);
        this.checkValidity = checkValidity;
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!verify) {
            return;
        }
        if (chain == null || chain.length == 0) {
            throw new Untrusted("the server showed no certificate");
        }
        if (anchors.isEmpty()) {
            throw new Untrusted("no CA certificate to check the server's against");
        }
        Date at = Date.from(clock.get());
        X509Certificate cert = chain[0];
        for (int hops = 0; hops <= chain.length; hops++) {
            valid(cert, at);
            if (anchors.contains(cert)) {
                return; // the server showed a trusted certificate itself
            }
            X509Certificate anchor = issuer(cert, anchors);
            if (anchor != null) {
                valid(anchor, at);
                return;
            }
            X509Certificate next = issuer(cert, List.of(chain));
            if (next == null || next == cert || next.getBasicConstraints() < 0) {
                throw new Untrusted(
                        "no trusted CA issued " + cert.getSubjectX500Principal().getName());
            }
            cert = next;
        }
        throw new Untrusted("the server's chain does not end");
    }

    private void valid(X509Certificate cert, Date at) throws CertificateException {
        if (checkValidity) {
            cert.checkValidity(at); // CertificateExpiredException, CertificateNotYetValidException
        }
    }

    /** Which of {@code candidates} issued {@code cert}: its name and its signature agree. */
    private static X509Certificate issuer(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(c.getPublicKey());
                    return c;
                } catch (GeneralSecurityException e) {
                    // not this one
                }
            }
        }
        return null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a module is never a TLS server here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(X509Certificate[]::new);
    }
}
