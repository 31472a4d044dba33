package io.vmodem.dialect;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Time as modules print it (27.007 {@code AT+CCLK}): {@code yy/MM/dd,hh:mm:ss±zz}, the zone in
 * quarter hours, and a four-digit year where a module prints one (Quectel's NTP and network time,
 * the BC260Y-CN's clock).
 */
public final class ClockText {
    private ClockText() {}

    public static String of(Instant time, int zoneQuarters, boolean fourDigitYear) {
        return of(
                LocalDateTime.ofInstant(time, ZoneOffset.ofTotalSeconds(zoneQuarters * 15 * 60)),
                zoneQuarters,
                fourDigitYear);
    }

    /** {@code local} is already the time in that zone. */
    public static String of(LocalDateTime local, int zoneQuarters, boolean fourDigitYear) {
        return String.format(
                fourDigitYear ? "%04d/%02d/%02d,%02d:%02d:%02d%c%02d" : "%02d/%02d/%02d,%02d:%02d:%02d%c%02d",
                fourDigitYear ? local.getYear() : local.getYear() % 100,
                local.getMonthValue(),
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond(),
                zoneQuarters < 0 ? '-' : '+',
                Math.abs(zoneQuarters));
    }
}
