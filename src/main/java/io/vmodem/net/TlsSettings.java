package io.vmodem.net;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a TLS client connection is made: what a module's SSL context says, with the files it names
 * already read. Module-neutral: the dialects and {@code modem/SslContext} turn their settings into
 * one of these; the network makes the handshake with it ({@link ModemNetwork#connectTls}, or {@link
 * Tls#handler} for a service that opens its own connection).
 *
 * @param protocols the JDK's names of the TLS versions offered ({@code TLSv1.2}, ...), not empty
 * @param cipherSuites the suites offered, by their standard names; empty: the provider's defaults
 * @param verifyServer whether the server's certificate must chain to one of {@code trusted}
 * @param trusted the CA certificates (PEM or DER), or null for none
 * @param clientCertificate the module's own certificate chain (PEM or DER), or null: none offered
 * @param clientKey the private key of {@code clientCertificate} (PEM or DER), or null
 * @param sni whether the host name is sent in the handshake (Server Name Indication)
 * @param checkValidity whether certificates must be valid at {@code clock}'s time
 * @param clock the module's clock, which validity is checked against
 * @param handshakeTimeout how long the handshake may take once connected, in the modem's time
 */
public record TlsSettings(
        List<String> protocols,
        List<String> cipherSuites,
        boolean verifyServer,
        byte[] trusted,
        byte[] clientCertificate,
        byte[] clientKey,
        boolean sni,
        boolean checkValidity,
        Supplier<Instant> clock,
        Duration handshakeTimeout) {

    public TlsSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS version to offer");
        }
        Objects.requireNonNull(clock);
        Objects.requireNonNull(handshakeTimeout);
    }

    /** Whether the module shows a certificate of its own when the server asks for one. */
    public boolean presentsCertificate() {
        return clientCertificate != null && clientKey != null;
    }
}
