package io.vmodem.testing;

import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.FaultEffects;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The transcript action that injects a fault, sets or clears a condition, in a scenario step's
 * {@code do:} shape, through the modem's own fault API as a scenario or the control API would:
 * {@code do fault {fault: pdp-drop, context: 1}}, {@code do fault {condition: sim, state: removed}},
 * {@code do fault {clear: sim}}. A fault this build cannot do fails the transcript.
 */
public final class FaultActions {
    private FaultActions() {}

    public static void addTo(Map<String, Consumer<String>> actions, ModemHarness modem) {
        actions.put("fault", doShape -> {
            Injection injection = ScenarioReader.injection(doShape, "transcript");
            FaultEffects.check(injection);
            modem.onLoop(() -> modem.modem().faults().apply(injection));
        });
    }
}
