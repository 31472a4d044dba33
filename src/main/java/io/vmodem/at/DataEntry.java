package io.vmodem.at;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What follows a {@code >} prompt: a fixed number of bytes, or bytes up to Ctrl+Z (ESC cancels),
 * optionally with SIMCom's ETX escaping of Ctrl+Z, ESC and ETX. The handler gets the whole payload;
 * nothing ever blocks waiting for it.
 */
public final class DataEntry {
    public static final int CTRL_Z = 0x1A;
    public static final int ESC = 0x1B;
    public static final int ETX = 0x03;

    public enum Mode {
        FIXED,
        CTRL_Z,
        CTRL_Z_ETX
    }

    private final Mode mode;
    private final int length;
    private final Function<byte[], Reply> onData;
    private Supplier<Reply> onCancel = Reply::error;
    private Supplier<Reply> onOverflow = Reply::error;
    private boolean echo = true;
    private String prompt = "> ";

    private DataEntry(Mode mode, int length, Function<byte[], Reply> onData) {
        this.mode = mode;
        this.length = length;
        this.onData = Objects.requireNonNull(onData);
    }

    /** Exactly {@code length} bytes. */
    public static DataEntry fixed(int length, Function<byte[], Reply> onData) {
        return new DataEntry(Mode.FIXED, length, onData);
    }

    /** Up to {@code maxLength} bytes ended by Ctrl+Z; ESC cancels. */
    public static DataEntry untilCtrlZ(int maxLength, Function<byte[], Reply> onData) {
        return new DataEntry(Mode.CTRL_Z, maxLength, onData);
    }

    /** As {@link #untilCtrlZ}, with ETX escaping Ctrl+Z, ESC and ETX inside the data. */
    public static DataEntry untilCtrlZWithEtx(int maxLength, Function<byte[], Reply> onData) {
        return new DataEntry(Mode.CTRL_Z_ETX, maxLength, onData);
    }

    public DataEntry onCancel(Supplier<Reply> reply) {
        this.onCancel = Objects.requireNonNull(reply);
        return this;
    }

    public DataEntry onOverflow(Supplier<Reply> reply) {
        this.onOverflow = Objects.requireNonNull(reply);
        return this;
    }

    /** Whether typed data is echoed (when echo is on at all), e.g. {@code AT+QISDE}. */
    public DataEntry echo(boolean echo) {
        this.echo = echo;
        return this;
    }

    /** The prompt text after the line break; {@code "> "} by default. */
    public DataEntry prompt(String prompt) {
        this.prompt = Objects.requireNonNull(prompt);
        return this;
    }

    public Mode mode() {
        return mode;
    }

    /** The exact length (FIXED) or the most bytes accepted before Ctrl+Z. */
    public int length() {
        return length;
    }

    public boolean echo() {
        return echo;
    }

    public String prompt() {
        return prompt;
    }

    Reply data(byte[] payload) {
        return onData.apply(payload);
    }

    Reply cancelled() {
        return onCancel.get();
    }

    Reply overflowed() {
        return onOverflow.get();
    }
}
