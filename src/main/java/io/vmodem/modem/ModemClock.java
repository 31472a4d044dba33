package io.vmodem.modem;

import io.vmodem.time.Scheduler;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The module's real-time clock: starts at the host's UTC time at power-up, runs on the modem's
 * scheduler (so virtual time moves it in tests), and may be set by {@code AT+CCLK} or NTP. The time
 * zone is kept in quarter hours, as 3GPP reports it.
 */
public final class ModemClock {
    private final Scheduler scheduler;
    private long baseNanos;
    private Instant baseTime;
    private int zoneQuarters;

    public ModemClock(Scheduler scheduler) {
        this.scheduler = scheduler;
        set(Instant.now(), 0);
    }

    public Instant now() {
        return baseTime.plusNanos(scheduler.nanoTime() - baseNanos);
    }

    /** Quarter hours east of UTC that the clock's local time carries. */
    public int zoneQuarters() {
        return zoneQuarters;
    }

    /** The clock's local time (UTC plus its zone). */
    public LocalDateTime localTime() {
        return LocalDateTime.ofInstant(now(), ZoneOffset.ofTotalSeconds(zoneQuarters * 15 * 60));
    }

    public void set(Instant utc, int zoneQuarters) {
        this.baseNanos = scheduler.nanoTime();
        this.baseTime = utc;
        this.zoneQuarters = zoneQuarters;
    }

    /** Sets the clock from a local time in the given zone, as {@code AT+CCLK=} does. */
    public void setLocal(LocalDateTime local, int zoneQuarters) {
        set(local.toInstant(ZoneOffset.ofTotalSeconds(zoneQuarters * 15 * 60)), zoneQuarters);
    }
}
