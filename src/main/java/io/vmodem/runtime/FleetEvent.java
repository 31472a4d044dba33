package io.vmodem.runtime;

import java.util.Map;

/**
 * Something that changed about a modem, for the control API's event stream: it came or went
 * ({@code modem}), its power, registration or signal changed, a context or socket changed, a fault
 * was injected or a condition set or cleared ({@code fault}); and, only for those who ask ({@link
 * Fleet#subscribeCommands}), a command line started ({@code command}).
 *
 * @param modem the modem's ID (its serial number)
 * @param epochMillis when, by the wall clock
 * @param type {@code modem}, {@code power}, {@code registration}, {@code signal}, {@code context},
 *     {@code socket}, {@code fault} or {@code command}
 * @param detail what changed, as JSON-ready values (text, numbers, booleans)
 */
public record FleetEvent(long modem, long epochMillis, String type, Map<String, Object> detail) {
    public FleetEvent {
        detail = Map.copyOf(detail);
    }
}
