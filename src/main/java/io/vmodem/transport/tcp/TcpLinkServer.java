package io.vmodem.transport.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.vmodem.at.DtePort;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.time.Scheduler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP link: a listening socket where each accepted connection is one freshly powered-up modem,
 * as an emulator's serial-over-TCP would see it. Closing the connection powers that modem off.
 */
public final class TcpLinkServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpLinkServer.class);

    /**
     * The modem's output a link holds in this process, besides the kernel's socket buffer: when the
     * host stops reading and this much waits, the modem stops producing (the one reply or URC in
     * progress completes) until half of it has gone.
     */
    public static final int OUTPUT_LIMIT = 64 * 1024;

    private final Set<Link> links = ConcurrentHashMap.newKeySet();

    private final ModemFactory factory;
    private Channel server;

    public TcpLinkServer(ModemFactory factory) {
        this.factory = factory;
    }

    /** Binds and starts accepting; returns the bound address (port 0 picks a free one). */
    public InetSocketAddress start(InetSocketAddress address) {
        var group = factory.host().group();
        ServerBootstrap b = new ServerBootstrap()
                .group(group, group)
                .channel(factory.host().serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(OUTPUT_LIMIT / 2, OUTPUT_LIMIT))
                .handler(new InAcceptOrder())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Link(ch));
                    }
                });
        server = b.bind(address).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** The modems of the open links. */
    public List<VirtualModem> modems() {
        return links.stream().map(l -> l.modem).toList();
    }

    /** What an open link holds of its modem's output, and whether the host has stopped taking it. */
    public record LinkOutput(long held, boolean full) {}

    /**
     * Each open link's output now: the batch being gathered and what the channel has queued, at most
     * {@link #OUTPUT_LIMIT} and one reply or URC more; full once the channel stopped taking more.
     */
    public List<LinkOutput> outputs() {
        List<LinkOutput> out = new ArrayList<>();
        for (Link l : links) {
            out.add(l.channel
                    .eventLoop()
                    .submit(l::output)
                    .syncUninterruptibly()
                    .getNow());
        }
        return out;
    }

    /**
     * Hangs up every open link, as if each host had closed its connection: each modem powers off
     * and releases its sockets. Returns once every connection is closed; not on a modem's loop.
     */
    public void closeLinks() {
        for (Link l : List.copyOf(links)) {
            l.channel.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    /** The serial number a connection's modem gets, taken when it was accepted. */
    private static final AttributeKey<Long> SERIAL = AttributeKey.valueOf(TcpLinkServer.class, "serial");

    /**
     * Numbers each connection as the listening socket accepts it, on its one thread, so modems are
     * numbered in the order their links connected, whichever loop then gets to them first.
     */
    private final class InAcceptOrder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.attr(SERIAL).set(factory.takeSerial());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** {@code 127.0.0.1:40112}: where a link connected from. */
    private static String peer(java.net.SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /** One array per loop thread for what a read hands its modem, instead of one per read. */
    private static final int SCRATCH_SIZE = 64 * 1024;

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };

    /** Bounds of the buffer the modem's output is gathered in before it goes to the socket. */
    private static final int MIN_BATCH = 1024, MAX_BATCH = 64 * 1024;

    /**
     * Output gathered this large goes to the socket at once when the socket took all before it, not
     * at the end of the pass: below {@link #OUTPUT_LIMIT}, so that a stream the host keeps up with
     * never makes the link look full.
     */
    private static final int HAND_OVER = OUTPUT_LIMIT - 4096;

    /** One connection: its bytes go to its modem, the modem's bytes come back. */
    private final class Link extends ChannelInboundHandlerAdapter implements DtePort {
        private final Channel channel;
        private final Runnable flush = this::flush;
        private VirtualModem modem;
        private boolean flushPending;
        private ByteBuf batch;
        /** What a new batch starts with: the last loop pass's output, within the bounds. */
        private int batchSize = MIN_BATCH;
        /** Bytes written since the last flush. */
        private int passBytes;
        /** The modem was told the link is full and waits to hear it has room. */
        private boolean modemWaits;

        Link(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Long serial = channel.attr(SERIAL).get();
            var loop = channel.eventLoop();
            Scheduler clock = factory.clock(loop);
            long connected = clock.nanoTime(); // the boot counts from here, not from when the modem is made
            modem = factory.create(
                    loop,
                    clock,
                    this,
                    "tcp " + peer(channel.remoteAddress()),
                    serial != null ? serial : factory.takeSerial());
            log.debug("link {} connected", channel.remoteAddress());
            modem.note("link tcp from " + channel.remoteAddress());
            links.add(this);
            modem.powerOn(connected);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = buf.readableBytes();
                byte[] bytes = n <= SCRATCH_SIZE ? SCRATCH.get() : new byte[n];
                buf.readBytes(bytes, 0, n);
                modem.received(bytes, 0, n); // on the modem's loop: used during the call only
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (channel.isWritable()) {
                modemWaits = false;
                modem.linkWritable();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            log.debug("link {} closed", channel.remoteAddress());
            links.remove(this);
            queueBatch();
            if (modem != null) {
                modem.linkClosed();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("link {} failed: {}", channel.remoteAddress(), cause.toString());
            ctx.close();
        }

        /**
         * Gathers the modem's writes into a direct buffer (the socket writes from one), queued on
         * the channel when full and when the loop has finished what it is doing; the flush follows,
         * so a burst of push-mode URCs leaves in few system calls. A batch is as large as the last
         * pass's output (at most {@link #MAX_BATCH}): a streaming modem writes large buffers, an idle
         * one takes little memory. A queued batch counts against the channel's writability, so the
         * modem's output waiting here is at most one batch beyond the channel's limit.
         */
        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (room(length)) {
                batch.writeBytes(bytes, offset, length);
                written(length);
            }
        }

        @Override
        public void write(ByteBuffer data) {
            int n = data.remaining();
            if (room(n)) {
                batch.writeBytes(data);
                written(n);
            }
        }

        /**
         * The batch's next bytes, for the modem to fill in place: up to {@code max}, as many as a
         * batch of this link's usual size holds, so a modem that pushes a few bytes a second does
         * not take a full-size batch for each.
         */
        @Override
        public ByteBuffer claim(int max) {
            if (!room(Math.min(max, batchSize)) || batch.nioBufferCount() != 1) {
                return null;
            }
            return batch.nioBuffer(batch.writerIndex(), Math.min(max, batch.writableBytes()));
        }

        /**
         * A claim is a burst (one network read's push URCs): once it fills half the link, the
         * kernel gets it now if it took all before, so the next read finds the link's room again.
         */
        @Override
        public void commit(ByteBuffer claimed) {
            int n = claimed.position();
            batch.writerIndex(batch.writerIndex() + n);
            written(n);
            handOverBeyond(OUTPUT_LIMIT / 2);
        }

        /** Makes room for {@code n} more bytes in the batch; false when the link is closed. */
        private boolean room(int n) {
            if (!channel.isActive()) {
                return false;
            }
            handOverBeyond(HAND_OVER - n);
            if (batch != null && batch.writableBytes() < n) {
                queueBatch();
            }
            if (batch == null) {
                batch = channel.alloc().directBuffer(Math.max(n, batchSize));
            }
            return true;
        }

        /**
         * The link holds more than {@code limit} and the kernel took all it was given: it gets what
         * is gathered now, where waiting for the end of the pass would fill the link's limit and
         * hold the modem back.
         */
        private void handOverBeyond(long limit) {
            if (held() > limit && kernelKeepsUp()) {
                queueBatch();
                channel.flush();
            }
        }

        /** {@code n} bytes were added to the batch: it goes out when the loop has finished this pass. */
        private void written(int n) {
            passBytes += n;
            if (!flushPending) {
                flushPending = true;
                channel.eventLoop().execute(flush);
            }
        }

        private void queueBatch() {
            if (batch != null) {
                channel.write(batch, channel.voidPromise()); // released by the channel, even if closed
                batch = null;
            }
        }

        private void flush() {
            flushPending = false;
            batchSize = Math.max(MIN_BATCH, Math.min(MAX_BATCH, passBytes));
            passBytes = 0;
            queueBatch();
            channel.flush();
            if (modemWaits && channel.isWritable()) {
                // Full only with the batch counted, and the channel did not cross its mark taking
                // it: no writability event will come, so the modem hears it here.
                modemWaits = false;
                modem.linkWritable();
            }
        }

        /** Nothing flushed waits for the socket to take it. */
        private boolean kernelKeepsUp() {
            ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
            return queued != null && queued.size() == 0;
        }

        /** What this link holds: the batch being gathered and what the channel has queued. */
        LinkOutput output() {
            return new LinkOutput(held(), !channel.isWritable());
        }

        private long held() {
            ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
            return (batch == null ? 0 : batch.readableBytes()) + (queued == null ? 0 : queued.totalPendingWriteBytes());
        }

        /** Room while the batch and the channel's queue together stay under {@link #OUTPUT_LIMIT}. */
        @Override
        public boolean isWritable() {
            boolean room = writableBytes() > 0;
            if (!room) {
                modemWaits = true;
            }
            return room;
        }

        /** The channel's room less the batch being gathered; the link is writable while some is left. */
        @Override
        public int writableBytes() {
            long room = channel.bytesBeforeUnwritable() - (batch == null ? 0 : batch.readableBytes());
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, room));
        }

        @Override
        public void setInputPaused(boolean paused) {
            channel.config().setAutoRead(!paused);
        }
    }
}
