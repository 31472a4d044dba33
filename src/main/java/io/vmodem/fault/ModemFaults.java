package io.vmodem.fault;

import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One modem's faults: the scenario steps it runs, the conditions in force, and the live API. It
 * decides when; {@link Effects} does what, in the layers below. Every random choice (a step's
 * probability, a split's pieces, a noisy byte) draws from the modem's own generator, seeded from
 * the scenario's seed and the modem's number, so the same scenario gives the same trace.
 *
 * <p>Confined to the modem's thread, like everything about a modem.
 */
public final class ModemFaults {
    private final Scheduler scheduler;
    private final Random random;
    private final int modemNumber;
    private final Effects effects;
    private final Consumer<String> trace;
    private final List<Armed> armed = new ArrayList<>();
    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    private final Map<Integer, long[]> bytesSeen = new HashMap<>();
    private long poweredOnAt = -1;
    private long injected;

    /** What the layers below do when a fault happens or a condition changes. */
    public interface Effects {
        /** A fault happens now; {@code socket} is the connect ID a socket trigger fired for, or null. */
        void fire(Injection fault, Integer socket);

        /** A condition comes into force (or changes its parameters). */
        void set(Injection condition);

        /** A condition ends: the one that was in force. */
        void clear(Injection condition);
    }

    /** A condition in force, and the timer that ends it. */
    private static final class Condition {
        final Injection injection;
        Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

        Condition(Injection injection) {
            this.injection = injection;
        }

        Injection injection() {
            return injection;
        }
    }

    /**
     * @param seed the scenario's seed (or {@code --seed})
     * @param modemNumber which modem (1, 2, ...), so that modems sharing a seed still differ
     * @param trace where each fault and condition change is written ({@code fault pdp-drop context 1})
     */
    public ModemFaults(Scheduler scheduler, long seed, int modemNumber, Effects effects, Consumer<String> trace) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.modemNumber = modemNumber;
        this.random = new Random(mix(seed, modemNumber));
        this.effects = Objects.requireNonNull(effects);
        this.trace = Objects.requireNonNull(trace);
    }

    private static long mix(long seed, int modemNumber) {
        return seed * 0x9E3779B97F4A7C15L + modemNumber;
    }

    /**
     * Starts the generator again from {@code seed} (a scenario loaded into a running modem brings
     * its own), so that the same scenario makes the same choices from here on.
     */
    public void reseed(long seed) {
        random.setSeed(mix(seed, modemNumber));
    }

    /** Whether a step waits for a socket's byte count: only then are byte counts worth reporting. */
    public boolean watchesBytes() {
        for (Armed a : armed) {
            if (!a.spent && a.step.trigger() instanceof Trigger.OnBytes) {
                return true;
            }
        }
        return false;
    }

    /** The generator every random choice about this modem draws from. */
    public Random random() {
        return random;
    }

    /** Faults and condition changes so far. */
    public long injected() {
        return injected;
    }

    // ---- scenarios ----

    /** Adds a scenario's steps; time triggers count from power-on (from now if already on). */
    public void load(List<Scenario.Step> steps) {
        for (Scenario.Step step : steps) {
            Armed a = new Armed(step);
            armed.add(a);
            if (poweredOnAt >= 0) {
                a.armTime();
            }
        }
    }

    /** The modem powered on (again): time triggers start counting. */
    public void poweredOn() {
        boolean first = poweredOnAt < 0;
        poweredOnAt = scheduler.nanoTime();
        if (first) {
            for (Armed a : List.copyOf(armed)) {
                a.armTime();
            }
        }
    }

    /** A command line reached its final result. */
    public void commandFinished(String line) {
        for (Armed a : List.copyOf(armed)) {
            if (a.step.trigger() instanceof Trigger.OnCommand on && on.matches(line) && ++a.count == on.count()) {
                a.fire(null);
            }
        }
    }

    /** A socket's running totals changed: {@code sent} and {@code received} bytes so far. */
    public void socketBytes(int socket, long sent, long received) {
        long[] was = bytesSeen.computeIfAbsent(socket, s -> new long[2]);
        for (Armed a : List.copyOf(armed)) {
            if (a.step.trigger() instanceof Trigger.OnBytes on && (on.socket() == null || on.socket() == socket)) {
                boolean isSent = on.direction() == Trigger.Direction.SENT;
                long before = isSent ? was[0] : was[1];
                long now = isSent ? sent : received;
                if (before < on.bytes() && now >= on.bytes()) {
                    a.fire(socket);
                }
            }
        }
        was[0] = sent;
        was[1] = received;
    }

    /** A socket is gone: its totals start again for the next socket with that ID. */
    public void socketClosed(int socket) {
        bytesSeen.remove(socket);
    }

    /** The modem entered {@code state}. */
    public void entered(Trigger.State state) {
        for (Armed a : List.copyOf(armed)) {
            if (a.step.trigger() instanceof Trigger.OnState on && on.state() == state) {
                a.fire(null);
            }
        }
    }

    // ---- live ----

    /** Injects a fault, sets or clears a condition, now. */
    public void apply(Injection injection) {
        apply(injection, null, -1);
    }

    /** The conditions in force, in catalogue order. */
    public List<Injection> conditions() {
        List<Injection> list = new ArrayList<>();
        conditions.values().forEach(c -> list.add(c.injection));
        return Collections.unmodifiableList(list);
    }

    /** Clears every condition and forgets the scenario (a new test, a fresh modem). */
    public void reset() {
        for (Condition c : List.copyOf(conditions.values())) {
            end(c, -1);
        }
        for (Armed a : armed) {
            a.disarm();
        }
        armed.clear();
        bytesSeen.clear();
    }

    private void apply(Injection injection, Integer socket, int step) {
        if (injection.clear()) {
            for (Condition c : List.copyOf(conditions.values())) {
                if (injection.clears(c.injection())) {
                    end(c, step);
                }
            }
            return;
        }
        injected++;
        trace.accept(injection + (socket == null ? "" : " on socket " + socket) + stepText(step));
        if (!injection.isCondition()) {
            effects.fire(injection, socket);
            return;
        }
        Condition old = conditions.remove(injection.key());
        if (old != null) {
            old.timer.cancel();
        }
        Condition c = new Condition(injection);
        if (injection.lasting() != null) {
            c.timer = scheduler.schedule(() -> end(c, step), injection.lasting());
        }
        conditions.put(injection.key(), c);
        effects.set(injection);
    }

    /** Ends a condition in force (its time ran out, or it was cleared). */
    private void end(Condition c, int step) {
        if (conditions.get(c.injection().key()) != c) {
            return;
        }
        conditions.remove(c.injection().key());
        c.timer.cancel();
        injected++;
        trace.accept("clear " + c.injection().key() + stepText(step));
        effects.clear(c.injection());
    }

    private static String stepText(int step) {
        return step < 0 ? "" : " (step " + (step + 1) + ")";
    }

    /** A step waiting for its trigger. */
    private final class Armed {
        final Scenario.Step step;
        int count;
        boolean spent;
        Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

        Armed(Scenario.Step step) {
            this.step = step;
        }

        void armTime() {
            Trigger t = step.trigger();
            if (t instanceof Trigger.Now) {
                scheduler.execute(() -> fire(null));
            } else if (t instanceof Trigger.At at) {
                long due = poweredOnAt + at.afterPowerOn().toNanos() - scheduler.nanoTime();
                timer = scheduler.schedule(() -> fire(null), Duration.ofNanos(Math.max(0, due)));
            } else if (t instanceof Trigger.Every every) {
                timer = scheduler.schedule(this::tick, every.period());
            }
        }

        void tick() {
            fire(null);
            if (!spent) {
                timer = scheduler.schedule(this::tick, ((Trigger.Every) step.trigger()).period());
            }
        }

        void fire(Integer socket) {
            if (spent) {
                return;
            }
            if (!(step.trigger() instanceof Trigger.Every)) {
                spent = true;
            }
            if (step.probability() < 1 && random.nextDouble() >= step.probability()) {
                return;
            }
            apply(step.action(), socket, step.index());
        }

        void disarm() {
            spent = true;
            timer.cancel();
        }
    }
}
