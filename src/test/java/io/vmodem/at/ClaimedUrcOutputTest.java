package io.vmodem.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.MemoryPort;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A burst of push URCs written straight into the link's buffer ({@link DtePort#claim}) reaches the
 * host byte for byte as it does through the port's layers, whatever the link's room, and in one
 * hand-over where the room holds the whole burst.
 */
class ClaimedUrcOutputTest {

    /** A link with a buffer of its own: counts claims and plain writes. */
    private static final class ClaimingPort implements DtePort {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int room;
        int claims;
        int writes;
        boolean open;

        ClaimingPort(int room) {
            this.room = room;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            assertThat(open).as("a write while a claim is open").isFalse();
            writes++;
            out.write(bytes, offset, length);
        }

        @Override
        public ByteBuffer claim(int max) {
            assertThat(max).isLessThanOrEqualTo(room);
            claims++;
            open = true;
            return ByteBuffer.allocate(max);
        }

        @Override
        public void commit(ByteBuffer claimed) {
            open = false;
            out.write(claimed.array(), 0, claimed.position());
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public int writableBytes() {
            return room;
        }

        @Override
        public void setInputPaused(boolean paused) {}
    }

    /** Pieces of push data as DataPush writes them: asks whether the link takes more before each. */
    private static void burst(DteOutput output, long seed) {
        Random random = new Random(seed);
        Urc.UrcOutput urcs = output.urcs();
        for (int i = 0; i < 60; i++) {
            assertThat(urcs.writable()).isTrue();
            byte[] data = new byte[1 + random.nextInt(1500)];
            random.nextBytes(data);
            urcs.line("+QIURC: \"recv\",0," + data.length);
            urcs.raw(ByteBuffer.wrap(data));
            urcs.lineEnd();
            if (i % 7 == 0) {
                urcs.raw(data, 0, Math.min(10, data.length)); // pieces from an array go the same way
            }
        }
        output.result(Final.OK); // the engine's own output after the burst keeps its place
        output.flush(true);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4096, 5000, 20_000, 64 * 1024})
    void theHostReadsTheSameBytesWhateverTheRoom(int room) {
        MemoryPort plain = new MemoryPort();
        burst(new DteOutput(plain, AtSettings.factory(), code -> "error"), 42);
        ClaimingPort claiming = new ClaimingPort(room);
        burst(new DteOutput(claiming, AtSettings.factory(), code -> "error"), 42);

        assertThat(claiming.out.toByteArray()).isEqualTo(plain.takeBytes());
        assertThat(claiming.open).isFalse();
        if (room < 4096) {
            assertThat(claiming.claims).as("too little room is not claimed").isZero();
        } else {
            assertThat(claiming.claims).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aBurstThatFitsTheRoomIsHandedOverOnce(int verbose) {
        AtSettings settings = AtSettings.factory().verbose(verbose == 1);
        ClaimingPort claiming = new ClaimingPort(64 * 1024);
        DteOutput output = new DteOutput(claiming, settings, code -> "error");
        Urc.UrcOutput urcs = output.urcs();
        for (int i = 0; i < 40; i++) {
            assertThat(urcs.writable()).isTrue();
            urcs.line("+QIURC: \"recv\",0,1500");
            urcs.raw(ByteBuffer.wrap(new byte[1500]));
            urcs.lineEnd();
        }
        assertThat(output.gathered()).as("claimed bytes count as gathered").isGreaterThan(40 * 1500);
        output.flush(true);

        assertThat(claiming.claims).isEqualTo(1);
        assertThat(claiming.writes).isZero();
        assertThat(claiming.out.size()).isEqualTo(40 * (1500 + 21 + 2 + 2 + 2 * verbose)); // header, CR LF, data, CR LF
    }
}
