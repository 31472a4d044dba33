package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Sizes each network read of a TCP socket to the room left in its receive buffer, so that the
 * socket never holds more than its limit: Netty's adaptive guess, capped by the room. One per
 * channel.
 *
 * <p>Netty's epoll transport keeps reading after the peer's FIN has arrived (EPOLLRDHUP) whether
 * or not the channel reads automatically; with no room such a read asks for nothing, and the
 * system's 0 for it would pass for the end of the stream. It is taken as "nothing read", so the FIN
 * is seen only once there is room to read up to it, as a module sees it only once its window
 * opens; {@code noRoom} is told, since the transport then stops watching the socket.
 */
final class RoomSizedReads implements RecvByteBufAllocator {
    /**
     * Reads a socket up to this many times a pass of its loop while there is room, as Netty's
     * default for a socket (an allocator made here would read once: one system call to wait for
     * every read, where a push-mode stream empties the buffer as fast as it fills).
     */
    static final int READS_PER_PASS = 16;

    /**
     * Bytes a socket reads at most in one pass of its loop, whatever its room: the other modems on
     * the loop wait meanwhile (16 reads of a 16 KiB buffer; a push-mode stream reads up to 64 KiB).
     */
    static final int BYTES_PER_PASS = 256 * 1024;

    private final RecvByteBufAllocator adaptive =
            new AdaptiveRecvByteBufAllocator(512, 4096, 65536).maxMessagesPerRead(READS_PER_PASS);
    private final IntSupplier room;
    private final Runnable noRoom;

    RoomSizedReads(IntSupplier room, Runnable noRoom) {
        this.room = room;
        this.noRoom = noRoom;
    }

    @Override
    public ExtendedHandle newHandle() {
        return new Capped((ExtendedHandle) adaptive.newHandle());
    }

    private final class Capped extends DelegatingHandle implements ExtendedHandle {
        private int passBytes;

        Capped(ExtendedHandle adaptive) {
            super(adaptive);
        }

        @Override
        public void reset(ChannelConfig config) {
            passBytes = 0;
            delegate().reset(config);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            int n = guess();
            return alloc.ioBuffer(n, n);
        }

        @Override
        public int guess() {
            return Math.max(0, Math.min(delegate().guess(), room.getAsInt()));
        }

        @Override
        public void lastBytesRead(int bytes) {
            if (bytes < 0 && attemptedBytesRead() == 0) {
                delegate().lastBytesRead(0);
                noRoom.run();
            } else {
                passBytes += Math.max(0, bytes);
                delegate().lastBytesRead(bytes);
            }
        }

        @Override
        public boolean continueReading() {
            return mayGoOn() && delegate().continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return mayGoOn() && ((ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
        }

        private boolean mayGoOn() {
            return passBytes < BYTES_PER_PASS && room.getAsInt() > 0;
        }
    }
}
