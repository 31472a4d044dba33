package io.vmodem.net;

import java.util.ArrayDeque;

/**
 * A socket's receive buffer as the module shows it: at most {@code limit} bytes are visible. The
 * socket stops reading from the network once it holds {@code limit}; the one read already in flight
 * when it stops may push it past the limit, and those extra bytes stay invisible (as if still in
 * the network) until reading makes room, so counters never exceed the limit.
 */
final class RxBuffer {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final int limit;
    private int headOffset;
    private int size;
    private long read;

    RxBuffer(int limit) {
        this.limit = limit;
    }

    void append(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
            size += bytes.length;
        }
    }

    /** Bytes the host can read now. */
    int unread() {
        return Math.min(size, limit);
    }

    /** Every byte ever made visible: read plus unread. */
    long received() {
        return read + unread();
    }

    long read() {
        return read;
    }

    /** Bytes held in memory: the unread ones plus any read that overshot the limit. */
    int held() {
        return size;
    }

    boolean full() {
        return size >= limit;
    }

    int limit() {
        return limit;
    }

    byte[] take(int max) {
        int n = Math.min(max, unread());
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            byte[] head = chunks.peek();
            int k = Math.min(head.length - headOffset, n - done);
            System.arraycopy(head, headOffset, out, done, k);
            done += k;
            headOffset += k;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        size -= n;
        read += n;
        return out;
    }

    void clear() {
        chunks.clear();
        headOffset = 0;
        size = 0;
    }
}
