package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory trace: the last lines by number, growing only as lines come, and live subscribers. */
class TraceRingTest {

    @Test
    void keepsTheLastLinesByNumberAndTellsSubscribers() {
        TraceRing ring = new TraceRing(40);
        List<Long> heard = new ArrayList<>();
        TraceRing.Subscriber s = l -> heard.add(l.seq());
        ring.subscribe(s);
        for (int i = 1; i <= 100; i++) {
            ring.add(i, ">", "line " + i);
        }
        assertThat(ring.nextSeq()).isEqualTo(101);
        List<TraceRing.Line> kept = ring.since(0, 1000);
        assertThat(kept).hasSize(40);
        assertThat(kept.get(0).seq()).isEqualTo(61);
        assertThat(kept.get(0).text()).isEqualTo("line 61");
        assertThat(kept.get(39).text()).isEqualTo("line 100");
        assertThat(ring.since(95, 2)).extracting(TraceRing.Line::seq).containsExactly(96L, 97L);
        assertThat(ring.since(100, 10)).isEmpty();
        assertThat(heard).hasSize(100).startsWith(1L).endsWith(100L);
        ring.unsubscribe(s);
        ring.add(101, "<", "after");
        assertThat(heard).hasSize(100);
    }

    @Test
    void linesKeepTheirOrderWhileTheRoomGrows() {
        TraceRing ring = new TraceRing(500);
        for (int i = 1; i <= 37; i++) {
            ring.add(i, "net", "n" + i);
        }
        assertThat(ring.since(0, 1000))
                .extracting(TraceRing.Line::text)
                .hasSize(37)
                .startsWith("n1")
                .endsWith("n37");
        assertThat(ring.since(30, 1000))
                .extracting(TraceRing.Line::seq)
                .containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L);
    }
}
