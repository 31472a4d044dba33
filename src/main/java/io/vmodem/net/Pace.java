package io.vmodem.net;

import java.util.Random;

/**
 * When each piece going one way reaches the other end under a {@link Shaping}: it waits for the
 * link to be free and takes its transmission time at the bandwidth, then the delay and its jitter;
 * never before the piece ahead of it, so jitter does not reorder a stream. Times are the modem's
 * scheduler's nanoseconds.
 */
final class Pace {
    private long linkFree = Long.MIN_VALUE;
    private long lastDue = Long.MIN_VALUE;

    /** When {@code bytes} sent at {@code now} arrive. */
    long due(long now, int bytes, Shaping s, Random random) {
        long start = Math.max(now, linkFree);
        long sent = start + s.transmitNanos(bytes);
        if (s.bitsPerSecond() > 0) {
            linkFree = sent;
        }
        long jitter = s.jitterNanos() > 0 ? (long) (random.nextDouble() * (s.jitterNanos() + 1)) : 0;
        long due = Math.max(sent + s.delayNanos() + jitter, lastDue);
        lastDue = due;
        return due;
    }

    /** Nothing is on its way any more: the next piece starts afresh. */
    void idle(long now) {
        linkFree = Math.min(linkFree, now);
        lastDue = Math.min(lastDue, now);
    }
}
