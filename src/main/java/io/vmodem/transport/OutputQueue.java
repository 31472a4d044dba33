package io.vmodem.transport;

import io.vmodem.runtime.ByteChunks;
import java.nio.ByteBuffer;

/**
 * The modem's output on its way to a link whose writes block (a tty, a serial port, stdout): the
 * modem's loop adds and never waits; the link's own thread takes and writes. Past its capacity the
 * queue reports itself not writable, so the engine stops producing, and when a reader has taken it
 * down to half it says so once ({@code onDrained}), so the engine resumes. Thread-safe.
 */
public final class OutputQueue {
    /** What a link queues before the engine holds back. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private long added;
    private final int capacity;
    private final ByteChunks chunks = new ByteChunks();
    private volatile boolean full;
    private boolean closed;
    private volatile long lastAddNanos = System.nanoTime();
    private Runnable onDrained = () -> {};
    private Runnable onData = () -> {};

    public OutputQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Called (on the taking thread) when the queue has room again after it was full. */
    public void onDrained(Runnable r) {
        onDrained = r;
    }

    /** Called (on the adding thread) when bytes arrive in an empty queue: wakes a polling writer. */
    public void onData(Runnable r) {
        onData = r;
    }

    /** Queues a copy of the bytes; never blocks. */
    public void add(byte[] bytes, int offset, int length) {
        add(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Queues a copy of the bytes from the buffer's position to its limit; never blocks. */
    public void add(ByteBuffer bytes) {
        int length = bytes.remaining();
        if (length <= 0) {
            return;
        }
        byte[] copy = new byte[length];
        bytes.get(copy);
        lastAddNanos = System.nanoTime();
        boolean wasEmpty;
        synchronized (this) {
            if (closed) {
                return;
            }
            added += length;
            wasEmpty = chunks.size() == 0;
            chunks.addOwned(copy); // copied outside the lock: the writer thread waits less
            if (chunks.size() >= capacity) {
                full = true;
            }
            notifyAll();
        }
        if (wasEmpty) {
            onData.run();
        }
    }

    /** Every byte ever queued. */
    public synchronized long added() {
        return added;
    }

    /** When bytes last arrived ({@link System#nanoTime()}); creation time before any did. */
    public long lastAddNanos() {
        return lastAddNanos;
    }

    public boolean isWritable() {
        return !full;
    }

    public synchronized boolean isEmpty() {
        return chunks.size() == 0;
    }

    public synchronized int size() {
        return chunks.size();
    }

    /** Up to {@code max} bytes, waiting for some; null once closed. */
    public byte[] take(int max) throws InterruptedException {
        synchronized (this) {
            while (chunks.size() == 0 && !closed) {
                wait();
            }
            if (chunks.size() == 0) {
                return null;
            }
        }
        return poll(max);
    }

    /** Up to {@code max} bytes without waiting; empty when there are none. */
    public byte[] poll(int max) {
        byte[] out;
        boolean drained = false;
        synchronized (this) {
            out = chunks.take(max);
            if (full && chunks.size() <= capacity / 2) {
                full = false;
                drained = true;
            }
        }
        if (drained) {
            onDrained.run();
        }
        return out;
    }

    /** Drops what waits (nobody is listening); the engine may go on. */
    public void clear() {
        poll(Integer.MAX_VALUE);
    }

    /** Wakes a waiting {@link #take}, which returns null from now on. */
    public synchronized void close() {
        closed = true;
        chunks.clear();
        notifyAll();
    }
}
