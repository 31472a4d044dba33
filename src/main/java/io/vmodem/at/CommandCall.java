package io.vmodem.at;

import java.util.List;

/**
 * One command being executed: the request plus typed access to its parameters. Accessors take the
 * valid range, tell an omitted parameter from an invalid one, and throw {@link InvalidArgument} for
 * the latter (esp-at's OK / FAIL / OMITTED), saying which parameter (counted from 1, as a manual
 * does), what range and what was given: {@code parameter 3 out of range 0..11: 99}.
 */
public final class CommandCall {
    private final AtRequest request;
    private final AtSettings settings;
    private final SettingsStore store;

    public CommandCall(AtRequest request, AtSettings settings, SettingsStore store) {
        this.request = request;
        this.settings = settings;
        this.store = store;
    }

    public AtRequest request() {
        return request;
    }

    public String name() {
        return request.name();
    }

    public AtRequest.Kind kind() {
        return request.kind();
    }

    /** The engine's settings, for the V.250 commands that change them. */
    public AtSettings settings() {
        return settings;
    }

    /** The saved and factory profiles, for {@code ATZ}, {@code AT&F} and {@code AT&W}. */
    public SettingsStore store() {
        return store;
    }

    /** Everything after {@code =} as typed (for commands that carry data in the line). */
    public String raw() {
        return request.raw();
    }

    public List<Arg> args() {
        return request.args();
    }

    public int argCount() {
        return request.args().size();
    }

    /** The parameter at {@code i}, or {@link Arg#OMITTED} past the end. */
    public Arg arg(int i) {
        List<Arg> args = request.args();
        return i < args.size() ? args.get(i) : Arg.OMITTED;
    }

    public boolean has(int i) {
        return !arg(i).omitted();
    }

    /** Refuses a call with more than {@code max} parameters. */
    public CommandCall atMost(int max) {
        if (argCount() > max) {
            throw new InvalidArgument("at most " + max + " parameters, given " + argCount());
        }
        return this;
    }

    /** Refuses a call with fewer than {@code min} parameters. */
    public CommandCall atLeast(int min) {
        if (argCount() < min) {
            throw new InvalidArgument("at least " + min + " parameters, given " + argCount());
        }
        return this;
    }

    /** A required integer within {@code [min, max]}. */
    public int intArg(int i, int min, int max) {
        Arg a = arg(i);
        if (a.omitted()) {
            throw missing(i);
        }
        return parseInt(a, i, min, max);
    }

    /** An optional integer within {@code [min, max]}, {@code fallback} when omitted. */
    public int intArg(int i, int min, int max, int fallback) {
        Arg a = arg(i);
        return a.omitted() ? fallback : parseInt(a, i, min, max);
    }

    /** A required long within {@code [min, max]}. */
    public long longArg(int i, long min, long max) {
        Arg a = arg(i);
        if (a.omitted()) {
            throw missing(i);
        }
        long v = parseLong(a, i);
        if (v < min || v > max) {
            throw outOfRange(i, min, max, a);
        }
        return v;
    }

    /** A required string, quoted or not. */
    public String stringArg(int i) {
        Arg a = arg(i);
        if (a.omitted()) {
            throw missing(i);
        }
        return a.value();
    }

    /** An optional string, quoted or not; {@code fallback} when omitted. */
    public String stringArg(int i, String fallback) {
        Arg a = arg(i);
        return a.omitted() ? fallback : a.value();
    }

    /** A required string that must be quoted. */
    public String quotedArg(int i) {
        Arg a = arg(i);
        if (a.omitted()) {
            throw missing(i);
        }
        if (!a.quoted()) {
            throw new InvalidArgument("parameter " + (i + 1) + " must be quoted: " + a.text());
        }
        return a.value();
    }

    private int parseInt(Arg a, int i, int min, int max) {
        long v = parseLong(a, i);
        if (v < min || v > max) {
            throw outOfRange(i, min, max, a);
        }
        return (int) v;
    }

    private long parseLong(Arg a, int i) {
        String t = a.text();
        if (a.quoted() || t.isEmpty() || t.length() > 18) {
            throw notANumber(i, a);
        }
        long v = 0;
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                throw notANumber(i, a);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static InvalidArgument missing(int i) {
        return new InvalidArgument("parameter " + (i + 1) + " missing");
    }

    private static InvalidArgument outOfRange(int i, long min, long max, Arg given) {
        return new InvalidArgument("parameter " + (i + 1) + " out of range " + min + ".." + max + ": " + given.text());
    }

    private static InvalidArgument notANumber(int i, Arg given) {
        return new InvalidArgument("parameter " + (i + 1) + " is not a number: " + given.text());
    }
}
