package io.vmodem.testing;

import io.vmodem.at.DtePort;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DTE side of a modem in a test: what the modem writes waits here until the test reads it. With
 * a small capacity the test is a slow reader: the link reports itself full and the modem must hold
 * back, exactly as over a real link.
 */
public final class TestLink implements DtePort {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private volatile int capacity = Integer.MAX_VALUE;
    private volatile boolean inputPaused;
    private volatile boolean full;
    private Runnable onDrained = () -> {};

    /** Called on the test thread when a read makes room again; the harness tells the modem. */
    public void onDrained(Runnable r) {
        onDrained = r;
    }

    public void capacity(int bytes) {
        capacity = bytes;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            pending.write(bytes, offset, length);
            if (pending.size() >= capacity) {
                full = true;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isWritable() {
        return !full;
    }

    @Override
    public int writableBytes() {
        lock.lock();
        try {
            return full ? 0 : Math.max(0, capacity - pending.size());
        } finally {
            lock.unlock();
        }
    }

    /** A buffer of its own, handed on as one write: the engine's claimed path runs in every test. */
    @Override
    public ByteBuffer claim(int max) {
        return ByteBuffer.allocate(max);
    }

    @Override
    public void commit(ByteBuffer claimed) {
        write(claimed.array(), 0, claimed.position());
    }

    @Override
    public void setInputPaused(boolean paused) {
        inputPaused = paused;
    }

    public boolean inputPaused() {
        return inputPaused;
    }

    /** Takes up to {@code max} bytes, waiting up to {@code nanos} for the first; empty on timeout. */
    public byte[] takeNanos(int max, long nanos) throws InterruptedException {
        byte[] out;
        boolean drained;
        lock.lock();
        try {
            long deadline = System.nanoTime() + nanos;
            while (pending.size() == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new byte[0];
                }
                arrived.awaitNanos(left);
            }
            byte[] all = pending.toByteArray();
            int n = Math.min(max, all.length);
            out = java.util.Arrays.copyOf(all, n);
            pending.reset();
            pending.write(all, n, all.length - n);
            drained = full && pending.size() < capacity / 2;
            if (drained) {
                full = false;
            }
        } finally {
            lock.unlock();
        }
        if (drained) {
            onDrained.run();
        }
        return out;
    }

    public int buffered() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }
}
