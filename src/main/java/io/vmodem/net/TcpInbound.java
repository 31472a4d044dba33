package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Random;

/**
 * The way in of one {@link TcpConnection}: what the network delivers passes the peer-end faults
 * (the peer closes or resets after so many more bytes) and the downlink's latency and bandwidth
 * before it reaches the receive buffer, and the end of the stream waits behind the bytes before
 * it. What waits on the way counts against the buffer's limit, so TCP flow control holds the peer
 * while it waits. Kept apart from the connection, whose other concerns are the way out and its
 * life.
 */
final class TcpInbound {
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

    private final TcpConnection owner;
    private final RxBuffer rx;
    /** What a latency or a bandwidth holds back on its way in: bytes, and the end of the stream. */
    private DelayLine<Object> downlink;
    /** Data let go from the downlink that the reader has not been told of yet. */
    private boolean untold;
    /** The peer-reset or peer-close fault waiting for more bytes to arrive first. */
    private PeerEnd cut;
    /** The peer's end is decided: nothing more is read, what arrives is not delivered. */
    private boolean peerEnding;

    TcpInbound(TcpConnection owner, RxBuffer rx) {
        this.owner = owner;
        this.rx = rx;
    }

    /** Room left for bytes from the network: the buffer's limit, less what it holds and what waits on the way. */
    int room() {
        return rx.room() - waiting();
    }

    /** Bytes held on their way in. */
    int waiting() {
        return downlink == null ? 0 : downlink.bytes();
    }

    /** Whether the peer's end is decided, so nothing more is read. */
    boolean peerEnding() {
        return peerEnding;
    }

    /** See {@link TcpConnection#peerEnds}. */
    boolean peerEnds(boolean reset, long after) {
        if (owner.state != SocketState.CONNECTED || peerEnding || owner.channel == null) {
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
        owner.channel.config().setAutoRead(false);
        if (downlink != null && !downlink.isEmpty()) {
            downlink.addLast(new PeerEnd(reset, 0));
        } else {
            // after the reader has heard of what arrived with it, as with a real FIN
            owner.network.after(Duration.ZERO, () -> owner.peerEnded(reset));
        }
    }

    /** Bytes from the network: to the buffer now, or held on their way. Returns whether they are in the buffer. */
    boolean arrived(ByteBuf b) {
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
        Shaping s = owner.shaping(NetConditions.Direction.DOWNLINK);
        if (s.none() && (downlink == null || downlink.isEmpty())) {
            deliver(b);
            return true;
        }
        if (downlink == null) {
            downlink = new DelayLine<>(owner.network.scheduler(), this::letGo, this::tellReader);
        }
        Random random = owner.network.conditions().random();
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

    /** The channel closed underneath: the end arrives after the bytes before it. */
    void channelInactive() {
        if (downlink != null && !downlink.isEmpty()) {
            downlink.addLast(GONE);
        } else {
            owner.channelGone();
        }
    }

    /** The conditions changed: with none left on the way in, what waits goes at once. */
    void conditionsChanged() {
        if (downlink != null
                && !downlink.isEmpty()
                && owner.shaping(NetConditions.Direction.DOWNLINK).none()) {
            downlink.releaseAll();
        }
    }

    /** The connection closed: what waits on the way is dropped, and so is a peer-end fault. */
    void discard() {
        cut = null;
        if (downlink != null) {
            downlink.discard(item -> {
                if (item instanceof ByteBuf b) {
                    b.release();
                }
            });
        }
    }

    private void deliver(ByteBuf b) {
        int n = b.readableBytes();
        rx.append(b);
        owner.network.observer().socketReceived(owner, n, null);
    }

    /** One piece let go from the downlink. */
    private void letGo(Object item) {
        if (item instanceof ByteBuf b) {
            if (owner.state == SocketState.CLOSED) {
                b.release();
                return;
            }
            deliver(b);
            untold = true;
            return;
        }
        tellReader(); // the data before the end is heard of before the end
        if (item == GONE) {
            owner.channelGone();
        } else if (item instanceof PeerEnd e) {
            owner.peerEnded(e.reset);
        }
    }

    private void tellReader() {
        if (untold) {
            untold = false;
            if (owner.state != SocketState.CLOSED) {
                owner.events.readable(owner);
            }
        }
    }
}
