package io.vmodem.at;

import java.util.Objects;

/**
 * A final result code: it ends a command (V.250 5.7). Formatted in one place, the engine, per
 * {@code ATV}, {@code ATQ} and {@code AT+CMEE}. Module-specific finals such as {@code SEND OK} are
 * {@link Kind#TEXT}.
 */
public final class Final {
    public enum Kind {
        OK,
        /** Plain {@code ERROR} whatever {@code AT+CMEE} says. */
        ERROR,
        /** {@code ERROR}, {@code +CME ERROR: <n>} or {@code +CME ERROR: <text>} per {@code AT+CMEE}. */
        CME,
        /** A module-specific text final ({@code SEND OK}, {@code SEND FAIL}, {@code CLOSE OK}). */
        TEXT,
        /** {@code CONNECT}: the engine enters online data mode with {@link #session()}. */
        CONNECT,
        NO_CARRIER
    }

    public static final Final OK = new Final(Kind.OK, "OK", 0, null);
    public static final Final ERROR = new Final(Kind.ERROR, "ERROR", 0, null);
    public static final Final NO_CARRIER = new Final(Kind.NO_CARRIER, "NO CARRIER", 0, null);

    private final Kind kind;
    private final String text;
    private final int code;
    private final OnlineSession session;

    private Final(Kind kind, String text, int code, OnlineSession session) {
        this.kind = kind;
        this.text = text;
        this.code = code;
        this.session = session;
    }

    public static Final cme(int code) {
        return new Final(Kind.CME, "", code, null);
    }

    public static Final text(String text) {
        return new Final(Kind.TEXT, Objects.requireNonNull(text), 0, null);
    }

    /** {@code CONNECT} followed by {@code suffix} when not empty ({@code CONNECT 115200}). */
    public static Final connect(String suffix, OnlineSession session) {
        String text = suffix == null || suffix.isEmpty() ? "CONNECT" : "CONNECT " + suffix;
        return new Final(Kind.CONNECT, text, 0, Objects.requireNonNull(session));
    }

    public Kind kind() {
        return kind;
    }

    public String text() {
        return text;
    }

    public int code() {
        return code;
    }

    public OnlineSession session() {
        return session;
    }

    /** The V.250 numeric code for {@code ATV0}, or -1 where the code is not numbered. */
    public int numericCode() {
        return switch (kind) {
            case OK -> 0;
            case CONNECT -> 1;
            case NO_CARRIER -> 3;
            case ERROR -> 4;
            case CME, TEXT -> -1;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.CME ? "+CME ERROR: " + code : text;
    }
}
