package io.vmodem.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Splits what a modem sends to its host into lines, the {@code "> "} data prompt and blocks of
 * data whose length a header announced ({@code +QIRD: <n>}, {@code +QIURC: "recv",<id>,<n>}). The
 * listener calls {@link #expectData} from {@code line} when a header announces data; those bytes
 * then go to {@code data} in whatever pieces they arrive, without being scanned for line ends.
 * Empty lines (the framing of V.250 results) are dropped.
 */
final class AtStream {
    interface Listener {
        void line(String line);

        void prompt();

        /** A piece of an announced data block, valid only during the call. */
        default void data(byte[] bytes, int offset, int length) {}

        /** The announced block is complete. */
        default void dataEnd() {}
    }

    private final Listener listener;
    private final byte[] line = new byte[1024];
    private int lineLength;
    private int dataLeft;

    AtStream(Listener listener) {
        this.listener = listener;
    }

    /** The next {@code n} bytes are data, not text. */
    void expectData(int n) {
        dataLeft = n;
        if (n == 0) {
            listener.dataEnd();
        }
    }

    /** A read from the link, released once fed. */
    void feed(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            feed(bytes, 0, bytes.length);
        } finally {
            buf.release();
        }
    }

    void feed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (dataLeft > 0) {
                int n = Math.min(dataLeft, end - i);
                listener.data(bytes, i, n);
                i += n;
                dataLeft -= n;
                if (dataLeft == 0) {
                    listener.dataEnd();
                }
                continue;
            }
            byte b = bytes[i++];
            if (b == '\n') {
                int n = lineLength;
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                lineLength = 0;
                if (n > 0) {
                    listener.line(new String(line, 0, n, StandardCharsets.ISO_8859_1));
                }
                continue;
            }
            if (lineLength < line.length) {
                line[lineLength++] = b;
            }
            if (lineLength == 2 && line[0] == '>' && line[1] == ' ') {
                lineLength = 0;
                listener.prompt();
            }
        }
    }
}
