package io.vmodem.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The counters of the modems on one event loop, for the metrics: changed only by that loop's
 * thread, so counting costs a modem an addition and no lock, no atomic; read by sending the loop a
 * task that copies them ({@link Fleet#totals}). Also the loop's list of live modems, so that a
 * reader asks each loop once, whatever the number of modems.
 */
final class LoopStats {
    /** Upper bounds of the command latency buckets, in seconds: a module answers in µs to 150 s. */
    static final double[] LATENCY_BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 150
    };

    private static final long[] BOUND_NANOS =
            Arrays.stream(LATENCY_BOUNDS).mapToLong(s -> Math.round(s * 1e9)).toArray();

    final List<ModemWatch> modems = new ArrayList<>();
    long bytesIn;
    long bytesOut;
    long commands;
    long latencyNanos;
    /** Per bucket (the last one: above every bound), not cumulative. */
    final long[] latencyCounts = new long[LATENCY_BOUNDS.length + 1];

    long faultsInjected;
    /** Engine faults of modems that are gone (the live ones are read from their engines). */
    long engineFaultsGone;

    void command(long nanos) {
        commands++;
        latencyNanos += nanos;
        int i = Arrays.binarySearch(BOUND_NANOS, nanos);
        latencyCounts[i >= 0 ? i : -i - 1]++;
    }

    /** A copy of the counters and of what the live modems hold now. On the loop. */
    Fleet.Totals copy() {
        long sockets = 0;
        long contexts = 0;
        long engineFaults = engineFaultsGone;
        for (ModemWatch w : modems) {
            sockets += w.sockets();
            contexts += w.activeContexts();
            engineFaults += w.engineFaults();
        }
        return new Fleet.Totals(
                modems.size(),
                sockets,
                contexts,
                bytesIn,
                bytesOut,
                commands,
                latencyNanos / 1e9,
                latencyCounts.clone(),
                faultsInjected,
                engineFaults);
    }
}
