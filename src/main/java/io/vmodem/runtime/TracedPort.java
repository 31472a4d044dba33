package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import io.vmodem.trace.ModemTrace;

/** The link as the trace sees it: every byte written to the DTE is recorded on its way out. */
final class TracedPort implements DtePort {
    private final DtePort link;
    private final ModemTrace trace;

    TracedPort(DtePort link, ModemTrace trace) {
        this.link = link;
        this.trace = trace;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        trace.toDte(bytes, offset, length);
        link.write(bytes, offset, length);
    }

    @Override
    public boolean isWritable() {
        return link.isWritable();
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
