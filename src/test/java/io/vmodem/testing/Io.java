package io.vmodem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs a peer's blocking I/O from a lambda, as transcript actions do. */
public final class Io {
    private Io() {}

    /** I/O that may throw or be interrupted. */
    public interface Action {
        void run() throws IOException, InterruptedException;
    }

    public static void run(Action a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Closes each of {@code resources} that is not null, all of them even when one fails; the first failure is thrown. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception | AssertionError e) {
                Exception wrapped = e instanceof Exception ex ? ex : new Exception(e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
