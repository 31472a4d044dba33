package io.vmodem.time;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for tests: scheduled tasks run only when the test advances the clock, in time
 * order, on the modem's thread. Over a real event loop ({@link #on}) the loop still carries
 * network events; standalone ({@link #standalone}) everything runs on the test's thread.
 */
public final class VirtualScheduler implements Scheduler {
    private final Executor executor;
    private final BooleanSupplier inThread;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    /** Written on the modem's thread; links read it on theirs to stamp a link event. */
    private volatile long now = 1_000_000_000L;

    private long sequence;

    private VirtualScheduler(Executor executor, BooleanSupplier inThread) {
        this.executor = executor;
        this.inThread = inThread;
    }

    /** Everything on the calling thread: execute() runs tasks in order after the current one. */
    public static VirtualScheduler standalone() {
        Trampoline trampoline = new Trampoline();
        return new VirtualScheduler(trampoline, () -> true);
    }

    /** Virtual time on a real event loop, e.g. a Netty loop whose sockets reach real peers. */
    public static VirtualScheduler on(io.netty.util.concurrent.EventExecutor loop) {
        return new VirtualScheduler(loop, loop::inEventLoop);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
        synchronized (tasks) {
            tasks.add(t);
        }
        return () -> t.cancelled = true;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public boolean inThread() {
        return inThread.getAsBoolean();
    }

    /** Moves the clock forward, running every task that falls due, each at its own time. */
    public void advance(Duration by) {
        onThread(() -> {
            long target = now + by.toNanos();
            while (true) {
                Task next;
                synchronized (tasks) {
                    next = tasks.peek();
                    if (next == null || next.due > target) {
                        break;
                    }
                    tasks.poll();
                }
                now = Math.max(now, next.due);
                if (!next.cancelled) {
                    next.task.run();
                }
            }
            now = target;
        });
    }

    /**
     * Jumps to the earliest pending task and runs everything due then; false when nothing is
     * scheduled. Test drivers use it when the modem is quiet and waits only on its own timers.
     */
    public boolean advanceToNext() {
        long due;
        synchronized (tasks) {
            tasks.removeIf(t -> t.cancelled);
            Task next = tasks.peek();
            if (next == null) {
                return false;
            }
            due = next.due;
        }
        advance(Duration.ofNanos(Math.max(0, due - now)));
        return true;
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    private void onThread(Runnable r) {
        if (executor instanceof Trampoline t) {
            t.execute(r);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("advancing virtual time failed", e);
        }
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    /** Runs submitted tasks on the caller's thread, after the task that submitted them. */
    private static final class Trampoline implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean running;

        @Override
        public void execute(Runnable command) {
            queue.add(command);
            drain();
        }

        void drain() {
            if (running) {
                return;
            }
            running = true;
            try {
                Runnable r;
                while ((r = queue.poll()) != null) {
                    r.run();
                }
            } finally {
                running = false;
            }
        }
    }
}
