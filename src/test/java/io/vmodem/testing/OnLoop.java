package io.vmodem.testing;

import io.netty.channel.EventLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a test's task on a modem's loop, where everything of the modem's must run. */
public final class OnLoop {
    private static final long TIMEOUT_MILLIS = 15_000;

    private OnLoop() {}

    /** The task's result; what it throws, or a loop that does not run it, fails the test. */
    public static <T> T call(EventLoop loop, Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("task on the modem's loop failed", e);
        }
    }
}
