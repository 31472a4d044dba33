package io.vmodem.net;

import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Pieces held on their way, in order, each let go at its time on the modem's scheduler: what a
 * latency or a bandwidth holds back. One timer, for the head. The owner counts what is held against
 * its buffer's limit, so back-pressure holds while pieces wait; when the condition ends, everything
 * held goes at once, in order, and nothing is lost.
 *
 * @param <T> what is held (a buffer of bytes, a datagram, the end of a stream)
 */
final class DelayLine<T> {
    private record Held<T>(long due, int bytes, T item) {}

    private final Scheduler scheduler;
    private final Consumer<T> release;
    private final Runnable released;
    private final ArrayDeque<Held<T>> line = new ArrayDeque<>();
    private final Pace pace = new Pace();
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
    private long timerDue = Long.MAX_VALUE;
    private int bytes;

    /**
     * @param release lets one piece go on its way
     * @param released runs once after each batch let go (to tell the reader once)
     */
    DelayLine(Scheduler scheduler, Consumer<T> release, Runnable released) {
        this.scheduler = scheduler;
        this.release = release;
        this.released = released;
    }

    boolean isEmpty() {
        return line.isEmpty();
    }

    /** Bytes held now. */
    int bytes() {
        return bytes;
    }

    /** Holds {@code item} ({@code size} bytes) until the shaping lets it through. */
    void add(T item, int size, Shaping s, java.util.Random random) {
        long now = scheduler.nanoTime();
        long due = s.stall() ? Long.MAX_VALUE : pace.due(now, size, s, random);
        if (!line.isEmpty() && line.peekLast().due() > due) {
            due = line.peekLast().due(); // behind what waits already: order is kept
        }
        line.add(new Held<>(due, size, item));
        bytes += size;
        arm();
    }

    /** The end of the stream, or anything else of no size, after what waits already. */
    void addLast(T item) {
        long due = line.isEmpty() ? scheduler.nanoTime() : line.peekLast().due();
        line.add(new Held<>(due, 0, item));
        arm();
    }

    /** Everything held goes now, in order (the condition ended). */
    void releaseAll() {
        if (line.isEmpty()) {
            return;
        }
        timer.cancel();
        timerDue = Long.MAX_VALUE;
        while (!line.isEmpty()) {
            pop();
        }
        pace.idle(scheduler.nanoTime());
        released.run();
    }

    /** Everything held is let go of without being delivered (the socket closed). */
    void discard(Consumer<T> drop) {
        timer.cancel();
        timerDue = Long.MAX_VALUE;
        while (!line.isEmpty()) {
            Held<T> h = line.poll();
            bytes -= h.bytes();
            drop.accept(h.item());
        }
    }

    private void pop() {
        Held<T> h = line.poll();
        bytes -= h.bytes();
        release.accept(h.item());
    }

    private void arm() {
        Held<T> head = line.peek();
        if (head == null || head.due() == Long.MAX_VALUE || head.due() >= timerDue) {
            return;
        }
        timer.cancel();
        timerDue = head.due();
        long wait = Math.max(0, head.due() - scheduler.nanoTime());
        timer = scheduler.schedule(this::due, Duration.ofNanos(wait));
    }

    private void due() {
        timerDue = Long.MAX_VALUE;
        long now = scheduler.nanoTime();
        boolean any = false;
        while (!line.isEmpty() && line.peek().due() <= now) {
            pop();
            any = true;
        }
        arm();
        if (any) {
            released.run();
        }
    }

    /** Pieces that waited for a stall wait no longer once it ends: they go after the others. */
    void unstall(Shaping s, java.util.Random random) {
        if (line.isEmpty() || line.peekLast().due() != Long.MAX_VALUE) {
            return;
        }
        ArrayDeque<Held<T>> all = new ArrayDeque<>(line);
        line.clear();
        bytes = 0;
        timer.cancel();
        timerDue = Long.MAX_VALUE;
        long now = scheduler.nanoTime();
        for (Held<T> h : all) {
            if (h.due() != Long.MAX_VALUE) {
                line.add(h);
                bytes += h.bytes();
            } else if (h.bytes() == 0) {
                line.add(new Held<>(line.isEmpty() ? now : line.peekLast().due(), 0, h.item()));
            } else {
                add(h.item(), h.bytes(), s, random);
            }
        }
        arm();
    }
}
