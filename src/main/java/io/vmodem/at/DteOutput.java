package io.vmodem.at;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What the engine writes to the DTE, gathered and then written in one piece: echo, prompts, and
 * the one place result codes, information lines and URCs are formatted (V.250 5.7.1: V0/V1, Q,
 * S3/S4 and AT+CMEE).
 */
final class DteOutput {
    private final DtePort port;
    private final AtSettings settings;
    private final IntFunction<String> cmeText;
    private final ByteQueue output = new ByteQueue(256);
    private final UrcWriter urcs = new UrcWriter();

    DteOutput(DtePort port, AtSettings settings, IntFunction<String> cmeText) {
        this.port = port;
        this.settings = settings;
        this.cmeText = cmeText;
    }

    /** Bytes gathered and not yet written to the port. */
    int gathered() {
        return output.size() + urcs.claimed();
    }

    /** Where a URC writes itself. */
    Urc.UrcOutput urcs() {
        return urcs;
    }

    void add(int b) {
        output.add(b);
    }

    void add(byte[] data, int offset, int length) {
        output.add(data, offset, length);
    }

    void ascii(String text) {
        output.addAscii(text);
    }

    /** S3 then S4: the line end of every response. */
    void lineEnd() {
        output.add(settings.register(AtSettings.S_LINE_END));
        output.add(settings.register(AtSettings.S_RESPONSE_FORMAT));
    }

    /** Information lines and data of a reply, framed per ATV. */
    void info(List<Reply.Info> info) {
        boolean first = true;
        for (Reply.Info item : info) {
            if (first && settings.verbose()) {
                lineEnd();
            }
            first = false;
            if (item instanceof Reply.Line line) {
                output.addAscii(line.text());
                lineEnd();
            } else if (item instanceof Reply.Data data) {
                output.add(data.bytes(), 0, data.bytes().length);
                if (data.lineEnd()) {
                    lineEnd();
                }
            }
        }
    }

    /** A final result code: text or number per ATV, nothing per ATQ1, a +CME ERROR per AT+CMEE. */
    void result(Final result) {
        if (settings.quiet()) {
            return;
        }
        String text = result.text();
        int numeric = result.numericCode();
        if (result.kind() == Final.Kind.CME) {
            switch (settings.cmee()) {
                case OFF -> {
                    text = Final.ERROR.text();
                    numeric = Final.ERROR.numericCode();
                }
                case NUMERIC -> text = "+CME ERROR: " + result.code();
                case VERBOSE -> text = "+CME ERROR: " + cmeText.apply(result.code());
            }
        }
        if (settings.verbose()) {
            lineEnd();
            output.addAscii(text);
            lineEnd();
        } else if (numeric >= 0) {
            output.addAscii(Integer.toString(numeric));
            output.add(settings.register(AtSettings.S_LINE_END));
        } else {
            output.addAscii(text);
            lineEnd();
        }
    }

    /**
     * Writes what is gathered to the port; {@code idle}: the burst is over, so the buffer shrinks
     * back (an idle modem stays small).
     */
    void flush(boolean idle) {
        urcs.commit();
        if (output.isEmpty()) {
            return;
        }
        port.write(output.array(), output.head(), output.size());
        output.clear();
        if (idle) {
            output.trim(4096);
        }
    }

    private void flush() {
        flush(false);
    }

    /**
     * Writes URCs. While a burst of them (push data) goes to a link with room, they are written
     * straight into the link's buffer ({@link DtePort#claim}) rather than through the port's layers
     * piece by piece; any piece that does not fit goes the usual way, after what came before it.
     */
    private final class UrcWriter implements Urc.UrcOutput {
        /** Most bytes claimed at once: a link's output limit. */
        private static final int CLAIM_MAX = 64 * 1024;
        /** Less room than this is not worth a claim. */
        private static final int CLAIM_MIN = 4096;

        /** Where URCs go while a claim is open; null when none is. */
        private ByteBuffer claim;

        /** A line's text as bytes, on its way into the claim. */
        private byte[] ascii = new byte[64];

        private final Consumer<ByteBuffer> rawSink = this::raw;

        int claimed() {
            return claim == null ? 0 : claim.position();
        }

        /** Hands the claim's bytes to the port; before anything else is written to it. */
        void commit() {
            if (claim != null) {
                ByteBuffer c = claim;
                claim = null;
                port.commit(c);
            }
        }

        /** Whether {@code n} more bytes go into the claim; if not, it is committed and they go the usual way. */
        private boolean fits(int n) {
            if (claim == null) {
                return false;
            }
            if (claim.remaining() >= n) {
                return true;
            }
            commit();
            return false;
        }

        @Override
        public void line(String text) {
            if (fits(text.length() + 4)) {
                if (settings.verbose()) {
                    claimLineEnd();
                }
                int n = text.length();
                if (ascii.length < n) {
                    ascii = new byte[n];
                }
                for (int i = 0; i < n; i++) {
                    ascii[i] = (byte) text.charAt(i);
                }
                claim.put(ascii, 0, n); // one copy, not a bounds check per byte
                claimLineEnd();
                return;
            }
            if (settings.verbose()) {
                lineEnd();
            }
            output.addAscii(text);
            lineEnd();
        }

        @Override
        public void lineAndData(String header, byte[] data, int offset, int length, boolean withLineEnd) {
            line(header);
            raw(data, offset, length);
            if (withLineEnd) {
                lineEnd();
            }
        }

        @Override
        public void raw(byte[] data, int offset, int length) {
            if (fits(length)) {
                claim.put(data, offset, length);
            } else {
                output.add(data, offset, length);
            }
        }

        /** Straight to the port, after what is gathered: a copy into the output is one too many. */
        @Override
        public void raw(ByteBuffer data) {
            if (fits(data.remaining())) {
                claim.put(data);
                return;
            }
            flush();
            port.write(data);
        }

        @Override
        public Consumer<ByteBuffer> rawSink() {
            return rawSink;
        }

        @Override
        public void lineEnd() {
            if (fits(2)) {
                claimLineEnd();
            } else {
                DteOutput.this.lineEnd();
            }
        }

        private void claimLineEnd() {
            claim.put((byte) settings.register(AtSettings.S_LINE_END));
            claim.put((byte) settings.register(AtSettings.S_RESPONSE_FORMAT));
        }

        /** While a claim has room, yes; otherwise the link is asked, and a new claim made if it has room. */
        @Override
        public boolean writable() {
            if (claim != null && claim.hasRemaining()) {
                return true;
            }
            flush();
            if (!port.isWritable()) {
                return false;
            }
            int room = Math.min(CLAIM_MAX, port.writableBytes());
            if (room >= CLAIM_MIN) {
                claim = port.claim(room);
            }
            return true;
        }
    }
}
