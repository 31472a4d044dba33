package io.vmodem.net;

import java.net.InetAddress;

/** The counts and round trips of one ping run, in milliseconds, and its summary: the one place they are added up. */
final class PingStats {
    private int sent;
    private int received;
    private long min = Long.MAX_VALUE;
    private long max;
    private long total;

    /** A request goes out: its sequence number, from 1. */
    int send() {
        return ++sent;
    }

    int sent() {
        return sent;
    }

    void received(long millis) {
        received++;
        min = Math.min(min, millis);
        max = Math.max(max, millis);
        total += millis;
    }

    PingObserver.Summary summary(InetAddress target, PingRequest.Average average) {
        long avg = received == 0
                ? 0
                : switch (average) {
                    case TRUNCATED -> total / received;
                    case ROUNDED -> Math.round((double) total / received);
                };
        return new PingObserver.Summary(target, sent, received, sent - received, received == 0 ? 0 : min, max, avg);
    }
}
