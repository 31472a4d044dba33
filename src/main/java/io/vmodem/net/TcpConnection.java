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
import io.vmodem.time.Scheduler;
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
 * and unacknowledged.
 */
public final class TcpConnection extends NetSocket {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    private final RxBuffer rx;
    private final TcpListener listener;
    private long sent;
    private long flushed;
    private long finalUnacked = -1;
    private final Runnable flush = this::flushNow;
    private boolean flushPending;
    private long unflushed;
    private boolean peerUnreachable;
    private Duration retransmitFor;
    private long stranded;
    private Scheduler.Cancellable giveUp = Scheduler.Cancellable.DONE;
    private boolean unwatched;
    private boolean rearming;
    /** What a latency or a bandwidth holds back on its way in: bytes, and the end of the stream. */
    private DelayLine<Object> downlink;
    /** Data let go from the downlink that the reader has not been told of yet. */
    private boolean untold;
    /** The peer-reset or peer-close fault waiting for more bytes to arrive first. */
    private PeerEnd cut;
    /** The peer's end is decided: nothing more is read, what arrives is not delivered. */
    private boolean peerEnding;

    /** The end of the stream, held behind the bytes before it. */
    private static final Object GONE = new Object();

    /** The peer-reset ({@code reset}) or peer-close fault, after {@code left} more bytes. */
    private static final class PeerEnd {
        final boolean reset;
        long left;

        PeerEnd(boolean reset, long left) {
            this.reset = reset;
            this.left = left;
        }
    }

    private TlsSettings tls;
    private TlsFailure handshakeFailure;
    private String tlsProtocol;
    private String cipherSuite;

    TcpConnection(ModemNetwork network, PdpContext context, SocketEvents events, int rxLimit, TcpListener listener) {
        super(network, context, events);
        this.rx = new RxBuffer(rxLimit);
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
        if (state != SocketState.CONNECTED || channel == null || !channel.isActive()) {
            return NetError.NOT_CONNECTED;
        }
        if (sendFails()) {
            return NetError.SEND_FAILED;
        }
        if (!channel.isWritable()) {
            return NetError.BUFFER_FULL;
        }
        if (length == 0) {
            return null;
        }
        sent += length;
        network.observer().socketSent(this, length, null);
        if (peerUnreachable) {
            strand(length);
            return null;
        }
        // Straight into a direct buffer: a heap buffer would be copied into one again on write.
        ByteBuf buf = channel.alloc().directBuffer(length).writeBytes(data, offset, length);
        channel.write(buf).addListener(f -> {
            if (f.isSuccess()) {
                flushed += length;
            }
        });
        unflushed += length;
        // A quarter of the limit queued: to the kernel now, so the limit is reached only when the
        // kernel is full, as when every send went at once. Only while writable: a flush of an
        // unwritable channel may report it writable again, and the owner may then send from
        // inside this call.
        if (unflushed >= channel.config().getWriteBufferHighWaterMark() / 4 && channel.isWritable()) {
            flushNow();
        } else if (!flushPending) {
            flushPending = true;
            channel.eventLoop().execute(flush);
        }
        return null;
    }

    /**
     * Sends go out once the loop has finished what it is doing: many small sends in one pass (the
     * packets of transparent mode) leave in one system call. They count against the socket's
     * writability as soon as they are queued, so back-pressure is unchanged.
     */
    private void flushNow() {
        flushPending = false;
        unflushed = 0;
        if (channel != null) {
            channel.flush();
        }
    }

    /** Whether a send now would be accepted. */
    @Override
    public boolean writable() {
        return state == SocketState.CONNECTED && channel != null && channel.isWritable();
    }

    /** Total bytes accepted by {@link #send}. */
    @Override
    public long sent() {
        return sent;
    }

    /** Bytes sent that the peer has not acknowledged (queued here or in the kernel). */
    public long unacknowledged() {
        if (finalUnacked >= 0) {
            return finalUnacked;
        }
        long queuedHere = sent - flushed - stranded;
        return stranded + queuedHere + (channel == null ? 0 : KernelQueues.unacknowledged(channel));
    }

    @Override
    public long acknowledged() {
        return sent - unacknowledged();
    }

    // ---- faults a test injects ----

    /**
     * The path to the peer goes silent without a FIN or a reset: a NAT binding expired, the server
     * vanished. Sends are still taken but never acknowledged, and nothing more arrives. Once sent data
     * has waited {@code retransmitFor} unacknowledged the connection ends with {@link
     * CloseCause#SEND_TIMEOUT}, as a TCP stack gives up retransmitting; null: it never gives up.
     */
    public void peerUnreachable(Duration retransmitFor) {
        if (state != SocketState.CONNECTED || peerUnreachable) {
            return;
        }
        peerUnreachable = true;
        this.retransmitFor = retransmitFor;
        channel.config().setAutoRead(false);
    }

    private void strand(int length) {
        stranded += length;
        if (stranded == length && retransmitFor != null) {
            giveUp = network.scheduler().schedule(this::retransmissionsExhausted, retransmitFor);
        }
    }

    private void retransmissionsExhausted() {
        if (state != SocketState.CONNECTED) {
            return;
        }
        freezeCounters();
        endedByNetwork(CloseCause.SEND_TIMEOUT);
        channel.close();
    }

    /**
     * The peer ends the connection, as the peer-close (a FIN) and peer-reset (a RST) faults make it:
     * after {@code after} more bytes have arrived from it (0: now; what it sent before is still on
     * its way and arrives first), bytes beyond are never delivered and the module hears the end as
     * it hears a real one. The real peer gets the FIN or the RST. Returns false when the connection
     * is not up (or already ending).
     */
    public boolean peerEnds(boolean reset, long after) {
        if (state != SocketState.CONNECTED || peerEnding || channel == null) {
            return false;
        }
        if (after <= 0) {
            endFromPeer(reset);
        } else {
            cut = new PeerEnd(reset, after);
        }
        return true;
    }

    private void endFromPeer(boolean reset) {
        peerEnding = true;
        cut = null;
        channel.config().setAutoRead(false);
        if (downlink != null && !downlink.isEmpty()) {
            downlink.addLast(new PeerEnd(reset, 0));
        } else {
            // after the reader has heard of what arrived with it, as with a real FIN
            network.after(Duration.ZERO, () -> peerEnded(reset));
        }
    }

    private void peerEnded(boolean reset) {
        if (state != SocketState.CONNECTED) {
            return;
        }
        freezeCounters();
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

    // ---- the conditions of the network, on the way in ----

    /** Room left for bytes from the network: the buffer's limit, less what it holds and what waits on the way. */
    private int room() {
        return rx.room() - (downlink == null ? 0 : downlink.bytes());
    }

    /** Bytes from the network: to the buffer now, or held on their way. Returns whether they are in the buffer. */
    private boolean arrived(ByteBuf b) {
        if (peerEnding) {
            b.release(); // the peer has ended: nothing after its end is delivered
            return false;
        }
        PeerEnd end = cut;
        if (end != null) {
            int n = b.readableBytes();
            if (n < end.left) {
                end.left -= n;
            } else {
                if (n > end.left) {
                    ByteBuf part = b.retainedSlice(b.readerIndex(), (int) end.left);
                    b.release();
                    b = part;
                }
                boolean now = pass(b);
                endFromPeer(end.reset);
                return now;
            }
        }
        return pass(b);
    }

    private boolean pass(ByteBuf b) {
        Shaping s = shaping(NetConditions.Direction.DOWNLINK);
        if (s.none() && (downlink == null || downlink.isEmpty())) {
            deliver(b);
            return true;
        }
        if (downlink == null) {
            downlink = new DelayLine<>(network.scheduler(), this::letGo, this::tellReader);
        }
        java.util.Random random = network.conditions().random();
        int n = b.readableBytes();
        int slice = s.sliceBytes();
        if (s.bitsPerSecond() > 0 && n > slice) {
            // A capped stream arrives as a trickle: a piece at a time, each when the bandwidth allows.
            for (int at = 0; at < n; at += slice) {
                int k = Math.min(slice, n - at);
                downlink.add(b.retainedSlice(b.readerIndex() + at, k), k, s, random);
            }
            b.release();
        } else {
            downlink.add(b, n, s, random);
        }
        return false;
    }

    /** Bytes held on their way in (for tests). */
    int waitingDownlink() {
        return downlink == null ? 0 : downlink.bytes();
    }

    private void deliver(ByteBuf b) {
        int n = b.readableBytes();
        rx.append(b);
        network.observer().socketReceived(this, n, null);
    }

    /** One piece let go from the downlink. */
    private void letGo(Object item) {
        if (item instanceof ByteBuf b) {
            if (state == SocketState.CLOSED) {
                b.release();
                return;
            }
            deliver(b);
            untold = true;
            return;
        }
        tellReader(); // the data before the end is heard of before the end
        if (item == GONE) {
            channelGone();
        } else if (item instanceof PeerEnd e) {
            peerEnded(e.reset);
        }
    }

    private void tellReader() {
        if (untold) {
            untold = false;
            if (state != SocketState.CLOSED) {
                events.readable(this);
            }
        }
    }

    @Override
    void conditionsChanged() {
        super.conditionsChanged();
        if (downlink != null
                && !downlink.isEmpty()
                && shaping(NetConditions.Direction.DOWNLINK).none()) {
            downlink.releaseAll();
        }
    }

    // ---- life ----

    @Override
    public void close() {
        if (state == SocketState.CLOSED) {
            return;
        }
        freezeCounters();
        giveUp.cancel();
        cut = null;
        if (downlink != null) {
            downlink.discard(item -> {
                if (item instanceof ByteBuf b) {
                    b.release();
                }
            });
        }
        rx.clear();
        if (channel != null) {
            channel.flush(); // what was sent goes before the FIN, as on the module
        }
        closeChannelAndRelease();
    }

    private void freezeCounters() {
        if (finalUnacked < 0) {
            finalUnacked = unacknowledged();
        }
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.config().setRecvByteBufAllocator(new RoomSizedReads(this::room, () -> unwatched = true));
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
        if (channel != null
                && room() > 0
                && channel.isActive()
                && !peerUnreachable
                && !peerEnding
                && !rearming
                && !channel.config().isAutoRead()) {
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
    private void channelGone() {
        if (state == SocketState.CONNECTED) {
            freezeCounters();
            endedByNetwork(closeCause == null ? CloseCause.PEER : closeCause);
        }
    }

    /** Netty's side: bytes in, writability, and the end of the connection; each through the modem's guard. */
    private final class Pipe extends ChannelInboundHandlerAdapter {
        private boolean newData;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                network.guard().call("a TCP read", () -> {
                    if (state == SocketState.CLOSED) {
                        return;
                    }
                    if (arrived(buf.retain())) {
                        newData = true;
                    }
                    if (room() <= 0) {
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
                network.guard().call("a TCP close", () -> {
                    if (downlink != null && !downlink.isEmpty()) {
                        downlink.addLast(GONE); // the end arrives after the bytes before it
                    } else {
                        channelGone();
                    }
                });
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
