package io.vmodem.at;

import io.vmodem.time.Scheduler;
import java.time.Duration;

/**
 * Recognises the {@code +++} escape in online data mode (V.250 6.3.13 with S2 and S12): a guard
 * time of silence, the three escape characters within the {@link EscapeRule}, then silence again.
 * Escape characters are held while a match is possible; a match that fails or times out is passed
 * on as data, in order, so no byte is lost. Timers run on the scheduler (Nordic's quit_str_match).
 */
final class EscapeDetector {

    interface Sink {
        void data(byte[] bytes, int offset, int length);

        void escape();
    }

    private static final int LENGTH = 3;

    private final Scheduler scheduler;
    private final AtSettings settings;
    private final Sink sink;
    private final EscapeRule rule;
    private long lastInput;
    private long firstPlus;
    private long lastPlus;
    private int matched;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

    EscapeDetector(Scheduler scheduler, AtSettings settings, EscapeRule rule, Sink sink) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.rule = rule;
        this.sink = sink;
    }

    /** Online mode begins now: the guard time counts from here. */
    void start() {
        stop();
        lastInput = scheduler.nanoTime();
    }

    /** Online mode ended otherwise: forget held characters and timers. */
    void stop() {
        timer.cancel();
        timer = Scheduler.Cancellable.DONE;
        matched = 0;
    }

    void feed(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        long now = scheduler.nanoTime();
        long guard = guardNanos();
        int esc = settings.register(AtSettings.S_ESCAPE_CHAR);
        int runStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int c = bytes[i] & 0xff;
            // Bytes of one chunk arrive together: only the first can follow a silence.
            long sincePrevious = i == offset ? now - lastInput : 0;
            if (matched == 0) {
                if (c == esc && sincePrevious >= guard) {
                    emit(bytes, runStart, i);
                    matched = 1;
                    firstPlus = now;
                    lastPlus = now;
                    runStart = i + 1;
                    armPartialTimeout();
                } else {
                    // Nothing later in this chunk follows a silence: pass the rest on whole.
                    break;
                }
            } else if (matched < LENGTH
                    && c == esc
                    && sincePrevious <= rule.maxGap().toNanos()
                    && now - firstPlus <= rule.maxSpan().toNanos()) {
                matched++;
                lastPlus = now;
                runStart = i + 1;
                timer.cancel();
                if (matched == LENGTH) {
                    timer = scheduler.schedule(this::guardAfterElapsed, Duration.ofNanos(guard));
                } else {
                    armPartialTimeout();
                }
            } else {
                timer.cancel();
                releaseHeld();
                runStart = i;
                if (c == esc && sincePrevious >= guard) {
                    i--; // this character may begin a new match
                }
            }
        }
        emit(bytes, runStart, end);
        lastInput = now;
    }

    private void armPartialTimeout() {
        long now = scheduler.nanoTime();
        long gapEnd = lastPlus + rule.maxGap().toNanos();
        long spanEnd = firstPlus + rule.maxSpan().toNanos();
        long deadline = Math.min(gapEnd, spanEnd);
        timer = scheduler.schedule(this::partialTimedOut, Duration.ofNanos(Math.max(0, deadline - now) + 1));
    }

    private void partialTimedOut() {
        if (matched > 0 && matched < LENGTH) {
            releaseHeld();
        }
    }

    private void guardAfterElapsed() {
        if (matched == LENGTH) {
            matched = 0;
            timer = Scheduler.Cancellable.DONE;
            sink.escape();
        }
    }

    private void releaseHeld() {
        if (matched == 0) {
            return;
        }
        byte[] held = new byte[matched];
        java.util.Arrays.fill(held, (byte) settings.register(AtSettings.S_ESCAPE_CHAR));
        matched = 0;
        sink.data(held, 0, held.length);
    }

    private void emit(byte[] bytes, int from, int to) {
        if (to > from) {
            sink.data(bytes, from, to - from);
        }
    }

    private long guardNanos() {
        return settings.escapeGuardMillis() * 1_000_000L;
    }
}
