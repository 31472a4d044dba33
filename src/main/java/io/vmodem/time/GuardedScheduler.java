package io.vmodem.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into a modem. Its timers and tasks ({@link #schedule}, {@link #execute}), the answers
 * to what it asked the network for ({@link #bind}) and the events of its sockets and its link
 * ({@link #call}) all run through here: what was started before the modem last powered off (an
 * earlier power epoch) is dropped, and what a callback throws is caught and handed to the modem's
 * {@link FaultHandler}, which counts it, logs it and ends the command in progress with the module's
 * error. So no callback can wedge a modem or reach a Netty pipeline.
 *
 * <p>Confined to the modem's thread, as the scheduler it wraps.
 */
public final class GuardedScheduler implements Scheduler {
    private static final Logger log = LoggerFactory.getLogger(GuardedScheduler.class);

    /** What the modem does about a callback that threw. */
    @FunctionalInterface
    public interface FaultHandler {
        void fault(String where, RuntimeException e);
    }

    private final Scheduler time;
    private final Scheduler link = new Link();
    private FaultHandler faults = (where, e) -> log.error("{} failed", where, e);
    private int epoch;
    private Predicate<String> injected;

    public GuardedScheduler(Scheduler time) {
        this.time = Objects.requireNonNull(time);
    }

    /** {@code scheduler} itself when it is one, else a guard around it. */
    public static GuardedScheduler of(Scheduler scheduler) {
        return scheduler instanceof GuardedScheduler g ? g : new GuardedScheduler(scheduler);
    }

    /** Who hears of faults: the modem, once it exists. */
    public void onFault(FaultHandler handler) {
        this.faults = Objects.requireNonNull(handler);
    }

    /** The power epoch: it moves on at each power-off. */
    public int epoch() {
        return epoch;
    }

    /** The modem powered off: whatever was started before is dropped when it comes back. */
    public void nextEpoch() {
        epoch++;
    }

    /** Runs {@code task} now, guarded: an event from a socket or the link, on the modem's thread. */
    public void call(String where, Runnable task) {
        try {
            if (injected != null && injected.test(where)) {
                throw new IllegalStateException("fault injected into " + where);
            }
            task.run();
        } catch (RuntimeException e) {
            try {
                faults.fault(where, e);
            } catch (RuntimeException inHandler) {
                inHandler.addSuppressed(e);
                log.error("handling a fault in {} failed", where, inHandler);
            }
        }
    }

    /** {@code task} tied to this power epoch: run guarded when called, dropped after a power-off. */
    public Runnable bind(String where, Runnable task) {
        int bound = epoch;
        return () -> {
            if (bound == epoch) {
                call(where, task);
            }
        };
    }

    /** {@code callback} tied to this power epoch: the answer to something the modem asked for. */
    public <T> Consumer<T> bind(String where, Consumer<T> callback) {
        int bound = epoch;
        return value -> {
            if (bound == epoch) {
                call(where, () -> callback.accept(value));
            }
        };
    }

    @Override
    public long nanoTime() {
        return time.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        return time.schedule(bind("a timer", task), delay);
    }

    @Override
    public void execute(Runnable task) {
        time.execute(bind("a task", task));
    }

    @Override
    public boolean inThread() {
        return time.inThread();
    }

    /**
     * The same time for what lives as long as the link rather than the power (UART pacing, the
     * trace): guarded, but not dropped at a power-off.
     */
    public Scheduler link() {
        return link;
    }

    /** Tests only: from now on, callbacks for which {@code next} says so throw before they run. */
    void inject(Predicate<String> next) {
        injected = next;
    }

    private final class Link implements Scheduler {
        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            return time.schedule(() -> call("a link timer", task), delay);
        }

        @Override
        public void execute(Runnable task) {
            time.execute(() -> call("a link task", task));
        }

        @Override
        public boolean inThread() {
            return time.inThread();
        }
    }
}
