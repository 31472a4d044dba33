package io.vmodem.fault;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** When a step acts. */
public sealed interface Trigger {

    /** As soon as the scenario applies (power-on, or when it is loaded into a running modem). */
    record Now() implements Trigger {}

    /** This long after power-on. */
    record At(Duration afterPowerOn) implements Trigger {}

    /** At the final result of the {@code count}-th command line that starts with {@code prefix}. */
    record OnCommand(String prefix, int count) implements Trigger {
        public boolean matches(String commandLine) {
            return commandLine.regionMatches(true, 0, prefix, 0, prefix.length());
        }
    }

    /**
     * Once a socket has sent or received {@code bytes} in all; {@code socket} the module's connect
     * ID, or null for any socket.
     */
    record OnBytes(Direction direction, long bytes, Integer socket) implements Trigger {}

    /** On entering a state. */
    record OnState(State state) implements Trigger {}

    /** Every {@code period}, from power-on. */
    record Every(Duration period) implements Trigger {}

    enum Direction {
        SENT,
        RECEIVED
    }

    /** States a step can wait for. */
    enum State {
        DATA_PROMPT,
        TRANSPARENT,
        CONTEXT_ACTIVE,
        SOCKET_OPEN;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static List<String> ids() {
            return java.util.Arrays.stream(values()).map(State::id).toList();
        }
    }
}
