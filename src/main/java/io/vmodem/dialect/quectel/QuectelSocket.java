package io.vmodem.dialect.quectel;

import io.vmodem.at.Deferred;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;

/**
 * One connect ID of a Quectel module: what the shared socket commands see of it. A dialect's socket
 * words its events; the network socket under it does the work.
 */
public abstract class QuectelSocket implements SocketEvents {
    /** {@code <connectID>}. */
    protected final int id;
    /** {@code <contextID>} it was opened in. */
    protected final int contextId;
    /** The network socket that serves it; null before AT+QIOPEN started it. */
    protected NetSocket net;

    protected QuectelSocket(int id, int contextId) {
        this.id = id;
        this.contextId = contextId;
    }

    public final int id() {
        return id;
    }

    public final int contextId() {
        return contextId;
    }

    public final NetSocket net() {
        return net;
    }

    /** Received bytes the host has not read yet. */
    public final int unread() {
        return net == null ? 0 : net.unread();
    }

    /** Its {@code +QISTATE:} line. */
    public abstract String stateLine();

    /** Closes it at the host's request; no event follows. */
    public void close() {
        if (net != null) {
            net.close();
        }
    }

    /**
     * A transparent AT+QIOPEN answers {@code CONNECT} or {@code ERROR} through {@code reply} once the
     * open is over, instead of a {@code +QIOPEN:} URC (BG96 2.1.4).
     */
    public void answerOpenWith(Deferred reply) {
        throw new IllegalStateException("this module has no transparent access mode");
    }
}
