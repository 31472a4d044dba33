package io.vmodem.dialect.bc260y;

import io.vmodem.dialect.common.Hex;

/**
 * The data of {@code AT+QISEND=<connectID>,<send_length>,<data>[,<rai_mode>]} (guide 2.3.5), read
 * from the raw rest of the command line. The length decides where the data ends: quoted text may
 * itself hold quotes and commas (the guide's JSON example {@code "{"a":"b","b":"b"}"}), unquoted text
 * is taken as typed. Text is quoted or not; hex is {@code 2 × <send_length>} digits, quoted or not.
 * A pure function: a parse or null when the line is malformed or the length does not match.
 *
 * @param connectId the socket
 * @param length {@code <send_length>}; 0 is the query form {@code AT+QISEND=<connectID>,0}
 * @param data the bytes to send (empty for the query)
 * @param raiMode {@code <rai_mode>}, 0 when omitted
 */
record InlineData(int connectId, int length, byte[] data, int raiMode) {
    static final int MAX_TEXT = 1024;
    static final int MAX_HEX = 512;

    boolean query() {
        return length == 0;
    }

    /** Parses the text after {@code AT+QISEND=}; {@code hex} per the send data format. */
    static InlineData parse(String raw, boolean hex) {
        int c1 = raw.indexOf(',');
        if (c1 < 0) {
            return null;
        }
        int id = number(raw.substring(0, c1), 0, Bc260ySession.SOCKETS - 1);
        String rest = raw.substring(c1 + 1);
        int c2 = rest.indexOf(',');
        int length = number(c2 < 0 ? rest : rest.substring(0, c2), 0, hex ? MAX_HEX : MAX_TEXT);
        if (id < 0 || length < 0) {
            return null;
        }
        if (c2 < 0) {
            return length == 0 ? new InlineData(id, 0, new byte[0], 0) : null;
        }
        if (length == 0) {
            return null;
        }
        String part = rest.substring(c2 + 1);
        InlineData parsed = data(id, length, part, hex);
        if (parsed == null && !part.isEmpty() && part.charAt(0) == ' ') {
            // "AT+QISEND=0,3, "abc"": a space typed before the quote is not data.
            String trimmed = part.stripLeading();
            if (!trimmed.isEmpty() && trimmed.charAt(0) == '"') {
                parsed = data(id, length, trimmed, hex);
            }
        }
        return parsed;
    }

    /** Quoted first, then as typed: at most one of the two can fit the length and the tail. */
    private static InlineData data(int id, int length, String part, boolean hex) {
        int chars = hex ? 2 * length : length;
        if (part.length() >= chars + 2 && part.charAt(0) == '"' && part.charAt(chars + 1) == '"') {
            int rai = rai(part.substring(chars + 2));
            if (rai >= 0) {
                byte[] data = bytes(part.substring(1, chars + 1), hex);
                return data == null ? null : new InlineData(id, length, data, rai);
            }
        }
        if (part.length() >= chars) {
            int rai = rai(part.substring(chars));
            if (rai >= 0) {
                byte[] data = bytes(part.substring(0, chars), hex);
                return data == null ? null : new InlineData(id, length, data, rai);
            }
        }
        return null;
    }

    /** What may follow the data: nothing, or {@code ,<rai_mode>}; -1 for anything else. */
    private static int rai(String tail) {
        if (tail.isEmpty()) {
            return 0;
        }
        if (tail.charAt(0) != ',') {
            return -1;
        }
        return number(tail.substring(1), 0, 2);
    }

    private static byte[] bytes(String text, boolean hex) {
        if (hex) {
            return Hex.decode(text);
        }
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) text.charAt(i);
        }
        return out;
    }

    /** A decimal number within {@code [min, max]}, spaces around it allowed; -1 otherwise. */
    private static int number(String text, int min, int max) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 6) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < min || v > max ? -1 : v;
    }
}
