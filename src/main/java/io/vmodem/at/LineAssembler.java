package io.vmodem.at;

/**
 * Assembles command lines from single bytes (V.250 5.2): a line starts at {@code AT} or {@code at},
 * ends at S3, S5 deletes, and the LF that drivers send after the CR is dropped (in command mode; once
 * a command has answered with a prompt or {@code CONNECT}, the engine decides, see {@link
 * #takeLineEnd}). {@code A/} repeats the previous line at once. Bytes outside a line are ignored.
 * Characters keep their byte value (ISO-8859-1), so raw data inside a line survives untouched.
 */
public final class LineAssembler {
    /** Longest command line body accepted; longer lines are consumed and refused. */
    public static final int MAX_LINE = 8192;

    /** What a byte did. */
    public enum Event {
        /** Consumed; nothing complete yet. */
        NONE,
        /** A line ended; {@link #line()} holds its body (the text after {@code AT}). */
        LINE,
        /** {@code A/}: execute the previous line again. */
        REPEAT,
        /** A line ended but was longer than {@link #MAX_LINE}. */
        TOO_LONG,
        /** The LF right after a line's CR: not part of anything, not echoed. */
        SWALLOWED
    }

    private enum State {
        IDLE,
        GOT_A,
        IN_LINE,
        OVERFLOW
    }

    private final AtSettings settings;
    private final StringBuilder body = new StringBuilder(64);
    private State state = State.IDLE;
    private boolean lastWasLineEnd;
    private String line = "";

    public LineAssembler(AtSettings settings) {
        this.settings = settings;
    }

    public Event accept(int b) {
        b &= 0xff;
        if (lastWasLineEnd) {
            lastWasLineEnd = false;
            if (b == '\n') {
                return Event.SWALLOWED;
            }
        }
        int lineEnd = settings.register(AtSettings.S_LINE_END);
        int backspace = settings.register(AtSettings.S_BACKSPACE);
        switch (state) {
            case IDLE -> {
                if (b == 'A' || b == 'a') {
                    state = State.GOT_A;
                }
                return Event.NONE;
            }
            case GOT_A -> {
                if (b == 'T' || b == 't') {
                    body.setLength(0);
                    state = State.IN_LINE;
                } else if (b == '/') {
                    state = State.IDLE;
                    return Event.REPEAT;
                } else if (b != 'A' && b != 'a') {
                    state = State.IDLE;
                }
                return Event.NONE;
            }
            case IN_LINE -> {
                if (b == lineEnd) {
                    state = State.IDLE;
                    lastWasLineEnd = lineEnd != '\n';
                    line = body.toString();
                    return Event.LINE;
                }
                if (b == backspace) {
                    if (body.length() > 0) {
                        body.setLength(body.length() - 1);
                    }
                    return Event.NONE;
                }
                if (b == 0 || b == '\n') {
                    return Event.NONE;
                }
                if (body.length() >= MAX_LINE) {
                    state = State.OVERFLOW;
                    body.setLength(0);
                    return Event.NONE;
                }
                body.append((char) b);
                return Event.NONE;
            }
            case OVERFLOW -> {
                if (b == lineEnd) {
                    state = State.IDLE;
                    lastWasLineEnd = lineEnd != '\n';
                    return Event.TOO_LONG;
                }
                return Event.NONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** The body of the last complete line. */
    public String line() {
        return line;
    }

    /** Whether a line is partly typed (URCs wait until it ends). */
    public boolean midLine() {
        return state == State.IN_LINE || state == State.OVERFLOW;
    }

    /** Forget any partial line; the next byte starts afresh. */
    public void reset() {
        state = State.IDLE;
        body.setLength(0);
        lastWasLineEnd = false;
    }

    /**
     * Whether the previous byte was the S3 that ended a line, and an LF may still follow it as the
     * second half of CR LF (not when S3 is LF itself); clears the mark. The engine asks this when a
     * command answers with a prompt or {@code CONNECT}, to tell that LF from data.
     */
    public boolean takeLineEnd() {
        boolean was = lastWasLineEnd;
        lastWasLineEnd = false;
        return was;
    }
}
