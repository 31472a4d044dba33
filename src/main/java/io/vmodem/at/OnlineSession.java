package io.vmodem.at;

/**
 * The far side of online data (transparent) mode: bytes typed by the DTE go to it, and it writes
 * the network's bytes back with {@link AtEngine#toDte}. The engine owns the escape detection.
 */
public interface OnlineSession {

    /**
     * Online mode has begun: {@code CONNECT} is written, {@link AtEngine#toDte} may be called. What
     * the network delivered before now may go to the DTE.
     */
    default void entered() {}

    /** Bytes from the DTE, to be carried to the network. The slice is only valid during the call. */
    void fromDte(byte[] data, int offset, int length);

    /** The DTE left online mode ({@code +++} or DTR); the engine answers {@code OK} itself. */
    void escaped();

    /** The DTE link can take more of {@link AtEngine#toDte} again. */
    default void dteWritable() {}
}
