package io.vmodem.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A response's body as it comes: kept whole, up to a limit, or streamed, where at most the limit
 * waits in pieces until the reader takes it.
 */
final class HttpBody {
    private final boolean streamed;
    private final int limit;
    private final ByteArrayOutputStream whole = new ByteArrayOutputStream();
    /** A streamed body's pieces not taken yet, the first from {@link #offset}. */
    private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();

    private int offset;
    private int waiting;
    private long received;

    HttpBody(boolean streamed, int limit) {
        this.streamed = streamed;
        this.limit = limit;
    }

    /** Whether {@code n} more bytes may come: a body kept whole stops at the limit. */
    boolean fits(int n) {
        return streamed || whole.size() + n <= limit;
    }

    void add(byte[] piece) {
        received += piece.length;
        if (streamed) {
            pieces.add(piece);
            waiting += piece.length;
        } else {
            whole.writeBytes(piece);
        }
    }

    byte[] whole() {
        return whole.toByteArray();
    }

    long received() {
        return received;
    }

    /** Bytes of a streamed body waiting to be taken. */
    int waiting() {
        return waiting;
    }

    /** How many more bytes may be read for it now: a streamed body's room; else no limit. */
    int room() {
        return streamed ? limit - waiting : Integer.MAX_VALUE;
    }

    /** Hands up to {@code max} waiting bytes to {@code to}, in pieces valid only during the call. */
    int take(int max, Consumer<ByteBuffer> to) {
        int taken = 0;
        while (taken < max && !pieces.isEmpty()) {
            byte[] head = pieces.peek();
            int n = Math.min(max - taken, head.length - offset);
            to.accept(ByteBuffer.wrap(head, offset, n));
            offset += n;
            waiting -= n;
            taken += n;
            if (offset == head.length) {
                pieces.poll();
                offset = 0;
            }
        }
        return taken;
    }
}
