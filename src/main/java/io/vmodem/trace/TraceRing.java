package io.vmodem.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A modem's last trace lines, kept in memory for the control API: {@code capacity} lines, each
 * numbered from 1 in the order written, so a reader asks for what came after the last number it
 * saw; and live subscribers, told of each line as it is written. Confined to the modem's thread:
 * readers elsewhere ask the modem's loop.
 */
public final class TraceRing {
    /**
     * One trace line.
     *
     * @param seq its number in this modem's trace, from 1
     * @param epochNanos when, in nanoseconds since 1970
     * @param kind {@code >} and {@code <} (lines from and to the host), {@code >>} and {@code <<}
     *     (bytes without a line end), {@code net}, {@code *} (the link and the modem), {@code fault}
     * @param text the line as the trace file has it, control bytes escaped
     */
    public record Line(long seq, long epochNanos, String kind, String text) {}

    /** Hears each line as it is written, on the modem's thread; must not block. */
    public interface Subscriber {
        void line(Line line);
    }

    /** Room for the first lines; it grows up to the capacity, so a quiet modem stays small. */
    private static final int FIRST_ROOM = 16;

    private final int capacity;
    private Line[] lines;
    private final List<Subscriber> subscribers = new ArrayList<>(1);
    private long next = 1;

    public TraceRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace ring keeps at least one line");
        }
        this.capacity = capacity;
        this.lines = new Line[Math.min(capacity, FIRST_ROOM)];
    }

    public int capacity() {
        return capacity;
    }

    void add(long epochNanos, String kind, String text) {
        Line line = new Line(next, epochNanos, kind, text);
        if (next > lines.length && lines.length < capacity) {
            // not yet wrapped: the lines so far sit at 0..next-2, in order
            lines = java.util.Arrays.copyOf(lines, (int) Math.min(capacity, (long) lines.length * 2));
        }
        lines[(int) ((next - 1) % lines.length)] = line;
        next++;
        for (int i = 0; i < subscribers.size(); i++) {
            subscribers.get(i).line(line);
        }
    }

    /** The number the next line will get: every line so far has a smaller one. */
    public long nextSeq() {
        return next;
    }

    /** The kept lines numbered above {@code since}, oldest first, at most {@code max}. */
    public List<Line> since(long since, int max) {
        long first = Math.max(since + 1, Math.max(1, next - capacity));
        List<Line> out = new ArrayList<>();
        for (long s = first; s < next && out.size() < max; s++) {
            out.add(lines[(int) ((s - 1) % lines.length)]);
        }
        return out;
    }

    public void subscribe(Subscriber s) {
        subscribers.add(Objects.requireNonNull(s));
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }
}
