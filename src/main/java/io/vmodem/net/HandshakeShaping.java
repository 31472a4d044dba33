package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * The latency and bandwidth in force on a TLS connection's handshake. Once the connection is up,
 * {@link TcpInbound} and {@link TcpOutbound} shape what the host sends and reads; the handshake's
 * records never pass them (the TLS layer exchanges them below), so this handler, under the TLS
 * layer, holds them on their way each way, in the modem's time, as the path to the peer would. A
 * slow network makes a slow handshake, and a handshake timeout it outlasts fails the open. Once the
 * handshake is over it adds no delay: what it still holds goes on in order, and then it leaves the
 * pipeline.
 */
final class HandshakeShaping extends ChannelDuplexHandler {
    /** The handler's name in the pipeline, under {@link Tls#HANDLER}. */
    static final String NAME = "vmodem-handshake-shaping";

    private record Write(Object msg, ChannelPromise promise) {}

    private final TcpConnection socket;
    private ChannelHandlerContext ctx;
    private DelayLine<Object> in;
    private DelayLine<Write> out;
    /** The handshake is over: nothing more is delayed. */
    private boolean over;
    /** Ends the count of the handshake as waiting on the modem's timers; set while pieces are held. */
    private Runnable holding;

    HandshakeShaping(TcpConnection socket) {
        this.socket = socket;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        in = new DelayLine<>(socket.network.scheduler(), ctx::fireChannelRead, this::readReleased);
        out = new DelayLine<>(socket.network.scheduler(), w -> ctx.write(w.msg(), w.promise()), this::writeReleased);
    }

    /** The handshake ended, either way: from now on bytes cross as the connection's own shaping says. */
    void handshakeOver() {
        over = true;
        leaveWhenEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Shaping s = socket.shaping(NetConditions.Direction.DOWNLINK);
        if (in.isEmpty() && (over || !s.delays())) {
            ctx.fireChannelRead(msg);
        } else if (over || !s.delays()) {
            in.addLast(msg);
        } else {
            in.add(msg, size(msg), s, socket.network.conditions().random());
        }
        holdingChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (in.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Shaping s = socket.shaping(NetConditions.Direction.UPLINK);
        if (out.isEmpty() && (over || !s.delays())) {
            ctx.write(msg, promise);
        } else if (over || !s.delays()) {
            out.addLast(new Write(msg, promise));
        } else {
            out.add(
                    new Write(msg, promise),
                    size(msg),
                    s,
                    socket.network.conditions().random());
        }
        holdingChanged();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (out.isEmpty()) {
            ctx.flush();
        } // else what waits is flushed as it goes
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The connection ended under the handshake: what arrived before the end still comes first.
        in.releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        in.discard(ReferenceCountUtil::release);
        out.discard(w -> {
            ReferenceCountUtil.release(w.msg());
            w.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        });
        holdingChanged();
    }

    /**
     * While it holds the handshake's records, the open waits on the modem's timers rather than on
     * the host's network, so a test's virtual time may move ({@link ModemNetwork#settled}).
     */
    private void holdingChanged() {
        boolean held = !in.isEmpty() || !out.isEmpty();
        if (held && holding == null) {
            holding = socket.network.heldByConditions();
        } else if (!held && holding != null) {
            holding.run();
            holding = null;
        }
    }

    private void readReleased() {
        ctx.fireChannelReadComplete();
        leaveWhenEmpty();
    }

    private void writeReleased() {
        ctx.flush();
        leaveWhenEmpty();
    }

    private void leaveWhenEmpty() {
        holdingChanged();
        if (over && in.isEmpty() && out.isEmpty() && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private static int size(Object msg) {
        return msg instanceof ByteBuf b ? b.readableBytes() : 0;
    }
}
