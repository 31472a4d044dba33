package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The receive buffer keeps the network's buffers it holds, hands out exact bytes and releases them. */
class RxBufferTest {
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final List<ByteBuf> appended = new ArrayList<>();

    private ByteBuf network(byte[] bytes, int capacity) {
        ByteBuf b = alloc.directBuffer(capacity).writeBytes(bytes);
        appended.add(b);
        return b;
    }

    @Property(tries = 200)
    void bytesComeOutExactlyInAnyPieces(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 10_000) Integer> reads,
            @ForAll @IntRange(min = 1, max = 3000) int take,
            @ForAll boolean asPieces) {
        RxBuffer rx = new RxBuffer(Integer.MAX_VALUE);
        Random random = new Random(reads.hashCode());
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int n : reads) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            in.writeBytes(bytes);
            rx.append(network(bytes, n));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (rx.unread() > 0) {
            if (asPieces) {
                rx.take(take, piece -> {
                    byte[] b = new byte[piece.remaining()];
                    piece.get(b);
                    out.writeBytes(b);
                });
            } else {
                out.writeBytes(rx.take(take));
            }
        }
        assertThat(out.toByteArray()).isEqualTo(in.toByteArray());
        assertThat(rx.read()).isEqualTo(in.size());
        assertThat(appended).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void clearingReleasesWhatIsHeld() {
        RxBuffer rx = new RxBuffer(1 << 20);
        rx.append(network(new byte[8192], 8192));
        rx.append(network(new byte[10], 2048));
        rx.take(100, piece -> {});
        rx.clear();
        assertThat(rx.unread()).isZero();
        assertThat(appended).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void roomIsWhatIsLeftOfTheLimitAndEveryHeldByteIsVisible() {
        RxBuffer rx = new RxBuffer(100);
        assertThat(rx.room()).isEqualTo(100);
        rx.append(network(new byte[60], 60));
        assertThat(rx.room()).isEqualTo(40);
        rx.append(network(new byte[40], 40));
        assertThat(rx.full()).isTrue();
        assertThat(rx.room()).isZero();
        assertThat(rx.unread()).isEqualTo(100).isEqualTo(rx.held());
        assertThat(rx.take(30)).hasSize(30);
        assertThat(rx.room()).isEqualTo(30);
        assertThat(rx.held()).isEqualTo(70);
        assertThat(rx.received()).isEqualTo(100);
        rx.clear();
        assertThat(appended).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }
}
