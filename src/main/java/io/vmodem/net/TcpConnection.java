package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection: a client the modem opened, or one a listener accepted. Received bytes wait in a
 * bounded buffer; when it is full the socket stops reading, so TCP flow control holds the peer and
 * nothing is dropped. Sends are accounted as sent, acknowledged (from the kernel where it tells)
 * and unacknowledged. The way in (faults at the peer's end, the downlink's shaping) is {@link
 * TcpInbound}, the way out {@link TcpOutbound}; this class holds the connection's life, its reads
 * and Netty's side of it.
 */
public final class TcpConnection extends NetSocket {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    private final RxBuffer rx;
    private final TcpListener listener;
    private final TcpInbound in;
    private final TcpOutbound out = new TcpOutbound(this);
    private boolean unwatched;
    private boolean rearming;

    private TlsSettings tls;
    private int largestRead;
    private TlsFailure handshakeFailure;
    private String tlsProtocol;
    private String cipherSuite;

    TcpConnection(ModemNetwork network, PdpContext context, SocketEvents events, int rxLimit, TcpListener listener) {
        super(network, context, events);
        this.rx = new RxBuffer(rxLimit);
        this.in = new TcpInbound(this, rx);
        this.listener = listener;
    }

    /** The listener that accepted this connection, or null for a client. */
    public TcpListener listener() {
        return listener;
    }

    // ---- TLS ----

    /** Whether TLS runs on this connection ({@link ModemNetwork#connectTls}). */
    public boolean secure() {
        return tls != null;
    }

    /** The TLS settings it was opened with, or null for plain TCP. */
    public TlsSettings tls() {
        return tls;
    }

    /** Why its handshake failed, or null. */
    public TlsFailure handshakeFailure() {
        return handshakeFailure;
    }

    /** The TLS version agreed ({@code TLSv1.2}), or null before the handshake or without TLS. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    /** The cipher suite agreed, or null before the handshake or without TLS. */
    public String cipherSuite() {
        return cipherSuite;
    }

    void secure(TlsSettings settings) {
        this.tls = settings;
    }

    void handshakeFailed(TlsFailure failure) {
        this.handshakeFailure = failure;
    }

    // ---- receiving ----

    /** Bytes the host can read now. */
    @Override
    public int unread() {
        return rx.unread();
    }

    /** Bytes this socket holds in memory now: at most its receive buffer's limit. */
    public int heldBytes() {
        return rx.held();
    }

    /** The most bytes one read from the network has brought so far. */
    public int largestRead() {
        return largestRead;
    }

    /** Every byte received so far (read and unread). */
    @Override
    public long received() {
        return rx.received();
    }

    /** Every byte the host has read so far. */
    @Override
    public long readTotal() {
        return rx.read();
    }

    /** Takes up to {@code max} received bytes; reading resumes once there is room. */
    @Override
    public byte[] read(int max) {
        byte[] data = rx.take(Math.max(0, max));
        resumeReading();
        return data;
    }

    @Override
    public int read(int max, Consumer<ByteBuffer> to) {
        int n = rx.take(Math.max(0, max), to);
        resumeReading();
        return n;
    }

    // ---- sending ----

    /** Sends to the peer; {@code to} plays no part for TCP. */
    @Override
    public NetError send(byte[] data, InetSocketAddress to) {
        return send(data);
    }

    /** Queues {@code data} for the peer; null on success, else why not. */
    public NetError send(byte[] data) {
        return send(data, 0, data.length);
    }

    public NetError send(byte[] data, int offset, int length) {
        return out.send(data, offset, length);
    }

    /** Whether a send now would be accepted. */
    @Override
    public boolean writable() {
        return state == SocketState.CONNECTED && channel != null && channel.isWritable();
    }

    /** Total bytes accepted by {@link #send}. */
    @Override
    public long sent() {
        return out.sent();
    }

    /** Bytes sent that the peer has not acknowledged (queued here or in the kernel). */
    public long unacknowledged() {
        return out.unacknowledged();
    }

    @Override
    public long acknowledged() {
        return sent() - unacknowledged();
    }

    // ---- faults a test injects ----

    /**
     * The path to the peer goes silent without a FIN or a reset: a NAT binding expired, the server
     * vanished. Sends are still taken but never acknowledged, and nothing more arrives. Once sent data
     * has waited {@code retransmitFor} unacknowledged the connection ends with {@link
     * CloseCause#SEND_TIMEOUT}, as a TCP stack gives up retransmitting; null: it never gives up.
     */
    public void peerUnreachable(Duration retransmitFor) {
        out.peerUnreachable(retransmitFor);
    }

    /**
     * The peer ends the connection, as the peer-close (a FIN) and peer-reset (a RST) faults make it:
     * after {@code after} more bytes have arrived from it (0: now; what it sent before is still on
     * its way and arrives first), bytes beyond are never delivered and the module hears the end as
     * it hears a real one. The real peer gets the FIN or the RST. Returns false when the connection
     * is not up (or already ending).
     */
    public boolean peerEnds(boolean reset, long after) {
        return in.peerEnds(reset, after);
    }

    /** The peer's end, once what came before it has been delivered. */
    void peerEnded(boolean reset) {
        if (state != SocketState.CONNECTED) {
            return;
        }
        out.freeze();
        endedByNetwork(reset ? CloseCause.ERROR : CloseCause.PEER);
        if (reset) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0); // the real peer gets a RST
            } catch (ChannelException e) {
                // closed meanwhile
            }
        } else {
            channel.flush();
        }
        channel.close();
    }

    /** Room left for bytes from the network: the buffer's limit, less what it holds and what waits on the way. */
    private int room() {
        return in.room();
    }

    /**
     * How much the next network read may take: the room, or more when the reader takes the bytes
     * on at once (a push-mode stream to a host keeping up), so that a stream is read in large pieces
     * (each read's acknowledgement costs the loop as much as its copy) while the buffer never holds
     * more than its limit. Not under a downlink condition (the bytes wait on their way) or TLS (a
     * read's plaintext is not its size).
     */
    private int readRoom() {
        int room = room();
        if (tls == null
                && in.waiting() == 0
                && shaping(NetConditions.Direction.DOWNLINK).none()) {
            room = Math.max(room, events.takesAtOnce(this) - rx.unread());
        }
        return room;
    }

    /** Bytes held on their way in (for tests). */
    int waitingDownlink() {
        return in.waiting();
    }

    @Override
    void conditionsChanged() {
        super.conditionsChanged();
        in.conditionsChanged();
    }

    // ---- life ----

    @Override
    public void close() {
        if (state == SocketState.CLOSED) {
            return;
        }
        out.freeze();
        out.closed();
        in.discard();
        rx.clear();
        if (channel != null) {
            channel.flush(); // what was sent goes before the FIN, as on the module
        }
        closeChannelAndRelease();
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.config().setRecvByteBufAllocator(new RoomSizedReads(this::readRoom, () -> unwatched = true));
        ch.pipeline().addLast(new Pipe());
        userTimeout(network.tcpUserTimeout());
    }

    /**
     * How long sent data may stay unacknowledged before the connection is dropped: the kernel's
     * TCP user timeout (RFC 5482) where the platform has one (epoll), else nothing. Null: the
     * system's default.
     */
    void userTimeout(Duration timeout) {
        if (channel != null && timeout != null && channel.isOpen()) {
            try {
                channel.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, (int)
                        Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            } catch (ChannelException e) {
                // closed meanwhile: nothing left to time out
            }
        }
    }

    /** The TCP user timeout in force on this connection, or null where the platform has none. */
    public Duration userTimeout() {
        if (channel == null || !channel.isOpen()) {
            return null;
        }
        try {
            Integer ms = channel.config().getOption(EpollChannelOption.TCP_USER_TIMEOUT);
            return ms == null ? null : Duration.ofMillis(ms);
        } catch (ChannelException e) {
            return null;
        }
    }

    void connected() {
        state = SocketState.CONNECTED;
        local = (InetSocketAddress) channel.localAddress();
        remote = (InetSocketAddress) channel.remoteAddress();
        if (tls != null && channel.pipeline().get(Tls.HANDLER) instanceof SslHandler h) {
            tlsProtocol = h.engine().getSession().getProtocol();
            cipherSuite = h.engine().getSession().getCipherSuite();
        }
        channel.config().setAutoRead(true);
        conditionsChanged();
    }

    private void resumeReading() {
        // reading at all first: a push-mode stream comes here once a URC, and the room asks the reader
        if (channel != null
                && !channel.config().isAutoRead()
                && channel.isActive()
                && !out.peerUnreachable()
                && !in.peerEnding()
                && !rearming
                && readRoom() > 0) {
            if (unwatched) {
                watchAgain();
            } else {
                channel.config().setAutoRead(true);
            }
        }
    }

    /** Whether the FIN was seen with no room to read up to it, so reading again needs a new registration. */
    boolean mustRewatch() {
        return unwatched;
    }

    /** Whether the socket is being registered with its loop anew. */
    boolean rewatching() {
        return rearming;
    }

    /**
     * Once the peer's FIN has arrived, Netty's epoll transport (4.2.18) takes a socket that is not
     * reading out of its epoll set, and fails when asked to read again (it modifies the entry
     * instead of adding it back). A socket whose buffer filled after the FIN is registered with its
     * loop anew, which adds it back, and then reads.
     *
     * <p>The deregistration runs later in the loop's pass, and the transport may read the rest and
     * the FIN first (one epoll event carries both) and close the channel. Netty's deregistration then
     * finds it closed and tears its pipeline down before the close's {@code channelInactive} comes,
     * so that event never reaches {@link Pipe}: the close is reported here instead.
     */
    private void watchAgain() {
        unwatched = false;
        rearming = true;
        Channel ch = channel;
        EventLoop loop = ch.eventLoop();
        ch.deregister().addListener(d -> {
            if (!ch.isOpen()) {
                rearming = false;
                network.guard().call("a TCP close", this::channelGone);
                return;
            }
            loop.register(ch).addListener(r -> {
                rearming = false;
                resumeReading();
            });
        });
    }

    /** The channel is closed underneath: the network ended a connection the host had not closed. */
    void channelGone() {
        if (state == SocketState.CONNECTED) {
            out.freeze();
            endedByNetwork(closeCause == null ? CloseCause.PEER : closeCause);
        }
    }

    /** Netty's side: bytes in, writability, and the end of the connection; each through the modem's guard. */
    private final class Pipe extends ChannelInboundHandlerAdapter {
        private boolean newData;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            largestRead = Math.max(largestRead, buf.readableBytes());
            try {
                network.guard().call("a TCP read", () -> {
                    if (state == SocketState.CLOSED) {
                        return;
                    }
                    if (in.arrived(buf.retain())) {
                        newData = true;
                    }
                    if (room() <= 0 && newData) {
                        // Full: the reader hears of it now, and a reader that takes the bytes at
                        // once (push mode) makes room for the next read in this same pass.
                        newData = false;
                        events.readable(TcpConnection.this);
                    }
                    if (state != SocketState.CLOSED && room() <= 0) {
                        ctx.channel().config().setAutoRead(false);
                    }
                });
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (newData) {
                newData = false;
                network.guard().call("a TCP socket's new data", () -> events.readable(TcpConnection.this));
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && state == SocketState.CONNECTED) {
                network.guard().call("a TCP socket's room to send", () -> events.writable(TcpConnection.this));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state == SocketState.CONNECTED) {
                network.guard().call("a TCP close", in::channelInactive);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{} {}: closing: {}", network.id(), describe(), cause.toString());
            if (closeCause == null && state == SocketState.CONNECTED) {
                closeCause = CloseCause.ERROR;
            }
            ctx.close();
        }
    }
}
