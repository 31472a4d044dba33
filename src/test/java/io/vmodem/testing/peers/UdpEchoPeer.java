package io.vmodem.testing.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vmodem.testing.ModemHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A UDP peer on loopback that echoes each datagram back to its sender and remembers it. It runs on
 * the harness's event loops, so that a datagram waiting for it counts as the network being busy.
 */
public final class UdpEchoPeer implements AutoCloseable {
    private final LinkedBlockingQueue<java.net.DatagramPacket> received = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final BooleanSupplier watched;
    private volatile boolean echo = true;

    public UdpEchoPeer() {
        channel = new Bootstrap()
                .group(ModemHarness.host().group())
                .channel(ModemHarness.host().datagramChannel())
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                // room for a test's burst of hundreds of datagrams while a loaded machine is slow to read
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(new Echo())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
        watched = PeerActivity.watch(channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) channel.localAddress()).getAddress().getHostAddress();
    }

    public void echo(boolean on) {
        echo = on;
    }

    /** Sends a datagram from this peer's port. */
    public void send(byte[] data, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), to))
                .syncUninterruptibly();
    }

    /** The next datagram received, waiting up to 10 s. */
    public java.net.DatagramPacket awaitDatagram() throws InterruptedException {
        java.net.DatagramPacket p = received.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no datagram arrived");
        }
        return p;
    }

    private final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            PeerActivity.begin();
            try {
                byte[] data = ByteBufUtil.getBytes(p.content());
                received.add(new java.net.DatagramPacket(data, data.length, p.sender()));
                if (echo) {
                    ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), p.sender()));
                }
            } finally {
                PeerActivity.end();
            }
        }
    }

    @Override
    public void close() {
        PeerActivity.unwatch(watched);
        channel.close().syncUninterruptibly();
    }
}
