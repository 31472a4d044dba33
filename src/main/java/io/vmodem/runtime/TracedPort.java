package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import io.vmodem.trace.ModemTrace;

/** The link as the trace sees it: every byte written to the DTE is recorded on its way out. */
final class TracedPort extends LinkedPort {
    private final ModemTrace trace;

    TracedPort(DtePort link, ModemTrace trace) {
        super(link);
        this.trace = trace;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        trace.toDte(bytes, offset, length);
        link.write(bytes, offset, length);
    }
}
