package io.vmodem.modem;

/**
 * The LTE measurements a module reports besides {@code AT+CSQ}, all derived from the one level the
 * radio model keeps ({@code <rssi>} 0-31), so that every command that shows the signal agrees with
 * every other: a cell heard at {@code rssi} n is -113 + 2n dBm of total power (27.007 8.5), the
 * reference signal some 28 dB below it (one resource element of a 10 MHz carrier's 600 subcarriers),
 * quality and noise ratio rising with the level. {@link #NONE} when nothing is heard.
 *
 * @param rssiDbm received signal strength, dBm
 * @param rsrpDbm reference signal received power, dBm (-140..-44)
 * @param rsrqHalfDb reference signal received quality, in half dB (-40..-6, i.e. -20..-3 dB)
 * @param sinrDb signal to interference and noise ratio, dB (-10..21)
 */
public record SignalQuality(boolean heard, int rssiDbm, int rsrpDbm, int rsrqHalfDb, int sinrDb) {
    public static final SignalQuality NONE = new SignalQuality(false, 0, 0, 0, 0);

    /** The measurements at {@code AT+CSQ} level {@code rssi}; 99 is nothing heard. */
    public static SignalQuality of(int rssi) {
        if (rssi == Radio.SIGNAL_UNKNOWN) {
            return NONE;
        }
        int dbm = -113 + 2 * rssi;
        int rsrp = Math.max(-140, Math.min(-44, dbm - 28));
        int rsrq = Math.max(-40, Math.min(-6, -40 + rssi * 34 / 31));
        return new SignalQuality(true, dbm, rsrp, rsrq, -10 + rssi);
    }

    /** 27.007 8.69 {@code +CESQ} {@code <rsrp>}: 0 below -140 dBm, then one a dB up to 97; 255 unknown. */
    public int cesqRsrp() {
        return heard ? Math.max(0, Math.min(97, rsrpDbm + 141)) : 255;
    }

    /** 27.007 8.69 {@code +CESQ} {@code <rsrq>}: 0 below -19.5 dB, then one a half dB up to 34; 255 unknown. */
    public int cesqRsrq() {
        return heard ? Math.max(0, Math.min(34, rsrqHalfDb + 40)) : 255;
    }
}
