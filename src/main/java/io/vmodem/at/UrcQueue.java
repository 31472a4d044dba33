package io.vmodem.at;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The URCs waiting for the DTE: written in order while the engine allows it (no command, prompt or
 * partly typed line in progress) and the link takes more; a URC that writes itself in pieces (push
 * data) stays first until it has finished.
 */
final class UrcQueue {
    private final ArrayDeque<Urc> urcs = new ArrayDeque<>();
    private final DtePort port;
    private final DteOutput output;

    UrcQueue(DtePort port, DteOutput output) {
        this.port = port;
        this.output = output;
    }

    void add(Urc urc) {
        urcs.add(urc);
    }

    boolean isEmpty() {
        return urcs.isEmpty();
    }

    void clear() {
        urcs.clear();
    }

    /** What a URC queued now writes before the link is full, if nothing waits before it. */
    int room() {
        return urcs.isEmpty() ? Math.max(0, port.writableBytes() - output.gathered()) : 0;
    }

    /**
     * Writes what waits while {@code allowed} holds and the link is writable; a URC that throws is
     * dropped and handed to {@code failed}.
     */
    void drain(BooleanSupplier allowed, Consumer<RuntimeException> failed) {
        while (!urcs.isEmpty() && allowed.getAsBoolean()) {
            output.flush(false);
            if (!port.isWritable()) {
                return;
            }
            boolean finished;
            try {
                finished = urcs.peek().emit(output.urcs());
            } catch (RuntimeException e) {
                failed.accept(e);
                finished = true;
            }
            if (!finished) {
                output.flush(false);
                return;
            }
            urcs.poll();
        }
    }
}
