package io.vmodem.at;

/**
 * The engine's view of the link to the DTE (the host's UART). Called only on the modem's thread;
 * implementations never block.
 */
public interface DtePort {

    /** Sends bytes to the DTE; the caller never changes {@code bytes} afterwards, so they may be kept. */
    void write(byte[] bytes, int offset, int length);

    /** False while the link's outgoing buffer is full; the engine then stops producing. */
    boolean isWritable();

    /** Asks the link to stop (or resume) reading from the DTE: back-pressure toward the host. */
    void setInputPaused(boolean paused);
}
