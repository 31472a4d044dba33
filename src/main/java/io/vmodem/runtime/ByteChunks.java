package io.vmodem.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Bytes waiting in the pieces they came in (a copy of each), taken out in any amounts: the queues
 * of a paced UART and of a link's writer thread. Not thread-safe.
 */
public final class ByteChunks {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private int size;

    public int size() {
        return size;
    }

    /** Keeps a copy of the bytes from the buffer's position to its limit. */
    public void add(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        addOwned(copy);
    }

    /** Keeps {@code bytes} themselves: the caller hands them over. */
    public void addOwned(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
            size += bytes.length;
        }
    }

    /** The next {@code min(max, size())} bytes. */
    public byte[] take(int max) {
        byte[] out = new byte[Math.min(max, size)];
        int filled = 0;
        while (filled < out.length) {
            byte[] head = chunks.peek();
            int n = Math.min(out.length - filled, head.length - headOffset);
            System.arraycopy(head, headOffset, out, filled, n);
            filled += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        size -= out.length;
        return out;
    }

    public void clear() {
        chunks.clear();
        headOffset = 0;
        size = 0;
    }
}
