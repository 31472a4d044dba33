package io.vmodem.net;

/**
 * Why a TLS handshake failed, in network terms; each dialect maps these to its module's codes.
 * {@link Tls#failure} tells them apart from what the JDK's TLS engine reports.
 */
public enum TlsFailure {
    /** The server's certificate does not chain to a trusted CA (or no CA was given). */
    UNTRUSTED,
    /** A certificate is not valid at the module's time (expired, or not yet valid). */
    EXPIRED,
    /** The server refused the module: no client certificate, or one it does not trust. */
    REFUSED,
    /** No TLS version or cipher suite both sides accept. */
    NO_COMMON_PARAMETERS,
    /** The server closed the connection during the handshake. */
    PEER_CLOSED,
    /** The handshake did not finish within the module's negotiation time. */
    TIMEOUT,
    /** The module's own certificate or key cannot be read. */
    BAD_CREDENTIALS,
    /** Anything else that ended the handshake. */
    OTHER
}
