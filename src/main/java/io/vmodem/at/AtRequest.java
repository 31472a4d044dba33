package io.vmodem.at;

import java.util.List;

/**
 * One command of a command line, parsed: its upper-case name ({@code +QIOPEN}, {@code E},
 * {@code &F}, {@code S3}), its form, its parameters tokenized, and the raw text after {@code =}
 * (or, for basic commands, after the name) for commands that read the rest of the line as data.
 */
public record AtRequest(String name, Kind kind, List<Arg> args, String raw) {

    /** The four forms of an AT command (V.250 5.3–5.4, esp-at's four entry points). */
    public enum Kind {
        /** {@code AT+X=?} */
        TEST,
        /** {@code AT+X?} */
        READ,
        /** {@code AT+X=...}, or a basic command with a number ({@code E0}). */
        SET,
        /** {@code AT+X}, or a basic command without a number. */
        EXEC
    }

    /** A line that cannot be parsed from this command on. */
    public static AtRequest invalid(String rest) {
        return new AtRequest("", Kind.EXEC, List.of(), rest);
    }

    public boolean isInvalid() {
        return name.isEmpty();
    }

    /** The text of the whole command as typed, for traces and {@code ERROR} diagnostics. */
    public String display() {
        return switch (kind) {
            case TEST -> name + "=?";
            case READ -> name + "?";
            case SET -> name.startsWith("+") || name.startsWith("$") ? name + "=" + raw : name + raw;
            case EXEC -> name;
        };
    }
}
