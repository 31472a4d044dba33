package io.vmodem.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * How a host types at a modem, for the data-path properties: the line end it ends commands with,
 * where its writes are cut, and payloads that begin with what a line end or a data entry could
 * mistake for its own (LF, CR, CR LF, '+', Ctrl+Z, ETX).
 */
public final class HostTyping {
    private HostTyping() {}

    /** What ends a command line: S3 is CR for the first two, LF ({@code ATS3=10}) for the third. */
    public enum LineEnd {
        CR("\r"),
        CRLF("\r\n"),
        LF("\n");

        private final String text;

        LineEnd(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The S3 a host that ends its lines so has set. */
        public int s3() {
            return this == LF ? '\n' : '\r';
        }

        /** {@code text} framed as the modem frames a V1 result with this S3 (S4 is LF). */
        public String framed(String result) {
            String end = (char) s3() + "\n";
            return end + result + end;
        }
    }

    /** Bytes typed: {@code text} then {@code bytes}. */
    public static byte[] concat(String text, byte[]... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] b : bytes) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** {@code bytes} cut into writes of 1..{@code max} bytes at places {@code random} picks. */
    public static List<byte[]> cut(byte[] bytes, Random random, int max) {
        List<byte[]> writes = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int n = 1 + random.nextInt(Math.min(max, bytes.length - i));
            writes.add(Arrays.copyOfRange(bytes, i, i + n));
            i += n;
        }
        return writes;
    }

    /**
     * Payloads of 1..{@code maxSize} bytes, every byte value possible, biased toward the bytes that
     * mean something to line ends, data entry and the escape, and often beginning with them.
     */
    public static Arbitrary<byte[]> payloads(int maxSize) {
        Arbitrary<Byte> special =
                Arbitraries.of((byte) '\n', (byte) '\r', (byte) '+', (byte) 0x1a, (byte) 0x1b, (byte) 0x03);
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.bytes()), Tuple.of(1, special))
                .array(byte[].class)
                .ofMinSize(0)
                .ofMaxSize(maxSize - 3);
        Arbitrary<String> start = Arbitraries.of("", "\n", "\r", "\r\n", "\n\n", "+", "+++", "\u001a", "\u0003");
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")), Tuple.of(2, start))
                .flatMap(prefix -> body.map(b -> concat(prefix, b)))
                .filter(b -> b.length > 0);
    }

    /** {@code payload} without the bytes that end or cancel a Ctrl+Z-ended entry. */
    public static byte[] withoutCtrlZAndEsc(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : payload) {
            if (b != 0x1a && b != 0x1b) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** SIMCom's escaping for data ended by Ctrl+Z: ETX before Ctrl+Z, ESC and ETX; then the Ctrl+Z. */
    public static byte[] etxEscaped(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            if (b == 0x1a || b == 0x1b || b == 0x03) {
                out.write(0x03);
            }
            out.write(b);
        }
        out.write(0x1a);
        return out.toByteArray();
    }
}
