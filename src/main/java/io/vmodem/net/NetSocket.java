package io.vmodem.net;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

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
    /** The destination as the host named it (a name or an address), for a client; else null. */
    String host;

    CloseCause closeCause;
    /** The send-fail fault: the next send fails. */
    boolean failNextSend;

    private int shapingVersion = -1;
    private Shaping uplink = Shaping.NONE;
    private Shaping downlink = Shaping.NONE;
    private UplinkShaper shaper;

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

    /** The destination of a client as the host named it (a name or an address); null for a service. */
    public String host() {
        return host;
    }

    /** The peer (client sockets and incoming connections), else null. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** What the socket is, for logs: its kind and its ends ({@code TCP 127.10.0.1:4000 -> 127.0.0.1:80}). */
    public String describe() {
        String kind = this instanceof TcpConnection c
                ? (c.secure() ? "TLS" : "TCP")
                : this instanceof UdpSocket ? "UDP" : "TCP listener";
        return kind + " " + text(local) + (remote == null ? "" : " -> " + text(remote));
    }

    static String text(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    /** Why the socket closed, or null while open. */
    public CloseCause closeCause() {
        return closeCause;
    }

    // ---- the data every kind of socket counts (a listener carries none) ----

    /** Received bytes the host can read now. */
    public int unread() {
        return 0;
    }

    /** Takes up to {@code max} received bytes (UDP: from the next datagram). */
    public byte[] read(int max) {
        return new byte[0];
    }

    /**
     * Takes up to {@code max} received bytes as {@link #read(int)} does, handing them to {@code to}
     * in pieces valid only during the call: a stream's bytes reach the host without a copy of their
     * own. Returns how many.
     */
    public int read(int max, Consumer<ByteBuffer> to) {
        byte[] data = read(max);
        to.accept(ByteBuffer.wrap(data));
        return data.length;
    }

    /** Every byte received so far, read or not. */
    public long received() {
        return 0;
    }

    /** Every byte the host has read so far. */
    public long readTotal() {
        return 0;
    }

    /** Every byte accepted for sending so far. */
    public long sent() {
        return 0;
    }

    /**
     * Sends {@code data}: a TCP connection to its peer, a UDP socket as one datagram to {@code to}
     * (its peer when null). Null on success, else why not (BUFFER_FULL: try again later).
     */
    public NetError send(byte[] data, InetSocketAddress to) {
        return NetError.NOT_CONNECTED;
    }

    /** Whether a send now would be taken. */
    public boolean writable() {
        return false;
    }

    /** Sent bytes the peer has acknowledged (UDP: every byte sent). */
    public long acknowledged() {
        return sent();
    }

    public void events(SocketEvents events) {
        this.events = Objects.requireNonNull(events);
    }

    // ---- conditions of the network ----

    /**
     * The send-fail fault: the next send on this socket fails ({@link NetError#SEND_FAILED}) and
     * what it carried goes nowhere, as when the module's stack could not take it.
     */
    public void failNextSend() {
        failNextSend = true;
    }

    /** Whether the send-fail fault waits for this socket's next send; if so it is spent. */
    final boolean sendFails() {
        if (!failNextSend) {
            return false;
        }
        failNextSend = false;
        acted("send failed (send-fail)");
        return true;
    }

    /** What the conditions in force do to this socket's bytes going {@code way}. */
    final Shaping shaping(NetConditions.Direction way) {
        NetConditions c = network.conditions();
        if (c.noSocketConditions()) {
            return Shaping.NONE;
        }
        if (shapingVersion != c.version()) {
            shapingVersion = c.version();
            uplink = c.shaping(this, NetConditions.Direction.UPLINK);
            downlink = c.shaping(this, NetConditions.Direction.DOWNLINK);
        }
        return way == NetConditions.Direction.UPLINK ? uplink : downlink;
    }

    /**
     * The conditions changed, or this socket became one they may pick (it connected, was bound or
     * accepted): what it worked out is stale; a shaper joins its pipeline when its sends need one,
     * and what was held for a condition that ended goes on its way.
     */
    void conditionsChanged() {
        shapingVersion = -1;
        if (channel == null || !channel.isOpen() || state == SocketState.OPENING) {
            return;
        }
        if (shaper == null && !shaping(NetConditions.Direction.UPLINK).none()) {
            shaper = new UplinkShaper(this, network.scheduler());
            channel.pipeline().addFirst(UplinkShaper.NAME, shaper);
        } else if (shaper != null) {
            shaper.reconsider();
        }
    }

    /** Whether sends wait on their way out (for tests). */
    boolean holdingUplink() {
        return shaper != null && shaper.holding();
    }

    /** A condition did something to this socket: the trace hears of it. */
    final void acted(String what) {
        network.observer().conditionActed(this, what);
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
        network.observer().socketFailed(this, error); // before "closed": the trace's last word on it
        closeChannelAndRelease();
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
