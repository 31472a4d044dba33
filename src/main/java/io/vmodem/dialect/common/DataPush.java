package io.vmodem.dialect.common;

import io.vmodem.at.Urc;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Received data pushed to the host in URCs (BG96 direct push, SIM7600 AT+CIPRXGET=0, BC260Y-CN
 * "recv"): one URC is queued while data waits, and it takes data out of the socket only while the
 * host's link accepts more. So the socket's bounded buffer, whose fullness holds the peer back,
 * keeps what the host has not taken yet, never the URC queue.
 */
public final class DataPush {

    /** Writes the next piece of data (one URC's worth) to the link. */
    public interface Piece {
        void write(Urc.UrcOutput out);
    }

    private final BooleanSupplier waiting;
    private final Piece piece;
    private final Runnable drained;
    private boolean queued;

    /**
     * @param waiting whether data waits to be pushed now (false also stops a push the mode left)
     * @param piece writes one piece; called only while data waits and the link is writable
     * @param drained runs when a push ends because nothing more waits
     */
    public DataPush(BooleanSupplier waiting, Piece piece, Runnable drained) {
        this.waiting = waiting;
        this.piece = piece;
        this.drained = drained;
    }

    public DataPush(BooleanSupplier waiting, Piece piece) {
        this(waiting, piece, () -> {});
    }

    /** Data arrived: hands {@code queue} the push URC unless one is queued already. */
    public void arrived(Consumer<Urc> queue) {
        if (!queued) {
            queued = true;
            queue.accept(this::emit);
        }
    }

    /** Whether a push URC is queued and not finished. */
    public boolean queued() {
        return queued;
    }

    private boolean emit(Urc.UrcOutput out) {
        while (waiting.getAsBoolean()) {
            if (!out.writable()) {
                return false;
            }
            piece.write(out);
        }
        queued = false;
        drained.run();
        return true;
    }
}
