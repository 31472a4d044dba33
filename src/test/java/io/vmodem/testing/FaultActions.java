package io.vmodem.testing;

import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.FaultEffects;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The transcript action that injects any fault or sets or clears any condition, written as a
 * scenario step's {@code do:} in YAML or JSON: {@code do fault {condition: latency, ms: 300}},
 * {@code do fault {fault: peer-reset, after: 4}}, {@code do fault {clear: latency}}. It is checked as
 * the control API checks it (a fault this build cannot do fails the transcript) and applied on the
 * modem's loop, so the trace has its {@code fault} line.
 */
public final class FaultActions {
    private FaultActions() {}

    public static void addTo(Map<String, Consumer<String>> actions, ModemHarness modem) {
        actions.put("fault", step -> {
            Injection injection = ScenarioReader.injection(step, "transcript");
            FaultEffects.check(injection);
            modem.onLoop(() -> modem.modem().faults().apply(injection));
        });
    }
}
