package io.vmodem.at;

/**
 * A parameter that is missing, malformed or out of range. Thrown by {@link CommandCall}'s typed
 * accessors and answered by the command table's invalid-parameter reply; never reaches a link.
 */
public final class InvalidArgument extends RuntimeException {
    public InvalidArgument(String message) {
        super(message, null, false, false);
    }
}
