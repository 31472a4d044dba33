package io.vmodem.net;

/**
 * What the conditions in force do to one socket's bytes going one way, worked out from {@link
 * NetConditions}: added delay and jitter, a bandwidth, the chances that a datagram is lost,
 * duplicated or held back, and whether sends stall.
 *
 * @param delayNanos added to every piece's crossing
 * @param jitterNanos up to this much more, drawn per piece; order is kept
 * @param bitsPerSecond the narrowest bandwidth, 0 for none
 * @param loss chance a datagram is lost
 * @param duplicate chance a datagram arrives twice
 * @param reorder chance a datagram is held back behind the next
 * @param stall whether what is sent waits until the condition ends
 */
record Shaping(
        long delayNanos,
        long jitterNanos,
        long bitsPerSecond,
        double loss,
        double duplicate,
        double reorder,
        boolean stall) {
    static final Shaping NONE = new Shaping(0, 0, 0, 0, 0, 0, false);

    /** Whether bytes cross untouched. */
    boolean none() {
        return delayNanos == 0
                && jitterNanos == 0
                && bitsPerSecond == 0
                && loss == 0
                && duplicate == 0
                && reorder == 0
                && !stall;
    }

    /** Whether pieces wait on their way (rather than only being lost, duplicated or reordered). */
    boolean delays() {
        return delayNanos > 0 || jitterNanos > 0 || bitsPerSecond > 0;
    }

    /** How long {@code bytes} take to go out at the bandwidth (0 without one). */
    long transmitNanos(long bytes) {
        if (bitsPerSecond == 0) {
            return 0;
        }
        return (long) Math.ceil(bytes * 8 * 1e9 / bitsPerSecond);
    }

    /**
     * The largest piece a capped stream is cut into, so that it arrives as a trickle rather than in
     * one lump: a TCP segment, or what the bandwidth carries in 10 ms if that is more.
     */
    int sliceBytes() {
        return (int) Math.max(1460, Math.min(Integer.MAX_VALUE, bitsPerSecond / 8 / 100));
    }
}
