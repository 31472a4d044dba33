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
}
