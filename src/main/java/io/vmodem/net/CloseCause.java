package io.vmodem.net;

/** Why a socket closed. */
public enum CloseCause {
    /** The modem's host asked for it. */
    LOCAL,
    /** The peer closed the connection (FIN). */
    PEER,
    /** The connection was reset or failed with an I/O error. */
    ERROR,
    /** Sent data was not acknowledged in time. */
    SEND_TIMEOUT,
    /** The PDP context went down. */
    CONTEXT_LOST
}
