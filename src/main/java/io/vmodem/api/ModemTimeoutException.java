package io.vmodem.api;

/**
 * What a wait of the library ends with when its time is up: no modem connected, no matching command
 * came, a modem did not answer. The message says what was awaited and what was seen instead.
 */
public final class ModemTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModemTimeoutException(String message) {
        super(message);
    }

    ModemTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
