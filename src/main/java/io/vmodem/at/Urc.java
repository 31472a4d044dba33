package io.vmodem.at;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * An unsolicited result code waiting in the engine's queue. Most are one line; received data in
 * push mode writes itself in as many pieces as the link accepts, so its bytes wait in the socket's
 * buffer (where back-pressure holds the peer) rather than in this queue.
 */
@FunctionalInterface
public interface Urc {

    /** Writes as much as {@code out} takes; true once finished, false to be asked again later. */
    boolean emit(UrcOutput out);

    static Urc line(String text) {
        return out -> {
            out.line(text);
            return true;
        };
    }

    /** Where a URC writes; framing follows {@code ATV}. */
    interface UrcOutput {
        /** A framed line: CR LF before and after in verbose mode. */
        void line(String text);

        /** A framed header line, then raw bytes, then a line end when {@code lineEnd}. */
        void lineAndData(String header, byte[] data, int offset, int length, boolean lineEnd);

        /** Bytes exactly as given, with no framing (SIMCom's push data when every header is off). */
        void raw(byte[] data, int offset, int length);

        /** Bytes exactly as given, from the buffer's position to its limit; used during the call only. */
        void raw(ByteBuffer data);

        /** {@link #raw(ByteBuffer)} as a consumer, for a socket's read: the same one each time, made once. */
        Consumer<ByteBuffer> rawSink();

        /** The line end that closes data written after a header line. */
        void lineEnd();

        /** Whether the link will take more now. */
        boolean writable();
    }
}
