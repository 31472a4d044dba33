package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A socket's receive buffer as the module has it: it never holds more than {@code limit} bytes. The
 * socket reads from the network only as much as there is {@link #room} for ({@link RoomSizedReads})
 * and stops reading when it is full, so what the host has not read waits in the network, held back
 * by TCP flow control.
 *
 * <p>Large reads are kept in the buffers the network read them into, so a stream's bytes are copied
 * once on their way to the host; small ones are copied out, so that a modem holding a few bytes
 * does not hold a whole network buffer.
 */
final class RxBuffer {
    /** Reads smaller than this, or filling less than half their buffer, are copied out. */
    private static final int KEEP_AT_LEAST = 4096;

    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private final int limit;
    private int size;
    private long read;
    /**
     * A view of the head buffer's bytes, made once per buffer rather than once per piece handed out,
     * and where in it the head's reader index was then; null when the head changed.
     */
    private ByteBuffer view;

    private int viewStart;

    RxBuffer(int limit) {
        this.limit = limit;
    }

    /** Takes ownership of {@code bytes} (they are released here); they fit the {@link #room} left. */
    void append(ByteBuf bytes) {
        int n = bytes.readableBytes();
        if (n == 0) {
            bytes.release();
            return;
        }
        if (n < KEEP_AT_LEAST || n < bytes.capacity() / 2) {
            ByteBuf copy = bytes.alloc().heapBuffer(n).writeBytes(bytes);
            bytes.release();
            bytes = copy;
        }
        chunks.add(bytes);
        size += n;
    }

    /** Bytes the host can read now: every byte held. */
    int unread() {
        return size;
    }

    /** How many more bytes fit. */
    int room() {
        return Math.max(0, limit - size);
    }

    /** Every byte ever made visible: read plus unread. */
    long received() {
        return read + unread();
    }

    long read() {
        return read;
    }

    /** Bytes in the buffers held, counted from the buffers themselves (for tests of the bound). */
    int held() {
        int n = 0;
        for (ByteBuf b : chunks) {
            n += b.readableBytes();
        }
        return n;
    }

    boolean full() {
        return size >= limit;
    }

    int limit() {
        return limit;
    }

    byte[] take(int max) {
        byte[] out = new byte[Math.min(max, unread())];
        int done = 0;
        while (done < out.length) {
            ByteBuf head = chunks.peek();
            int k = Math.min(head.readableBytes(), out.length - done);
            head.readBytes(out, done, k);
            done += k;
            consumed(head, k);
        }
        return out;
    }

    /** Hands up to {@code max} bytes to {@code to} in one or more pieces, each valid only during the call. */
    int take(int max, Consumer<ByteBuffer> to) {
        int n = Math.min(max, unread());
        int done = 0;
        while (done < n) {
            ByteBuf head = chunks.peek();
            int k = Math.min(head.readableBytes(), n - done);
            to.accept(view(head, k));
            head.skipBytes(k);
            done += k;
            consumed(head, k);
        }
        return n;
    }

    /** The head's next {@code k} bytes. */
    private ByteBuffer view(ByteBuf head, int k) {
        if (view == null) {
            view = head.nioBuffer(head.readerIndex(), head.readableBytes());
            viewStart = head.readerIndex();
        }
        int at = head.readerIndex() - viewStart;
        view.limit(at + k).position(at);
        return view;
    }

    private void consumed(ByteBuf head, int k) {
        size -= k;
        read += k;
        if (!head.isReadable()) {
            chunks.poll().release();
            view = null;
        }
    }

    void clear() {
        view = null;
        for (ByteBuf b : chunks) {
            b.release();
        }
        chunks.clear();
        size = 0;
    }
}
