package io.vmodem.net;

import java.time.Duration;
import java.util.Objects;

/**
 * What a ping command asks for: {@code count} ICMP echo requests of {@code payload} bytes to
 * {@code host}, each given {@code timeout} (in the modem's time) for its reply, with the IP time to
 * live {@code ttl} (0: the host's default). Each request goes out once the one before has its
 * outcome, and no sooner than {@code interval} after the one before went out; the summary writes
 * the average round trip as {@code average} says.
 */
public record PingRequest(
        String host, int payload, Duration timeout, int count, int ttl, Duration interval, Average average) {

    /** How a module writes the average round trip of its summary, in whole milliseconds. */
    public enum Average {
        /** The fraction dropped (the Quectel modules). */
        TRUNCATED,
        /** To the nearest millisecond. */
        ROUNDED
    }

    public PingRequest {
        Objects.requireNonNull(host);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(interval);
        Objects.requireNonNull(average);
        if (count < 1) {
            throw new IllegalArgumentException("count " + count);
        }
    }

    /** Requests back to back, the host's TTL, the average truncated. */
    public static PingRequest of(String host, int payload, Duration timeout, int count) {
        return new PingRequest(host, payload, timeout, count, 0, Duration.ZERO, Average.TRUNCATED);
    }

    public PingRequest ttl(int ttl) {
        return new PingRequest(host, payload, timeout, count, ttl, interval, average);
    }

    public PingRequest interval(Duration interval) {
        return new PingRequest(host, payload, timeout, count, ttl, interval, average);
    }

    public PingRequest average(Average average) {
        return new PingRequest(host, payload, timeout, count, ttl, interval, average);
    }
}
