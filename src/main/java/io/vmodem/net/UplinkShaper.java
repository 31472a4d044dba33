package io.vmodem.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.vmodem.time.Scheduler;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * What a socket sends, held on its way to the kernel while a condition says so: a latency, a
 * bandwidth, a stalled send buffer; for datagrams also loss, duplication and reordering. Held
 * writes wait in Netty's {@link PendingWriteQueue}, which counts them against the channel's
 * writability, so a send buffer full of held bytes refuses sends as a full one does and says when
 * it has room again. A close lets everything held go first, at once, then the FIN.
 *
 * <p>Added to a socket's pipeline the first time a condition applies to it; with none in force and
 * nothing held, a write passes straight through.
 */
final class UplinkShaper extends ChannelDuplexHandler {
    static final String NAME = "vmodem-uplink";

    /** The longest a datagram held back for reordering waits for the next one to pass it. */
    static final Duration REORDER_HOLD = Duration.ofSeconds(1);

    private final NetSocket owner;
    private final Scheduler scheduler;
    private ChannelHandlerContext ctx;
    private PendingWriteQueue queue;
    private DelayLine<Boolean> line;
    private DatagramPacket heldBack;
    private ChannelPromise heldBackPromise;
    private Scheduler.Cancellable heldBackTimer = Scheduler.Cancellable.DONE;

    UplinkShaper(NetSocket owner, Scheduler scheduler) {
        this.owner = owner;
        this.scheduler = scheduler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.queue = new PendingWriteQueue(ctx);
        this.line = new DelayLine<>(scheduler, flush -> queue.removeAndWrite(), ctx::flush);
    }

    /** Whether anything waits here. */
    boolean holding() {
        return queue != null && (!queue.isEmpty() || heldBack != null);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Shaping s = owner.shaping(NetConditions.Direction.UPLINK);
        if (s.none() && !holding()) {
            ctx.write(msg, promise);
            return;
        }
        if (msg instanceof DatagramPacket p) {
            datagram(p, promise, s);
            return;
        }
        hold(msg, promise, s);
    }

    private void datagram(DatagramPacket p, ChannelPromise promise, Shaping s) {
        var random = owner.network.conditions().random();
        String what = "datagram of " + p.content().readableBytes() + " bytes to " + NetSocket.text(p.recipient());
        if (s.loss() > 0 && random.nextDouble() < s.loss()) {
            owner.acted(what + " lost (udp-loss)");
            ReferenceCountUtil.release(p);
            promise.setSuccess();
            return;
        }
        if (s.duplicate() > 0 && random.nextDouble() < s.duplicate()) {
            owner.acted(what + " sent twice (udp-duplicate)");
            pass(p.retainedDuplicate(), ctx.newPromise(), s, what);
        }
        pass(p, promise, s, what);
    }

    /** One datagram on its way: held back behind the next one at the reorder rate, else queued. */
    private void pass(DatagramPacket p, ChannelPromise promise, Shaping s, String what) {
        if (heldBack == null
                && s.reorder() > 0
                && owner.network.conditions().random().nextDouble() < s.reorder()) {
            owner.acted(what + " held back behind the next (udp-reorder)");
            heldBack = p;
            heldBackPromise = promise;
            heldBackTimer = scheduler.schedule(this::letHeldBackGo, REORDER_HOLD);
            return;
        }
        hold(p, promise, s);
        if (heldBack != null) {
            letHeldBackGo(); // it goes after the one that passed it
        }
    }

    private void letHeldBackGo() {
        heldBackTimer.cancel();
        DatagramPacket p = heldBack;
        ChannelPromise promise = heldBackPromise;
        heldBack = null;
        heldBackPromise = null;
        if (p != null) {
            hold(p, promise, owner.shaping(NetConditions.Direction.UPLINK));
        }
    }

    private void hold(Object msg, ChannelPromise promise, Shaping s) {
        if (!s.delays() && !s.stall() && line.isEmpty()) {
            ctx.write(msg, promise);
            ctx.flush();
            return;
        }
        int size = msg instanceof DatagramPacket p
                ? p.content().readableBytes()
                : msg instanceof io.netty.buffer.ByteBuf b ? b.readableBytes() : 0;
        queue.add(msg, promise);
        line.add(Boolean.TRUE, size, s, owner.network.conditions().random());
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (line == null || line.isEmpty()) {
            ctx.flush();
        }
        // else: what waits goes out, and is flushed, when its time comes
    }

    /** The conditions changed: a stall that ended lets its writes go; none at all lets everything go. */
    void reconsider() {
        if (line == null) {
            return;
        }
        Shaping s = owner.shaping(NetConditions.Direction.UPLINK);
        if (s.none()) {
            letHeldBackGo();
            line.releaseAll();
        } else if (!s.stall()) {
            line.unstall(s, owner.network.conditions().random());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        letGoOfEverything();
        ctx.close(promise);
    }

    /** What the host sent before a close goes before the FIN, at once. */
    void letGoOfEverything() {
        if (line == null) {
            return;
        }
        if (heldBack != null) {
            heldBackTimer.cancel();
            queue.add(heldBack, heldBackPromise);
            line.addLast(Boolean.TRUE);
            heldBack = null;
            heldBackPromise = null;
        }
        line.releaseAll();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        heldBackTimer.cancel();
        if (heldBack != null) {
            ReferenceCountUtil.release(heldBack);
            heldBackPromise.tryFailure(new ClosedChannelException());
            heldBack = null;
        }
        if (line != null) {
            line.discard(b -> {});
            queue.removeAndFailAll(new ClosedChannelException());
        }
    }
}
