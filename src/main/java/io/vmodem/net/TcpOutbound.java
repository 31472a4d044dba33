package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vmodem.time.Scheduler;
import java.time.Duration;

/**
 * The way out of one {@link TcpConnection}: sends coalesced into few system calls, and the
 * accounting a module reports of them (sent, acknowledged, unacknowledged), including what the
 * peer-unreachable fault strands. Kept apart from the connection, whose other concerns are the way
 * in and its life, so that each reads on its own.
 */
final class TcpOutbound {
    private final TcpConnection owner;
    private final Runnable flush = this::flushNow;
    private long sent;
    private long flushed;
    private long finalUnacked = -1;
    private boolean flushPending;
    private long unflushed;
    private boolean peerUnreachable;
    private Duration retransmitFor;
    private long stranded;
    private Scheduler.Cancellable giveUp = Scheduler.Cancellable.DONE;

    TcpOutbound(TcpConnection owner) {
        this.owner = owner;
    }

    /** Queues {@code length} bytes of {@code data} for the peer; null on success, else why not. */
    NetError send(byte[] data, int offset, int length) {
        Channel channel = owner.channel;
        if (owner.state != SocketState.CONNECTED || channel == null || !channel.isActive()) {
            return NetError.NOT_CONNECTED;
        }
        if (owner.sendFails()) {
            return NetError.SEND_FAILED;
        }
        if (!channel.isWritable()) {
            return NetError.BUFFER_FULL;
        }
        if (length == 0) {
            return null;
        }
        sent += length;
        owner.network.observer().socketSent(owner, length, null);
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
        if (owner.channel != null) {
            owner.channel.flush();
        }
    }

    /** Total bytes accepted by {@link #send}. */
    long sent() {
        return sent;
    }

    /** Bytes sent that the peer has not acknowledged (queued here or in the kernel). */
    long unacknowledged() {
        if (finalUnacked >= 0) {
            return finalUnacked;
        }
        long queuedHere = sent - flushed - stranded;
        return stranded + queuedHere + (owner.channel == null ? 0 : KernelQueues.unacknowledged(owner.channel));
    }

    /** The connection is ending: the counters keep what they say now, once the kernel forgets it. */
    void freeze() {
        if (finalUnacked < 0) {
            finalUnacked = unacknowledged();
        }
    }

    /** The connection closed: no give-up waits any more. */
    void closed() {
        giveUp.cancel();
    }

    /** Whether the peer-unreachable fault holds the path silent (nothing is read either). */
    boolean peerUnreachable() {
        return peerUnreachable;
    }

    /** See {@link TcpConnection#peerUnreachable(Duration)}. */
    void peerUnreachable(Duration retransmitFor) {
        if (owner.state != SocketState.CONNECTED || peerUnreachable) {
            return;
        }
        peerUnreachable = true;
        this.retransmitFor = retransmitFor;
        owner.channel.config().setAutoRead(false);
    }

    private void strand(int length) {
        stranded += length;
        if (stranded == length && retransmitFor != null) {
            giveUp = owner.network.scheduler().schedule(this::retransmissionsExhausted, retransmitFor);
        }
    }

    private void retransmissionsExhausted() {
        if (owner.state != SocketState.CONNECTED) {
            return;
        }
        freeze();
        owner.endedByNetwork(CloseCause.SEND_TIMEOUT);
        owner.channel.close();
    }
}
