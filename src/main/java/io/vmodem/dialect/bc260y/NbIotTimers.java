package io.vmodem.dialect.bc260y;

import java.time.Duration;

/**
 * The timer encodings NB-IoT power saving is configured with (3GPP TS 24.008): the one-byte GPRS
 * timers of {@code AT+CPSMS} and {@code AT+CEREG} written as eight binary digits, and the four-bit
 * eDRX value of {@code AT+CEDRXS}. Pure functions.
 */
final class NbIotTimers {
    /** The paging cycle when only DRX applies (no eDRX): 2.56 s, a common NB-IoT default. */
    static final Duration DRX_CYCLE = Duration.ofMillis(2560);

    private NbIotTimers() {}

    /** Whether {@code text} is a timer byte: exactly eight binary digits. */
    static boolean isTimerByte(String text) {
        return text.length() == 8 && text.chars().allMatch(c -> c == '0' || c == '1');
    }

    /** Whether {@code text} is an eDRX value: exactly four binary digits. */
    static boolean isEdrxValue(String text) {
        return text.length() == 4 && text.chars().allMatch(c -> c == '0' || c == '1');
    }

    /**
     * T3412 extended, the periodic TAU (GPRS Timer 3, 24.008 10.5.7.4a): bits 8-6 the unit, bits 5-1
     * the value. Null when deactivated.
     */
    static Duration periodicTau(String bits) {
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        long value = Integer.parseInt(bits.substring(3), 2);
        return switch (unit) {
            case 0 -> Duration.ofMinutes(10 * value);
            case 1 -> Duration.ofHours(value);
            case 2 -> Duration.ofHours(10 * value);
            case 3 -> Duration.ofSeconds(2 * value);
            case 4 -> Duration.ofSeconds(30 * value);
            case 5 -> Duration.ofMinutes(value);
            case 6 -> Duration.ofHours(320 * value);
            default -> null;
        };
    }

    /**
     * T3324, the active time (GPRS Timer 2, 24.008 10.5.7.3): units of 2 s, 1 min or 6 min; other
     * units count as minutes. Null when deactivated (the network grants no power saving).
     */
    static Duration activeTime(String bits) {
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        long value = Integer.parseInt(bits.substring(3), 2);
        return switch (unit) {
            case 0 -> Duration.ofSeconds(2 * value);
            case 2 -> Duration.ofMinutes(6 * value);
            case 7 -> null;
            default -> Duration.ofMinutes(value);
        };
    }

    /**
     * The eDRX cycle in NB-S1 mode (24.008 table 10.5.5.32): 20.48 s times a power of two from
     * "0010" up; the values NB-IoT does not define count as 20.48 s, as the table says.
     */
    static Duration edrxCycle(String bits) {
        int v = Integer.parseInt(bits, 2);
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
