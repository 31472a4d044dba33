package io.vmodem.transport.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.FastThreadLocal;
import io.vmodem.at.DtePort;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP link: a listening socket where each accepted connection is one freshly powered-up modem,
 * as an emulator's serial-over-TCP would see it. Closing the connection powers that modem off.
 */
public final class TcpLinkServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpLinkServer.class);

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
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Link(ch));
                    }
                });
        server = b.bind(address).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
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

        Link(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            modem = factory.create(channel.eventLoop(), this, "tcp " + peer(channel.remoteAddress()));
            log.debug("link {} connected", channel.remoteAddress());
            modem.note("link tcp from " + channel.remoteAddress());
            modem.powerOn();
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
                modem.linkWritable();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            log.debug("link {} closed", channel.remoteAddress());
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
            write(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public void write(ByteBuffer data) {
            if (!channel.isActive()) {
                return;
            }
            int n = data.remaining();
            if (batch != null && batch.writableBytes() < n) {
                queueBatch();
            }
            if (batch == null) {
                batch = channel.alloc().directBuffer(Math.max(n, batchSize));
            }
            batch.writeBytes(data);
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
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }

        @Override
        public void setInputPaused(boolean paused) {
            channel.config().setAutoRead(!paused);
        }
    }
}
