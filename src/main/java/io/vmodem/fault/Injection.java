package io.vmodem.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step does, as a value: inject a fault, set a condition (for a while, or until cleared),
 * or clear one. The same value comes from a scenario file's {@code do:}, from the HTTP API's body
 * or from Java ({@code Injection.of(Fault.PDP_DROP).with("context", 1)}).
 *
 * @param values the parameters given, typed per the catalogue ({@link Param#parse}); defaults are
 *     applied by the getters, so a value written back lists only what the user gave
 * @param lasting how long a condition holds; null until cleared (and for faults)
 * @param clear whether this clears the condition instead of setting it
 * @param asCondition whether it was written as a condition ({@code condition: uart-split}): a fault
 *     that can be either then holds until cleared, where written as a fault it happens once
 */
public record Injection(Fault fault, Map<String, Object> values, Duration lasting, boolean clear, boolean asCondition) {

    public Injection {
        Objects.requireNonNull(fault);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Injection(Fault fault, Map<String, Object> values, Duration lasting, boolean clear) {
        this(fault, values, lasting, clear, false);
    }

    public static Injection of(Fault fault) {
        return new Injection(fault, Map.of(), null, false);
    }

    /** Clears {@code condition}. */
    public static Injection clear(Fault condition) {
        return new Injection(condition, Map.of(), null, true);
    }

    /**
     * A copy with one more parameter, checked as a scenario's would be: {@code with("ms", 300)}.
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong
     */
    public Injection with(String name, Object value) {
        Param p = fault.param(name)
                .orElseThrow(() -> new IllegalArgumentException(fault.id() + " has no parameter " + name));
        Object typed;
        try {
            typed = p.parse(value instanceof Duration d ? d.toMillis() + "ms" : String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fault.id() + " " + name + ": " + e.getMessage(), e);
        }
        Map<String, Object> next = new LinkedHashMap<>(values);
        next.put(name, typed);
        return new Injection(fault, next, lasting, clear, asCondition);
    }

    /** A condition that holds for {@code d}, then clears itself. */
    public Injection lasting(Duration d) {
        if (!fault.isCondition()) {
            throw new IllegalArgumentException(fault.id() + " is a fault, not a condition: it has no duration");
        }
        return new Injection(fault, values, d, clear, asCondition);
    }

    /** The parameters that say what a fault applies to, rather than how strong it is. */
    static final java.util.Set<String> SELECTORS =
            java.util.Set.of("direction", "host", "port", "socket", "name", "command");

    /**
     * Which condition this is: its name and the selectors given ({@code latency direction downlink}).
     * A condition replaces the one in force with the same key; conditions with different keys hold
     * together (latency on the downlink and latency to one host).
     */
    public String key() {
        StringBuilder sb = new StringBuilder(fault.id());
        values.entrySet().stream()
                .filter(e -> SELECTORS.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(' ').append(e.getKey()).append(' ').append(text(e.getValue())));
        return sb.toString();
    }

    /** Whether clearing with this (a {@code clear} and its selectors) ends {@code condition}. */
    public boolean clears(Injection condition) {
        if (condition.fault != fault) {
            return false;
        }
        for (var e : values.entrySet()) {
            if (SELECTORS.contains(e.getKey()) && !e.getValue().equals(condition.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether this sets (or clears) a condition rather than firing an event. */
    public boolean isCondition() {
        return clear
                || fault.kind() == Fault.Kind.CONDITION
                || fault.kind() == Fault.Kind.BOTH && (lasting != null || asCondition);
    }

    // ---- typed access, with the catalogue's defaults ----

    public int intValue(String name) {
        return (Integer) value(name);
    }

    public Optional<Integer> optionalInt(String name) {
        return Optional.ofNullable((Integer) valueOrNull(name));
    }

    public Duration duration(String name) {
        return (Duration) value(name);
    }

    public double rate(String name) {
        return (Double) value(name);
    }

    public String choice(String name) {
        return (String) value(name);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable((String) valueOrNull(name));
    }

    public Param.Range range(String name) {
        return (Param.Range) value(name);
    }

    private Object value(String name) {
        Object v = valueOrNull(name);
        if (v == null) {
            throw new IllegalStateException(fault.id() + " " + name + " has no value");
        }
        return v;
    }

    private Object valueOrNull(String name) {
        Object v = values.get(name);
        if (v != null) {
            return v;
        }
        return fault.param(name)
                .orElseThrow(() -> new IllegalArgumentException(fault.id() + " has no parameter " + name))
                .fallback();
    }

    /** As the trace writes it: {@code fault pdp-drop context 1}, {@code condition latency ms 300 for 10s}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(clear ? "clear " : isCondition() ? "condition " : "fault ").append(fault.id());
        values.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(text(v)));
        if (lasting != null) {
            sb.append(" for ").append(text(lasting));
        }
        return sb.toString();
    }

    /** The {@code do:} shape, for JSON: {@code {"fault": "pdp-drop", "context": 1}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(clear ? "clear" : isCondition() ? "condition" : "fault", fault.id());
        values.forEach((k, v) -> m.put(k, v instanceof Integer || v instanceof Double ? v : text(v)));
        if (lasting != null) {
            m.put("for", text(lasting));
        }
        return m;
    }

    static String text(Object v) {
        if (v instanceof Duration d) {
            long ms = d.toMillis();
            return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
        }
        return String.valueOf(v);
    }
}
