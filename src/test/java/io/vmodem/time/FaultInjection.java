package io.vmodem.time;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Tests only: makes callbacks into a modem throw before they run, through its guard's hook, as a bug
 * in a timer, a network event or a link event would. Use it on the modem's loop.
 */
public final class FaultInjection {
    private final GuardedScheduler guard;
    private final AtomicInteger injected = new AtomicInteger();

    private FaultInjection(GuardedScheduler guard) {
        this.guard = guard;
    }

    public static FaultInjection into(GuardedScheduler guard) {
        return new FaultInjection(guard);
    }

    /** The next {@code n} callbacks whose place {@code where} accepts throw. */
    public FaultInjection next(int n, Predicate<String> where) {
        int[] left = {n};
        guard.inject(place -> {
            if (left[0] > 0 && where.test(place)) {
                left[0]--;
                injected.incrementAndGet();
                return true;
            }
            return false;
        });
        return this;
    }

    /** From now on each callback whose place {@code where} accepts throws with probability {@code p}. */
    public FaultInjection atRandom(Random random, double p, Predicate<String> where) {
        guard.inject(place -> {
            if (where.test(place) && random.nextDouble() < p) {
                injected.incrementAndGet();
                return true;
            }
            return false;
        });
        return this;
    }

    public void stop() {
        guard.inject(null);
    }

    /** How many callbacks were made to throw so far. */
    public int injected() {
        return injected.get();
    }
}
