package io.vmodem.at;

import java.nio.ByteBuffer;

/**
 * The engine's side of its link, which can hang: while it hangs nothing reaches the DTE and the
 * engine is told the link takes nothing ({@link #isWritable()} false), so it produces no more; what
 * it had already started (a command that completes, a URC half written) waits here and goes out,
 * in order, when the hang ends. A power-off forgets what waits.
 */
final class HangingPort implements DtePort {
    private final DtePort link;
    private final ByteQueue held = new ByteQueue(64);
    private boolean hanging;
    private boolean keepsInput;
    private boolean inputPaused;

    HangingPort(DtePort link) {
        this.link = link;
    }

    boolean hanging() {
        return hanging;
    }

    /** From now on nothing goes out; what the host types is lost, or kept ({@code keepInput}). */
    void hang(boolean keepInput) {
        hanging = true;
        keepsInput = keepInput;
    }

    /** Whether what the host types while the port hangs is kept for when it answers again. */
    boolean keepsInput() {
        return keepsInput;
    }

    /** The hang ends: what waited goes out first. */
    void release() {
        hanging = false;
        if (!held.isEmpty()) {
            link.write(held.array(), held.head(), held.size());
            held.clear();
            held.trim(4096);
        }
    }

    /** Power-off: what waited is never said. */
    void forget() {
        held.clear();
        held.trim(4096);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (hanging) {
            held.add(bytes, offset, length);
        } else {
            link.write(bytes, offset, length);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (hanging) {
            int n = data.remaining();
            byte[] copy = new byte[n];
            data.get(copy);
            held.add(copy, 0, n);
        } else {
            link.write(data);
        }
    }

    @Override
    public ByteBuffer claim(int max) {
        return hanging ? null : link.claim(max);
    }

    @Override
    public void commit(ByteBuffer claimed) {
        link.commit(claimed);
    }

    @Override
    public boolean isWritable() {
        return !hanging && link.isWritable();
    }

    @Override
    public int writableBytes() {
        return hanging ? 0 : Math.max(0, link.writableBytes() - held.size());
    }

    @Override
    public void setInputPaused(boolean paused) {
        if (paused != inputPaused) {
            inputPaused = paused;
            link.setInputPaused(paused);
        }
    }

    @Override
    public long outputDoneAt(long now) {
        return link.outputDoneAt(now);
    }

    @Override
    public long inputArrivedAt(long now) {
        return link.inputArrivedAt(now);
    }
}
