package io.vmodem.modem;

import java.util.Objects;

/**
 * A file operation the store refuses: which rule it broke ({@link #failure}) for the dialect's error
 * code, and in words for the trace ({@link #getMessage}).
 */
public final class FileRefused extends RuntimeException {
    /** Why a file operation cannot be done; each dialect words it with its own code. */
    public enum Failure {
        /** No file of that name. */
        NOT_FOUND,
        /** A file of that name exists already. */
        EXISTS,
        /** The name is empty, too long or holds a character files cannot have. */
        INVALID_NAME,
        /** The storage has no room for it. */
        NO_SPACE,
        /** Larger than one file may be. */
        TOO_LARGE,
        /** The file is open for reading only. */
        READ_ONLY,
        /** As many files are open as may be. */
        TOO_MANY_OPEN,
        /** The file is open. */
        ALREADY_OPEN,
        /** No open file has that handle. */
        INVALID_HANDLE,
        /** A position outside the file. */
        OUT_OF_RANGE
    }

    private final Failure failure;

    public FileRefused(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = Objects.requireNonNull(failure);
    }

    public Failure failure() {
        return failure;
    }
}
