package io.vmodem.net;

/** The life of a socket, in the terms the modules' status commands use. */
public enum SocketState {
    /** Connecting (client) or about to listen (server). */
    OPENING,
    /** Connected (TCP), or bound (UDP). */
    CONNECTED,
    /** Listening for incoming connections. */
    LISTENING,
    /** The peer closed or the connection failed; unread data may remain. */
    CLOSING,
    /** Closed and released. */
    CLOSED
}
