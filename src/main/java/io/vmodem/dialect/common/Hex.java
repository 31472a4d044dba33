package io.vmodem.dialect.common;

import java.util.HexFormat;

/** Hex text as the modules' hex data formats use it: two upper-case digits per byte. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of().withUpperCase();

    private Hex() {}

    public static String encode(byte[] data, int offset, int length) {
        return FORMAT.formatHex(data, offset, offset + length);
    }

    public static String encode(byte[] data) {
        return FORMAT.formatHex(data);
    }

    /** The bytes of {@code text} (either case), or null when it is not an even number of hex digits. */
    public static byte[] decode(CharSequence text) {
        try {
            return FORMAT.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
