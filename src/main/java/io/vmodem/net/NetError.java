package io.vmodem.net;

/** Why a network operation failed, in network terms; each dialect maps these to its own codes. */
public enum NetError {
    /** The PDP context is not active. */
    CONTEXT_INACTIVE,
    /** The network refused to activate the context. */
    ACTIVATION_FAILED,
    /** Too many contexts active at once. */
    TOO_MANY_CONTEXTS,
    /** The host name did not resolve. */
    DNS_FAILED,
    /** The peer refused the connection or was unreachable. */
    CONNECT_FAILED,
    /** The operation did not complete in time. */
    TIMEOUT,
    /** The local address or port is taken. */
    BIND_FAILED,
    /** The host forbids it (no ICMP socket for ping). */
    NOT_ALLOWED,
    /** The destination policy (--allow, --deny) forbids the destination. */
    DENIED,
    /** The socket is closed or not connected. */
    NOT_CONNECTED,
    /** The socket's send buffer is full; try again later. */
    BUFFER_FULL,
    /** The module's stack failed to take the data of a send (the send-fail fault); nothing went. */
    SEND_FAILED,
    /** The TLS handshake failed; the connection says why ({@link TcpConnection#handshakeFailure()}). */
    HANDSHAKE_FAILED,
    /** Any other I/O failure. */
    IO_FAILED
}
