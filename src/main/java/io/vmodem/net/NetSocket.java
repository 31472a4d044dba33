package io.vmodem.net;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A socket a modem opened on the host's network. Confined to the modem's thread; reports what
 * happens through its {@link SocketEvents}.
 */
public abstract sealed class NetSocket permits TcpConnection, UdpSocket, TcpListener {
    final ModemNetwork network;
    final PdpContext context;
    SocketEvents events;
    Channel channel;
    SocketState state = SocketState.OPENING;
    InetSocketAddress local;
    InetSocketAddress remote;
    CloseCause closeCause;

    NetSocket(ModemNetwork network, PdpContext context, SocketEvents events) {
        this.network = network;
        this.context = context;
        this.events = Objects.requireNonNull(events);
    }

    public PdpContext context() {
        return context;
    }

    public SocketState state() {
        return state;
    }

    /** The local address and port, once bound. */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** The peer (client sockets and incoming connections), else null. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Why the socket closed, or null while open. */
    public CloseCause closeCause() {
        return closeCause;
    }

    public void events(SocketEvents events) {
        this.events = Objects.requireNonNull(events);
    }

    /** Closes the socket at the host's request and releases it; no event follows. */
    public abstract void close();

    /** The network ended the socket: state CLOSING, listeners told once. */
    final void endedByNetwork(CloseCause cause) {
        if (state == SocketState.CLOSING || state == SocketState.CLOSED) {
            return;
        }
        state = SocketState.CLOSING;
        closeCause = cause;
        network.observer().socketEnded(this, cause);
        events.closedByNetwork(this, cause);
    }

    /** Opening failed: the channel goes, the socket is released, the opener is told. */
    final void failed(NetError error) {
        closeChannelAndRelease();
        network.observer().socketFailed(this, error);
        events.openFailed(this, error);
    }

    /** Closes the channel, if any, and releases the socket. */
    final void closeChannelAndRelease() {
        if (channel != null) {
            channel.close();
        }
        released();
    }

    final void released() {
        if (state == SocketState.CLOSED) {
            return;
        }
        state = SocketState.CLOSED;
        if (closeCause == null) {
            closeCause = CloseCause.LOCAL;
        }
        network.forget(this);
        network.observer().socketClosed(this);
    }
}
