package io.vmodem.modem;

import java.time.Duration;

/**
 * The timer encodings power saving is configured with (3GPP TS 24.008): the one-byte GPRS timers of
 * {@code AT+CPSMS} and {@code AT+CEREG} written as eight binary digits, and the four-bit eDRX value
 * of {@code AT+CEDRXS}, whose cycle depends on the access technology. Pure functions.
 */
public final class PowerSavingTimers {
    /** The paging cycle when only DRX applies (no eDRX): 2.56 s, a common LTE-M and NB-IoT default. */
    public static final Duration DRX_CYCLE = Duration.ofMillis(2560);

    /** The {@code <AcT-type>} of {@code AT+CEDRXS} for E-UTRAN in WB-S1 mode (LTE Cat-M1). */
    public static final int EDRX_WB_S1 = 4;

    /** The {@code <AcT-type>} of {@code AT+CEDRXS} for E-UTRAN in NB-S1 mode (NB-IoT). */
    public static final int EDRX_NB_S1 = 5;

    /** GPRS Timer 3 units (bits 8-6) in the order of their size, and their length in seconds. */
    private static final int[] TIMER3_UNITS = {3, 4, 5, 0, 1, 2, 6};

    private static final long[] TIMER3_SECONDS = {600, 3600, 36_000, 2, 30, 60, 1_152_000};

    /** GPRS Timer 2 units in the order of their size, and their length in seconds. */
    private static final int[] TIMER2_UNITS = {0, 1, 2};

    private static final long[] TIMER2_SECONDS = {2, 60, 360};

    private PowerSavingTimers() {}

    /** Whether {@code text} is a timer byte: exactly eight binary digits. */
    public static boolean isTimerByte(String text) {
        return text.length() == 8 && text.chars().allMatch(c -> c == '0' || c == '1');
    }

    /** Whether {@code text} is an eDRX value: exactly four binary digits. */
    public static boolean isEdrxValue(String text) {
        return text.length() == 4 && text.chars().allMatch(c -> c == '0' || c == '1');
    }

    /**
     * T3412 extended, the periodic TAU (GPRS Timer 3, 24.008 10.5.7.4a): bits 8-6 the unit, bits 5-1
     * the value. Null when deactivated.
     */
    public static Duration periodicTau(String bits) {
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        long value = Integer.parseInt(bits.substring(3), 2);
        return unit == 7 ? null : Duration.ofSeconds(TIMER3_SECONDS[unit] * value);
    }

    /**
     * T3324, the active time (GPRS Timer 2, 24.008 10.5.7.3): units of 2 s, 1 min or 6 min; other
     * units count as minutes. Null when deactivated (the network grants no power saving).
     */
    public static Duration activeTime(String bits) {
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        long value = Integer.parseInt(bits.substring(3), 2);
        return switch (unit) {
            case 0 -> Duration.ofSeconds(2 * value);
            case 2 -> Duration.ofMinutes(6 * value);
            case 7 -> null;
            default -> Duration.ofMinutes(value);
        };
    }

    /** The shortest GPRS Timer 3 byte that lasts at least {@code seconds} (the longest there is, past it). */
    public static String periodicTauBits(long seconds) {
        return encode(seconds, TIMER3_UNITS, TIMER3_SECONDS);
    }

    /** The shortest GPRS Timer 2 byte that lasts at least {@code seconds} (the longest there is, past it). */
    public static String activeTimeBits(long seconds) {
        return encode(seconds, TIMER2_UNITS, TIMER2_SECONDS);
    }

    private static String encode(long seconds, int[] units, long[] unitSeconds) {
        int unit = units[units.length - 1];
        long value = 31;
        for (int u : units) {
            long length = unitSeconds[u];
            long needed = (seconds + length - 1) / length;
            if (needed <= 31) {
                unit = u;
                value = needed;
                break;
            }
        }
        String bits = Integer.toBinaryString(unit << 5 | (int) value);
        return "0".repeat(8 - bits.length()) + bits;
    }

    /**
     * The eDRX cycle (24.008 table 10.5.5.32): in WB-S1 mode 5.12 s times 1, 2, 4, 8, 12 ... 32,
     * then powers of two up to 10485.76 s; in NB-S1 mode 20.48 s times a power of two from "0010"
     * up, the values NB-IoT does not define counting as 20.48 s, as the table says.
     */
    public static Duration edrxCycle(String bits, int actType) {
        int v = Integer.parseInt(bits, 2);
        if (actType == EDRX_WB_S1) {
            long units = v == 0 ? 1 : v <= 3 ? 1L << v : v <= 9 ? 4L * (v - 1) : 32L << (v - 9);
            return Duration.ofMillis(5_120 * units);
        }
        int exponent =
                switch (v) {
                    case 3 -> 1;
                    case 5 -> 2;
                    case 9, 10, 11, 12, 13, 14, 15 -> v - 6;
                    default -> 0;
                };
        return Duration.ofMillis(20_480L << exponent);
    }
}
