package io.vmodem.fault;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parameter of a fault or condition: its name as written in a scenario, its type and range,
 * and what it means (the text goes to the README and the API description).
 */
public record Param(
        String name,
        Type type,
        boolean required,
        Object fallback,
        long min,
        long max,
        List<String> choices,
        String doc) {

    public enum Type {
        /** A whole number within [min, max]. */
        INT,
        /** A time with its unit: {@code 300ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
        DURATION,
        /** A probability: {@code 0.2} or {@code 20%}. */
        RATE,
        /** One of a few words. */
        CHOICE,
        /** Free text: a host pattern, a command prefix. */
        TEXT,
        /** A whole number or a range of them, {@code 1-8}, within [min, max]. */
        RANGE
    }

    /** Inclusive bounds drawn from at random: {@code 1-8}. */
    public record Range(int low, int high) {
        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }

    static Param integer(String name, long min, long max, Integer fallback, String doc) {
        return new Param(name, Type.INT, fallback == null, fallback, min, max, List.of(), doc);
    }

    static Param duration(String name, Duration fallback, String doc) {
        return new Param(name, Type.DURATION, fallback == null, fallback, 0, 0, List.of(), doc);
    }

    static Param rate(String name, Double fallback, String doc) {
        return new Param(name, Type.RATE, fallback == null, fallback, 0, 0, List.of(), doc);
    }

    static Param choice(String name, String fallback, String doc, String... choices) {
        return new Param(name, Type.CHOICE, fallback == null, fallback, 0, 0, List.of(choices), doc);
    }

    static Param text(String name, String doc) {
        return new Param(name, Type.TEXT, false, null, 0, 0, List.of(), doc);
    }

    static Param range(String name, long min, long max, Range fallback, String doc) {
        return new Param(name, Type.RANGE, fallback == null, fallback, min, max, List.of(), doc);
    }

    /** The same parameter, not required and with no default: left out means "all" or "any". */
    Param optional() {
        return new Param(name, type, false, null, min, max, choices, doc);
    }

    /** How the value is written, for messages and the docs. */
    public String form() {
        return switch (type) {
            case INT -> min + ".." + max;
            case DURATION -> "a time such as 500ms or 30s";
            case RATE -> "a probability such as 0.2 or 20%";
            case CHOICE -> String.join("|", choices);
            case TEXT -> "text";
            case RANGE -> "a number or a range such as 1-8, within " + min + ".." + max;
        };
    }

    /** The typed value of {@code text}, or why it is not one. */
    Object parse(String text) {
        String t = text.trim();
        return switch (type) {
            case INT -> {
                long v = number(t);
                if (v < min || v > max) {
                    throw new IllegalArgumentException("expected " + form() + ", got " + t);
                }
                yield (int) v;
            }
            case DURATION -> duration(t);
            case RATE -> rate(t);
            case CHOICE -> {
                String w = t.toLowerCase(Locale.ROOT);
                if (!choices.contains(w)) {
                    throw new IllegalArgumentException("expected one of " + form() + ", got " + t);
                }
                yield w;
            }
            case TEXT -> {
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("must not be empty");
                }
                yield t;
            }
            case RANGE -> {
                int dash = t.indexOf('-', 1);
                long low = number(dash < 0 ? t : t.substring(0, dash).trim());
                long high = dash < 0 ? low : number(t.substring(dash + 1).trim());
                if (low < min || high > max || low > high) {
                    throw new IllegalArgumentException("expected " + form() + ", got " + t);
                }
                yield new Range((int) low, (int) high);
            }
        };
    }

    private long number(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + form() + ", got " + (t.isEmpty() ? "nothing" : t));
        }
    }

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    /** {@code 300ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}; a bare number is refused. */
    static Duration duration(String t) {
        Matcher m = DURATION_TEXT.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a time with its unit (500ms, 30s, 2m, 1h), got " + t);
        }
        double amount = Double.parseDouble(m.group(1));
        long unitMillis =
                switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
        double millis = amount * unitMillis;
        if (millis > Duration.ofDays(365).toMillis()) {
            throw new IllegalArgumentException("a time of at most a year, got " + t);
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    static double rate(String t) {
        boolean percent = t.endsWith("%");
        String n = percent ? t.substring(0, t.length() - 1).trim() : t;
        double v;
        try {
            v = Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a probability such as 0.2 or 20%, got " + t);
        }
        if (percent) {
            v /= 100;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("a probability is between 0 and 1 (0% and 100%), got " + t);
        }
        return v;
    }
}
