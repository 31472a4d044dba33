package io.vmodem.time;

import java.time.Duration;

/**
 * The one source of time and deferred work for a modem. Every guard time, response delay and
 * timeout goes through it, so tests can run them in virtual time. All tasks run on the modem's
 * own thread.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Runs {@code task} after {@code delay} on the modem's thread. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Runs {@code task} soon on the modem's thread (never inline). */
    void execute(Runnable task);

    /** Whether the caller is on the modem's thread. */
    boolean inThread();

    /** A scheduled task that may still be called off. */
    interface Cancellable {
        Cancellable DONE = () -> {};

        void cancel();
    }
}
