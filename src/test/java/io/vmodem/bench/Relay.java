package io.vmodem.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The transparent row's baseline where socat is not installed: a minimal byte relay in its own
 * process, each accepted connection relayed to {@code --to HOST:PORT} on the same event loop, with
 * back-pressure both ways (Netty's proxy example). Prints {@code RELAY port=<port>} once listening.
 */
public final class Relay {
    private Relay() {}

    public static void main(String[] args) throws Exception {
        String to = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--to")) {
                to = args[++i];
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (to == null) {
            throw new IllegalArgumentException("--to HOST:PORT is required");
        }
        int colon = to.lastIndexOf(':');
        InetSocketAddress target =
                new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("relay", true),
                EpollIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Front(target));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
        System.out.println("RELAY port=" + ((InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        Bench.exitWhenStdinCloses();
    }

    /** The accepted side: connects onward, then relays. */
    private static final class Front extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;

        Front(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel in = ctx.channel();
            new Bootstrap()
                    .group(in.eventLoop())
                    .channel(EpollSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel out) {
                            out.pipeline().addLast(new Pipe(in));
                        }
                    })
                    .connect(target)
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            in.close();
                            return;
                        }
                        in.pipeline().replace(this, "pipe", new Pipe(f.channel()));
                        in.read();
                        f.channel().read();
                    });
        }
    }

    /** Writes what one side reads to the other; reads the next chunk once the write is done. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Pipe(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (other.isActive()) {
                other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
