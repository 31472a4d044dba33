package io.vmodem.trace;

import java.io.ByteArrayOutputStream;

/**
 * Bytes as one line of readable text, and back: printable ASCII as it is, {@code \r \n \t \\}, any
 * other byte as {@code \xHH}, and a trailing {@code \} after a final space so that it stays
 * visible. The transcript runner reads the same escapes.
 */
public final class TraceText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceText() {}

    public static String escape(byte[] bytes, int offset, int length) {
        // Filled by hand, four chars a byte at most: a trace of binary data escapes most of it.
        char[] out = new char[4 * length + 1];
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\r' -> n = pair(out, n, 'r');
                case '\n' -> n = pair(out, n, 'n');
                case '\t' -> n = pair(out, n, 't');
                case '\\' -> n = pair(out, n, '\\');
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out[n++] = '\\';
                        out[n++] = 'x';
                        out[n++] = HEX[c >> 4];
                        out[n++] = HEX[c & 0xf];
                    } else {
                        out[n++] = (char) c;
                    }
                }
            }
        }
        if (n > 0 && out[n - 1] == ' ') {
            out[n++] = '\\';
        }
        return new String(out, 0, n);
    }

    private static int pair(char[] out, int n, char escaped) {
        out[n] = '\\';
        out[n + 1] = escaped;
        return n + 2;
    }

    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    /** The bytes {@link #escape} wrote; an unknown escape stays as it is. */
    public static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                break; // the trailing backslash that keeps a final space visible
            }
            char n = text.charAt(++i);
            switch (n) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (isHex(text, i + 1) && isHex(text, i + 2)) {
                        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        out.write('\\');
                        out.write('x');
                    }
                }
                default -> {
                    out.write('\\');
                    out.write(n);
                }
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
