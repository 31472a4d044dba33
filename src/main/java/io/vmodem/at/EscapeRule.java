package io.vmodem.at;

import java.time.Duration;

/**
 * How {@code +++} must be typed to leave online data mode, besides the S12 guard time of silence
 * before and after: the most time between two of the characters and from the first to the last.
 */
public record EscapeRule(Duration maxGap, Duration maxSpan) {
    /** Quectel: "+++" within 1 s. */
    public static final EscapeRule WITHIN_ONE_SECOND = new EscapeRule(Duration.ofSeconds(1), Duration.ofSeconds(1));
}
