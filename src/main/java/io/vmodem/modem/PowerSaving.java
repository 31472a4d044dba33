package io.vmodem.modem;

import java.time.Duration;

/**
 * What the host asked for with {@code AT+CPSMS} and {@code AT+CEDRXS} (or a module's own forms of
 * them), as the network granted it (the simulated network grants what is requested).
 *
 * @param psm power saving mode on
 * @param activeTime T3324: how long the module stays reachable after the connection is released;
 *     null when deactivated
 * @param periodicTau T3412: when the module wakes from PSM to update its tracking area; null when
 *     deactivated
 * @param edrx extended DRX on
 * @param edrxCycle the eDRX paging cycle
 */
public record PowerSaving(boolean psm, Duration activeTime, Duration periodicTau, boolean edrx, Duration edrxCycle) {
    public static final PowerSaving OFF = new PowerSaving(false, null, null, false, PowerSavingTimers.DRX_CYCLE);

    /** Whether events from the network may wait for the radio: PSM or eDRX is on. */
    public boolean delaysDownlink() {
        return (psm && activeTime != null) || edrx;
    }

    /** How long a paged event waits at most: the eDRX cycle, else the DRX cycle. */
    public Duration pagingCycle() {
        return edrx ? edrxCycle : PowerSavingTimers.DRX_CYCLE;
    }
}
