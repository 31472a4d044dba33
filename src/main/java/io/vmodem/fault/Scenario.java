package io.vmodem.fault;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A scenario: which modems, the seed every random choice draws from, and the steps (trigger,
 * probability, what to do). The same scenario and seed give the same trace.
 */
public record Scenario(long seed, Modems modems, List<Step> steps) {

    public Scenario {
        Objects.requireNonNull(modems);
        steps = List.copyOf(steps);
    }

    /** The same scenario with another seed ({@code --seed}). */
    public Scenario withSeed(long other) {
        return new Scenario(other, modems, steps);
    }

    /**
     * One step: when, how likely each time the trigger fires, and what happens.
     *
     * @param index the step's place in the scenario (0-based), for the trace and messages
     * @param where where its action is written ({@code flaky.yaml line 7, steps[2].do}), for messages
     *     about it after reading (a fault the running program cannot do yet)
     */
    public record Step(int index, Trigger trigger, double probability, Injection action, String where) {}

    /** The modems a scenario applies to: all, or some by number (1, 2, ... as links came) or IMEI. */
    public record Modems(boolean all, Set<Integer> numbers, Set<String> imeis) {
        public static final Modems ALL = new Modems(true, Set.of(), Set.of());

        public Modems {
            numbers = Set.copyOf(numbers);
            imeis = Set.copyOf(imeis);
        }

        public boolean includes(int number, String imei) {
            return all || numbers.contains(number) || imeis.contains(imei);
        }
    }
}
