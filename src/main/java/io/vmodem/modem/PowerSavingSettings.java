package io.vmodem.modem;

import java.time.Duration;

/**
 * What the host asked for with {@code AT+CPSMS} and {@code AT+CEDRXS} (27.007 7.38, 7.40), kept in
 * the module's non-volatile store, as the modules keep them; and what the network grants of it (the
 * simulated network grants what is requested). The timers are kept as the host wrote them, eight
 * binary digits (24.008), so every command that reads them back shows the same values.
 */
public final class PowerSavingSettings {
    /** T3412 when the host requests none: 1 h ("00100001"). */
    public static final String DEFAULT_TAU = "00100001";
    /** T3324 when the host requests none: 1 min ("00100001" in GPRS Timer 2 units). */
    public static final String DEFAULT_ACTIVE = "00100001";
    /** Requested eDRX value when the host gives none: 81.92 s in either mode. */
    public static final String DEFAULT_EDRX = "0101";

    private static final String PSM_MODE = "cpsms.mode";
    private static final String PSM_TAU = "cpsms.tau";
    private static final String PSM_ACTIVE = "cpsms.active";

    private final NvStore nv;
    private final int servingEdrxActType;

    public PowerSavingSettings(NvStore nv, ModemProfile profile) {
        this.nv = nv;
        this.servingEdrxActType =
                profile.accessTechnology() == 9 ? PowerSavingTimers.EDRX_NB_S1 : PowerSavingTimers.EDRX_WB_S1;
    }

    /** The {@code <AcT-type>} whose eDRX setting applies on the network the module uses. */
    public int servingEdrxActType() {
        return servingEdrxActType;
    }

    // ---- PSM ----

    /** {@code <mode>} of {@code AT+CPSMS}: 1 PSM requested. */
    public int psmMode() {
        return nv.getInt(PSM_MODE, 0);
    }

    /** The requested periodic TAU (T3412), eight binary digits. */
    public String periodicTau() {
        return nv.get(PSM_TAU, DEFAULT_TAU);
    }

    /** The requested active time (T3324), eight binary digits. */
    public String activeTime() {
        return nv.get(PSM_ACTIVE, DEFAULT_ACTIVE);
    }

    /**
     * {@code AT+CPSMS=<mode>,,,<tau>,<active>}: mode 0 or 1 keeps a timer given as null; mode 2 turns
     * PSM off and forgets the timers.
     */
    public void psm(int mode, String tau, String active) {
        if (mode == 2) {
            nv.put(PSM_MODE, "0");
            nv.put(PSM_TAU, DEFAULT_TAU);
            nv.put(PSM_ACTIVE, DEFAULT_ACTIVE);
            return;
        }
        nv.put(PSM_MODE, String.valueOf(mode));
        if (tau != null) {
            nv.put(PSM_TAU, tau);
        }
        if (active != null) {
            nv.put(PSM_ACTIVE, active);
        }
    }

    // ---- eDRX ----

    /** {@code <mode>} of {@code AT+CEDRXS} for {@code actType}: 0 off, 1 on, 2 on with reports. */
    public int edrxMode(int actType) {
        return nv.getInt("cedrxs." + actType + ".mode", 0);
    }

    public boolean edrxOn(int actType) {
        int mode = edrxMode(actType);
        return mode == 1 || mode == 2;
    }

    /** The requested eDRX value for {@code actType}, four binary digits. */
    public String edrxValue(int actType) {
        return nv.get("cedrxs." + actType + ".value", DEFAULT_EDRX);
    }

    /**
     * {@code AT+CEDRXS=<mode>,<actType>,<value>}: mode 3 turns eDRX off and forgets the value; a null
     * value keeps the one set before.
     */
    public void edrx(int actType, int mode, String value) {
        nv.put("cedrxs." + actType + ".mode", String.valueOf(mode == 3 ? 0 : mode));
        if (mode == 3) {
            nv.put("cedrxs." + actType + ".value", DEFAULT_EDRX);
        } else if (value != null) {
            nv.put("cedrxs." + actType + ".value", value);
        }
    }

    // ---- what the network grants ----

    /** The settings as the network grants them, the module's own PSM options at their defaults. */
    public PowerSaving granted() {
        return granted(Duration.ZERO, false);
    }

    /**
     * The settings as the network grants them.
     *
     * @param minimumSleep PSM is used only when the module would sleep at least this long between the
     *     end of its active time and its periodic TAU (BG96 {@code AT+QPSMCFG})
     * @param sleepAtRelease the module sleeps as soon as the connection is released, without an
     *     active time (BG96 {@code AT+QCFG="psm/enter",1})
     */
    public PowerSaving granted(Duration minimumSleep, boolean sleepAtRelease) {
        Duration active = PowerSavingTimers.activeTime(activeTime());
        Duration tau = PowerSavingTimers.periodicTau(periodicTau());
        boolean psm = psmMode() == 1;
        if (psm && active != null && tau != null && tau.minus(active).compareTo(minimumSleep) < 0) {
            psm = false;
        }
        if (psm && sleepAtRelease && active != null) {
            active = Duration.ZERO;
        }
        return new PowerSaving(
                psm,
                active,
                tau,
                edrxOn(servingEdrxActType),
                PowerSavingTimers.edrxCycle(edrxValue(servingEdrxActType), servingEdrxActType));
    }
}
