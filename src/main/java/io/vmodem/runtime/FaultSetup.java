package io.vmodem.runtime;

import io.vmodem.fault.Scenario;
import java.util.List;

/**
 * The faults every new modem starts with: the {@code --scenario} file's steps (for the modems its
 * {@code modems:} picks) and the seed of every modem's generator ({@code --seed}, else the
 * scenario's, else 1).
 *
 * @param scenario the scenario, or null for none
 * @param seed {@code --seed}, or null to take the scenario's
 */
public record FaultSetup(Scenario scenario, Long seed) {
    public static final FaultSetup NONE = new FaultSetup(null, null);

    /** The default seed when neither a scenario nor {@code --seed} gives one. */
    public static final long DEFAULT_SEED = 1;

    /** Refuses a scenario that uses a fault this build cannot do yet, naming its line. */
    public FaultSetup {
        if (scenario != null) {
            FaultEffects.check(scenario);
        }
    }

    public long seedValue() {
        return seed != null ? seed : scenario != null ? scenario.seed() : DEFAULT_SEED;
    }

    /** The steps for modem {@code serial} with {@code imei}: none unless the scenario picks it. */
    public List<Scenario.Step> stepsFor(long serial, String imei) {
        if (scenario == null || !scenario.modems().includes((int) serial, imei)) {
            return List.of();
        }
        return scenario.steps();
    }
}
