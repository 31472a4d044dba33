package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import io.vmodem.trace.ModemTrace;
import java.nio.ByteBuffer;

/** The link as the trace sees it: every byte written to the DTE is recorded on its way out. */
final class TracedPort extends LinkedPort {
    private final ModemTrace trace;

    TracedPort(DtePort link, ModemTrace trace) {
        super(link);
        this.trace = trace;
    }

    /** The bytes of a commit, on their way into the trace. */
    private byte[] committed = new byte[0];

    @Override
    public void write(byte[] bytes, int offset, int length) {
        trace.toDte(bytes, offset, length);
        link.write(bytes, offset, length);
    }

    @Override
    public ByteBuffer claim(int max) {
        return link.claim(max);
    }

    /** Records what was put into the claim, then hands it on. */
    @Override
    public void commit(ByteBuffer claimed) {
        int n = claimed.position();
        if (committed.length < n) {
            committed = new byte[n];
        }
        claimed.duplicate().flip().get(committed, 0, n);
        trace.toDte(committed, 0, n);
        link.commit(claimed);
    }
}
