package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import java.util.Objects;

/**
 * A port stacked on the link's port: it passes back-pressure and timing on to the link, so each
 * layer between the engine and the link (trace, UART faults) writes only what it changes.
 */
abstract class LinkedPort implements DtePort {
    /** The port under this one, toward the host. */
    protected final DtePort link;

    LinkedPort(DtePort link) {
        this.link = Objects.requireNonNull(link);
    }

    @Override
    public boolean isWritable() {
        return link.isWritable();
    }

    @Override
    public int writableBytes() {
        return link.writableBytes();
    }

    @Override
    public void setInputPaused(boolean paused) {
        link.setInputPaused(paused);
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
