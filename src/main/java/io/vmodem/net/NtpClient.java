package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.apache.commons.net.ntp.TimeStamp;

/**
 * One SNTP exchange on a modem's event loop: commons-net encodes the client request and decodes
 * the server's reply (RFC 4330); Netty carries the datagrams.
 */
final class NtpClient extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Consumer<NtpResult> done;
    private boolean finished;

    NtpClient(Consumer<NtpResult> done) {
        this.done = done;
    }

    static ByteBuf request() {
        NtpV3Impl packet = new NtpV3Impl();
        packet.setMode(NtpV3Packet.MODE_CLIENT);
        packet.setVersion(NtpV3Packet.VERSION_3);
        packet.setTransmitTime(TimeStamp.getCurrentTime());
        java.net.DatagramPacket dp = packet.getDatagramPacket();
        return Unpooled.copiedBuffer(dp.getData(), dp.getOffset(), dp.getLength());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        ByteBuf content = msg.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.readBytes(bytes);
        if (bytes.length < 48) {
            return;
        }
        NtpV3Impl reply = new NtpV3Impl();
        reply.setDatagramPacket(new java.net.DatagramPacket(bytes, bytes.length));
        if (reply.getMode() != NtpV3Packet.MODE_SERVER && reply.getMode() != NtpV3Packet.MODE_BROADCAST) {
            return;
        }
        long now = System.currentTimeMillis();
        TimeInfo info = new TimeInfo(reply, now, false);
        info.computeDetails();
        Long offset = info.getOffset();
        Instant time = Instant.ofEpochMilli(now + (offset == null ? 0 : offset));
        finish(new NtpResult(null, time));
        ctx.close();
    }

    void finish(NtpResult result) {
        if (!finished) {
            finished = true;
            done.accept(result);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable: keep waiting until the timeout, as a module would.
    }
}
