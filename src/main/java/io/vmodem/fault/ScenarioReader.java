package io.vmodem.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads scenarios and single injections from YAML or JSON, refusing every mistake with one line
 * that names the place ({@code flaky.yaml line 7, steps[2].do.ms}) and what is wrong:
 *
 * <pre>
 * seed: 42
 * modems: all                       # or [1, 3] or IMEIs
 * steps:
 *   - on: {command: "AT+QIOPEN", count: 2}
 *     do: {fault: pdp-drop, context: 1}
 *   - at: 30s
 *     do: {fault: registration, state: searching, for: 10s}
 *   - every: 5s
 *     probability: 0.2
 *     do: {fault: uart-split, pieces: 1-8, gap: 5ms}
 * </pre>
 */
public final class ScenarioReader {
    private static final long DEFAULT_SEED = 1;

    private ScenarioReader() {}

    public static Scenario read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(
                    new Spec.Where(file.toString(), 0, ""),
                    "cannot be read: " + e.getClass().getSimpleName());
        }
        return read(text, file.getFileName().toString());
    }

    public static Scenario read(String text, String source) {
        Spec root = Spec.read(text, source);
        Reader r = new Reader(fields(root));
        long seed = r.optional("seed").map(ScenarioReader::seed).orElse(DEFAULT_SEED);
        Scenario.Modems modems =
                r.optional("modems").map(ScenarioReader::modems).orElse(Scenario.Modems.ALL);
        Spec stepsSpec = r.required("steps");
        r.done("seed, modems, steps");
        if (!(stepsSpec instanceof Spec.Items items)) {
            throw new ScenarioException(stepsSpec.where(), "expected a list of steps");
        }
        List<Scenario.Step> steps = new ArrayList<>();
        for (Spec s : items.items()) {
            steps.add(step(s, steps.size()));
        }
        return new Scenario(seed, modems, steps);
    }

    /** One {@code do:} body, as the HTTP API takes it: {@code {"fault": "pdp-drop", "context": 1}}. */
    public static Injection injection(String text, String source) {
        return injection(Spec.read(text, source));
    }

    /** A step written alone (the API's scenario steps use the file's shape). */
    static Scenario.Step step(Spec spec, int index) {
        Reader r = new Reader(fields(spec));
        Trigger trigger = new Trigger.Now();
        int triggers = 0;
        var at = r.optional("at");
        if (at.isPresent()) {
            trigger = new Trigger.At(duration(at.get()));
            triggers++;
        }
        var every = r.optional("every");
        if (every.isPresent()) {
            Duration period = duration(every.get());
            if (period.isZero()) {
                throw new ScenarioException(every.get().where(), "a period must be longer than 0");
            }
            trigger = new Trigger.Every(period);
            triggers++;
        }
        var on = r.optional("on");
        if (on.isPresent()) {
            trigger = on(on.get());
            triggers++;
        }
        if (triggers > 1) {
            throw new ScenarioException(spec.where(), "a step has one trigger: at, on or every");
        }
        double probability = r.optional("probability")
                .map(p -> parse(Param.rate("probability", 1.0, ""), p))
                .map(Double.class::cast)
                .orElse(1.0);
        Spec doSpec = r.required("do");
        Injection action = injection(doSpec);
        r.done("at, on, every, probability, do");
        return new Scenario.Step(
                index, trigger, probability, action, doSpec.where().toString());
    }

    private static Trigger on(Spec spec) {
        Reader r = new Reader(fields(spec));
        Trigger t;
        var command = r.optional("command");
        var received = r.optional("received");
        var sent = r.optional("sent");
        var state = r.optional("state");
        int kinds = (command.isPresent() ? 1 : 0)
                + (received.isPresent() ? 1 : 0)
                + (sent.isPresent() ? 1 : 0)
                + (state.isPresent() ? 1 : 0);
        if (kinds != 1) {
            throw new ScenarioException(spec.where(), "on: needs exactly one of command, received, sent, state");
        }
        if (command.isPresent()) {
            String prefix = (String) parse(Param.text("command", ""), command.get());
            int count = r.optional("count")
                    .map(c -> (Integer) parse(Param.integer("count", 1, 1_000_000, 1, ""), c))
                    .orElse(1);
            t = new Trigger.OnCommand(prefix, count);
        } else if (state.isPresent()) {
            String id = (String)
                    parse(Param.choice("state", null, "", Trigger.State.ids().toArray(String[]::new)), state.get());
            t = new Trigger.OnState(
                    Trigger.State.valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        } else {
            Spec bytes = received.orElseGet(sent::get);
            long n = (Integer) parse(Param.integer("bytes", 1, Integer.MAX_VALUE, null, ""), bytes);
            Integer socket = r.optional("socket").map(ScenarioReader::socket).orElse(null);
            t = new Trigger.OnBytes(
                    received.isPresent() ? Trigger.Direction.RECEIVED : Trigger.Direction.SENT, n, socket);
        }
        r.done(command.isPresent() ? "command, count" : state.isPresent() ? "state" : "received or sent, socket");
        return t;
    }

    private static Integer socket(Spec spec) {
        if (spec instanceof Spec.Text t && t.text().trim().equalsIgnoreCase("any")) {
            return null;
        }
        return (Integer) parse(Param.integer("socket", 0, 99, null, ""), spec);
    }

    private static Injection injection(Spec spec) {
        Reader r = new Reader(fields(spec));
        var fault = r.optional("fault");
        var condition = r.optional("condition");
        var clear = r.optional("clear");
        int kinds = (fault.isPresent() ? 1 : 0) + (condition.isPresent() ? 1 : 0) + (clear.isPresent() ? 1 : 0);
        if (kinds != 1) {
            throw new ScenarioException(spec.where(), "do: needs exactly one of fault, condition, clear");
        }
        Spec nameSpec = fault.or(() -> condition).orElseGet(clear::get);
        String name = text(nameSpec);
        Fault f = Fault.byId(name)
                .orElseThrow(() -> new ScenarioException(
                        nameSpec.where(), "no fault or condition named " + name + " (known: " + Fault.ids() + ")"));
        if (condition.isPresent() && !f.isCondition()) {
            throw new ScenarioException(nameSpec.where(), name + " is a fault, not a condition: write fault: " + name);
        }
        if (clear.isPresent() && !f.isCondition()) {
            throw new ScenarioException(nameSpec.where(), name + " is a fault, not a condition: it cannot be cleared");
        }
        Duration lasting = null;
        var forSpec = r.optional("for");
        if (forSpec.isPresent()) {
            if (!f.isCondition() || clear.isPresent()) {
                throw new ScenarioException(
                        forSpec.get().where(), "for: applies to a condition being set; " + name + " is not one");
            }
            lasting = duration(forSpec.get());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> known =
                new ArrayList<>(List.of(clear.isPresent() ? "clear" : fault.isPresent() ? "fault" : "condition"));
        for (Param p : f.params()) {
            boolean clearing = clear.isPresent();
            if (clearing && !Injection.SELECTORS.contains(p.name())) {
                continue; // a clear names which condition, not how strong
            }
            known.add(p.name());
            var v = r.optional(p.name());
            if (v.isPresent()) {
                values.put(p.name(), parse(p, v.get()));
            } else if (p.required() && !clearing) {
                throw new ScenarioException(spec.where(), name + " needs " + p.name() + " (" + p.form() + ")");
            }
        }
        if (!clear.isPresent() && f.isCondition()) {
            known.add("for");
        }
        r.done(String.join(", ", known));
        return new Injection(f, values, lasting, clear.isPresent(), condition.isPresent());
    }

    private static Scenario.Modems modems(Spec spec) {
        if (spec instanceof Spec.Text t && t.text().trim().equalsIgnoreCase("all")) {
            return Scenario.Modems.ALL;
        }
        List<Spec> items = spec instanceof Spec.Items list ? list.items() : List.of(spec);
        Set<Integer> numbers = new HashSet<>();
        Set<String> imeis = new HashSet<>();
        for (Spec item : items) {
            String t = text(item).trim();
            if (t.matches("\\d{15}")) {
                imeis.add(t);
            } else if (t.matches("\\d{1,9}") && Integer.parseInt(t) > 0) {
                numbers.add(Integer.parseInt(t));
            } else {
                throw new ScenarioException(
                        item.where(), "expected all, a modem number (1, 2, ...) or a 15-digit IMEI, got " + t);
            }
        }
        return new Scenario.Modems(false, numbers, imeis);
    }

    private static long seed(Spec spec) {
        String t = text(spec).trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ScenarioException(spec.where(), "expected a whole number, got " + t);
        }
    }

    private static Duration duration(Spec spec) {
        return (Duration) parse(Param.duration("time", null, ""), spec);
    }

    private static Object parse(Param p, Spec spec) {
        try {
            return p.parse(text(spec));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(spec.where(), e.getMessage());
        }
    }

    private static String text(Spec spec) {
        if (spec instanceof Spec.Text t) {
            return t.text();
        }
        throw new ScenarioException(spec.where(), "expected a single value, not a " + kind(spec));
    }

    private static Spec.Fields fields(Spec spec) {
        if (spec instanceof Spec.Fields f) {
            return f;
        }
        throw new ScenarioException(spec.where(), "expected fields (name: value), not a " + kind(spec));
    }

    private static String kind(Spec spec) {
        return spec instanceof Spec.Items ? "list" : spec instanceof Spec.Fields ? "set of fields" : "value";
    }

    /** Takes fields one by one; whatever is left at the end was not expected. */
    private static final class Reader {
        private final Spec.Fields fields;
        private final Set<String> taken = new HashSet<>();

        Reader(Spec.Fields fields) {
            this.fields = fields;
        }

        java.util.Optional<Spec> optional(String name) {
            Spec s = fields.entries().get(name);
            if (s != null) {
                taken.add(name);
            }
            return java.util.Optional.ofNullable(s);
        }

        Spec required(String name) {
            return optional(name).orElseThrow(() -> new ScenarioException(fields.where(), "missing field " + name));
        }

        void done(String expected) {
            for (var e : fields.entries().entrySet()) {
                if (!taken.contains(e.getKey())) {
                    throw new ScenarioException(
                            e.getValue().where(), "unknown field " + e.getKey() + " (expected " + expected + ")");
                }
            }
        }
    }
}
