package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trace groups bytes into lines by one rule, applied byte by byte: a line ends at LF (to the
 * host, once it has content), at a CR with no LF after it, and at {@link ModemTrace#MAX_GROUP}
 * bytes. Runs of line content are copied at once; whatever the bytes and however they are cut
 * into writes, the lines are those of the rule.
 */
class TraceGroupingTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linesAreThoseOfTheByteByByteRuleWhateverTheWrites(boolean fromHost) {
        Random random = new Random(fromHost ? 11 : 12);
        for (int round = 0; round < 300; round++) {
            byte[] bytes = bytes(random);
            TraceRing ring = new TraceRing(100_000);
            ModemTrace trace = ModemTrace.of(null, ring, "m1", VirtualScheduler.standalone());
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(700));
                if (fromHost) {
                    trace.fromDte(bytes, at, n);
                } else {
                    trace.toDte(bytes, at, n);
                }
                at += n;
            }
            trace.flush();
            List<String> lines = ring.since(0, 100_000).stream()
                    .map(l -> l.kind() + " " + l.text())
                    .toList();
            assertThat(lines).as("round %d", round).isEqualTo(byRule(bytes, fromHost));
        }
    }

    /** Line ends, prompts, text and binary, in runs of any length up to past a group's size. */
    private static byte[] bytes(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + random.nextInt(12);
        for (int p = 0; p < pieces; p++) {
            switch (random.nextInt(5)) {
                case 0 -> out.writeBytes("\r\n".getBytes());
                case 1 -> out.write(random.nextBoolean() ? '\r' : '\n');
                case 2 -> out.writeBytes("> ".getBytes());
                case 3 -> {
                    byte[] text = new byte[random.nextInt(1200)];
                    for (int i = 0; i < text.length; i++) {
                        text[i] = (byte) (' ' + random.nextInt(95));
                    }
                    out.writeBytes(text);
                }
                default -> {
                    byte[] binary = new byte[random.nextInt(1500)];
                    random.nextBytes(binary);
                    out.writeBytes(binary);
                }
            }
        }
        return out.toByteArray();
    }

    /** The rule, byte by byte, as the trace applied it before it copied runs. */
    private static List<String> byRule(byte[] bytes, boolean fromHost) {
        String kind = fromHost ? ">" : "<";
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean content = false;
        int last = -1;
        for (byte value : bytes) {
            int b = value & 0xff;
            if (last == '\r' && b != '\n' && (fromHost || content)) {
                emit(lines, line, kind);
                content = false;
            }
            line.write(b);
            last = b;
            if (b != '\r' && b != '\n') {
                content = true;
            }
            if (b == '\n' && (fromHost || content) || line.size() >= ModemTrace.MAX_GROUP) {
                emit(lines, line, kind);
                content = false;
                last = -1;
            }
        }
        emit(lines, line, kind);
        return lines;
    }

    private static void emit(List<String> lines, ByteArrayOutputStream line, String kind) {
        if (line.size() == 0) {
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes[bytes.length - 1];
        boolean ended = end == '\r' || end == '\n';
        lines.add((ended ? kind : kind + kind) + " " + TraceText.escape(bytes));
    }
}
