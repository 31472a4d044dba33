package io.vmodem.at;

import java.nio.ByteBuffer;

/**
 * The engine's view of the link to the DTE (the host's UART). Called only on the modem's thread;
 * implementations never block.
 */
public interface DtePort {

    /**
     * Sends bytes to the DTE. They are valid only during the call: the engine reuses its buffer, so
     * a port that queues them copies them (into whatever its link writes from).
     */
    void write(byte[] bytes, int offset, int length);

    /** As {@link #write(byte[], int, int)}, from the buffer's position to its limit. */
    default void write(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        write(bytes, 0, bytes.length);
    }

    /** False while the link's outgoing buffer is full; the engine then stops producing. */
    boolean isWritable();

    /**
     * How many more bytes the link takes now before it reports itself full; 0 where it cannot tell.
     * A socket whose data goes straight on to the link (push mode) may read that much at once.
     */
    default int writableBytes() {
        return 0;
    }

    /**
     * Room for up to {@code max} bytes in the link's own output buffer, to be filled from position 0
     * and handed on with {@link #commit}; null where the link has none, or a layer changes what
     * reaches it. A burst of push data is written there, so that each piece does not pass through
     * every layer. Nothing else may be written to the port until the claim is committed.
     */
    default ByteBuffer claim(int max) {
        return null;
    }

    /** Hands on the bytes put into a buffer {@link #claim} gave: from 0 to its position. */
    default void commit(ByteBuffer claimed) {
        throw new IllegalStateException("nothing was claimed");
    }

    /** Asks the link to stop (or resume) reading from the DTE: back-pressure toward the host. */
    void setInputPaused(boolean paused);

    /**
     * When (in the scheduler's {@code nanoTime}) the bytes written so far will have reached the DTE:
     * {@code now} for a link that passes them on at once, later behind a paced UART still sending
     * them ({@link Long#MAX_VALUE} while it cannot tell).
     */
    default long outputDoneAt(long now) {
        return now;
    }

    /**
     * When the first of the bytes the engine is being handed now reached the modem: {@code now}, or
     * earlier behind a paced UART that hands bytes on in batches.
     */
    default long inputArrivedAt(long now) {
        return now;
    }
}
