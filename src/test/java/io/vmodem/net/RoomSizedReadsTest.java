package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * A socket's reads in one pass of its loop, as the epoll transport drives the handle: each read
 * asks for at most the room left, and reading goes on while there is room and the last read filled
 * its buffer.
 */
class RoomSizedReadsTest {
    private int room = 16 * 1024;

    private long passBytes;

    /** Reads as the transport does while the socket has more than enough; returns how many. */
    private int readsInOnePass(boolean readerTakesAll) {
        RecvByteBufAllocator.ExtendedHandle handle = new RoomSizedReads(() -> room, () -> {}).newHandle();
        EmbeddedChannel channel = new EmbeddedChannel();
        handle.reset(channel.config());
        int reads = 0;
        do {
            ByteBuf b = handle.allocate(UnpooledByteBufAllocator.DEFAULT);
            int n = b.writableBytes();
            assertThat(n).as("a read asks for at most the room left").isLessThanOrEqualTo(room);
            handle.attemptedBytesRead(n);
            handle.lastBytesRead(n); // the socket had more than that
            handle.incMessagesRead(1);
            passBytes += n;
            b.release();
            reads++;
            if (!readerTakesAll) {
                room -= n;
            }
        } while (handle.continueReading());
        channel.finishAndReleaseAll();
        return reads;
    }

    @Test
    void aReaderThatEmptiesTheBufferAtOnceLetsTheSocketReadOnInTheSamePass() {
        assertThat(readsInOnePass(true)).isEqualTo(RoomSizedReads.READS_PER_PASS);
    }

    /** A push-mode stream whose reader takes 64 KiB at once still leaves the loop to the others. */
    @Test
    void aPassReadsAtMostItsBytesHoweverLargeTheRoom() {
        room = 64 * 1024;
        int reads = readsInOnePass(true);
        assertThat(passBytes)
                .isGreaterThanOrEqualTo(RoomSizedReads.BYTES_PER_PASS)
                .isLessThan(RoomSizedReads.BYTES_PER_PASS + 64 * 1024);
        assertThat(reads).isLessThan(RoomSizedReads.READS_PER_PASS);
    }

    @Test
    void aFullBufferEndsThePass() {
        int reads = readsInOnePass(false);
        assertThat(room).isZero();
        assertThat(reads).isLessThan(RoomSizedReads.READS_PER_PASS);
    }
}
