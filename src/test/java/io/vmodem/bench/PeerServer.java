package io.vmodem.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The far end of the modems' sockets, in its own process (so that its descriptors do not count
 * against vmodem's or the load driver's): an echo service and a source that streams a fixed number
 * of bytes to each client and then closes. Also the raw baselines' server. Both use Netty on epoll,
 * as vmodem does, with back-pressure: nothing is read while the reply cannot be written.
 *
 * <p>Prints {@code PEER echo=<port> source=<port>} once listening; exits when its standard input
 * closes (the benchmark went away).
 */
public final class PeerServer {
    private PeerServer() {}

    public static void main(String[] args) throws Exception {
        long streamBytes = 100L << 20;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stream-bytes" -> streamBytes = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("peer", true), EpollIoHandler.newFactory());
        long bytes = streamBytes;
        int echo = listen(group, Echo::new);
        int source = listen(group, () -> new Source(bytes));
        System.out.println("PEER echo=" + echo + " source=" + source);
        System.out.flush();
        Bench.exitWhenStdinCloses();
    }

    static int listen(EventLoopGroup group, Supplier<ChannelHandler> handler) {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(handler.get());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Writes back what it reads; stops reading while the write side is full. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Streams {@code total} bytes as fast as the client takes them, then closes; discards input. */
    static final class Source extends ChannelInboundHandlerAdapter {
        private static final ByteBuf BLOCK =
                Unpooled.unreleasableBuffer(Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024));
        private final long total;
        private long written;

        Source(long total) {
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            fill(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            fill(ctx);
        }

        private void fill(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            while (written < total && ch.isWritable()) {
                int n = (int) Math.min(BLOCK.capacity(), total - written);
                written += n;
                ch.write(BLOCK.slice(0, n)); // a view: the block is shared, never released
                if (written == total) {
                    ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            ch.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
