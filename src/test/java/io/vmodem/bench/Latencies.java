package io.vmodem.bench;

import java.util.Arrays;

/** Round-trip times in nanoseconds, kept whole so percentiles are exact. Not thread-safe. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The smallest value at or above fraction {@code p} of the samples (nearest rank). */
    long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
