package io.vmodem.dialect.bc260y;

import java.time.Duration;

/**
 * What the host asked for with {@code AT+CPSMS} and {@code AT+CEDRXS}, and the network granted (the
 * simulated network grants what is requested).
 *
 * @param psm power saving mode on
 * @param activeTime T3324: how long the module stays reachable after the connection is released;
 *     null when deactivated
 * @param periodicTau T3412: when the module wakes from PSM to update its tracking area; null when
 *     deactivated
 * @param edrx extended DRX on
 * @param edrxCycle the eDRX paging cycle
 */
record PowerSaving(boolean psm, Duration activeTime, Duration periodicTau, boolean edrx, Duration edrxCycle) {
    static final PowerSaving OFF = new PowerSaving(false, null, null, false, NbIotTimers.DRX_CYCLE);

    /** Whether events from the network may wait for the radio: PSM or eDRX is on. */
    boolean delaysDownlink() {
        return (psm && activeTime != null) || edrx;
    }

    /** How long a paged event waits at most: the eDRX cycle, else the DRX cycle. */
    Duration pagingCycle() {
        return edrx ? edrxCycle : NbIotTimers.DRX_CYCLE;
    }
}
