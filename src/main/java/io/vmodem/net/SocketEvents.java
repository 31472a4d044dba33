package io.vmodem.net;

/**
 * What happens to a socket, reported on the modem's thread to whoever opened it (the dialect,
 * which words it as its URCs).
 */
public interface SocketEvents {
    /** Ignores everything: a placeholder until the real handler is known. */
    SocketEvents NONE = new SocketEvents() {};

    /** The socket is connected (client), bound (UDP) or listening (server). */
    default void opened(NetSocket socket) {}

    /** Opening failed; the socket is closed. */
    default void openFailed(NetSocket socket, NetError error) {}

    /** New data was added to the receive buffer. */
    default void readable(NetSocket socket) {}

    /**
     * How many received bytes {@link #readable} would take out of the buffer at once (push mode,
     * the host's link free to take them): the socket may read that much more than its buffer's
     * room, since those bytes leave it in the same call. 0: none for sure.
     */
    default int takesAtOnce(NetSocket socket) {
        return 0;
    }

    /** The connection ended without the host asking (peer close, reset, context loss). */
    default void closedByNetwork(NetSocket socket, CloseCause cause) {}

    /** The socket can take more data to send after it was full. */
    default void writable(NetSocket socket) {}

    /**
     * A client connected to a listener. Return the events for the new connection, or null to refuse
     * it (no free connect ID).
     */
    default SocketEvents incoming(TcpListener listener, TcpConnection connection) {
        return null;
    }
}
