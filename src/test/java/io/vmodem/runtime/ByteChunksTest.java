package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ByteChunksTest {

    @Property(tries = 200)
    void whatGoesInComesOutInOrderWhateverThePieces(
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 3000) Integer> pieces,
            @ForAll @IntRange(min = 1, max = 4000) int take) {
        ByteChunks chunks = new ByteChunks();
        Random random = new Random(pieces.hashCode());
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int n : pieces) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            in.writeBytes(bytes);
            chunks.add(ByteBuffer.wrap(bytes));
        }
        assertThat(chunks.size()).isEqualTo(in.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (chunks.size() > 0) {
            byte[] got = chunks.take(take);
            assertThat(got.length).isEqualTo(Math.min(take, got.length + chunks.size()));
            out.writeBytes(got);
        }
        assertThat(out.toByteArray()).isEqualTo(in.toByteArray());
        assertThat(chunks.take(take)).isEmpty();
    }
}
