package io.vmodem.modem;

/**
 * The supply a module runs from, as {@code AT+CBC} reports it: a voltage, and the charge of the
 * battery it stands for. A fault may lower it (a brown-out); by default a healthy 3.8 V.
 */
public final class PowerSupply {
    /** The modules' nominal supply: 3.8 V (the BG96 and the SIM7600 run from 3.3 to 4.3 V). */
    public static final int NOMINAL_MILLIVOLTS = 3800;

    private static final int EMPTY_MILLIVOLTS = 3300;
    private static final int FULL_MILLIVOLTS = 4200;

    private int millivolts = NOMINAL_MILLIVOLTS;

    public int millivolts() {
        return millivolts;
    }

    public void millivolts(int mv) {
        if (mv < 0 || mv > 9999) {
            throw new IllegalArgumentException("a supply of " + mv + " mV");
        }
        millivolts = mv;
    }

    /**
     * The battery charge the voltage stands for, 0-100 %: linear between 3.3 V (empty) and 4.2 V
     * (full), as a Li-ion cell is commonly read.
     */
    public int chargePercent() {
        int pct = (millivolts - EMPTY_MILLIVOLTS) * 100 / (FULL_MILLIVOLTS - EMPTY_MILLIVOLTS);
        return Math.max(0, Math.min(100, pct));
    }
}
