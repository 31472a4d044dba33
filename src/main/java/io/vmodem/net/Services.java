package io.vmodem.net;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The asynchronous services one modem runs for its host: name lookups, pings, time queries, MQTT
 * clients and HTTP(S) requests, each a {@link ServiceRun}. A module runs one of a kind at a time
 * where its manual says so (the dialect names those kinds; a second is the module's "busy" error);
 * a run's results reach whoever started it on the modem's loop, only while it lasts; a power-off
 * ends every run, and the modem's guard drops whatever the host's network answers after it.
 */
public final class Services {
    /** What a run does. */
    public enum Kind {
        DNS,
        PING,
        NTP,
        /** An MQTT client, from opening its connection to closing it. */
        MQTT,
        /** An HTTP(S) request, from opening its connection to the end of its response. */
        HTTP
    }

    private final EnumSet<Kind> oneAtATime = EnumSet.noneOf(Kind.class);
    private final EnumMap<Kind, ServiceRun> running = new EnumMap<>(Kind.class);
    private final List<ServiceRun> runs = new ArrayList<>();

    Services() {}

    /** The kinds this module runs one at a time (the dialect's, from its manual). */
    public void oneAtATime(Set<Kind> kinds) {
        oneAtATime.clear();
        oneAtATime.addAll(kinds);
    }

    /** Whether a run of {@code kind} that allows no other is under way. */
    public boolean busy(Kind kind) {
        return running.containsKey(kind);
    }

    /** The run of {@code kind} under way, where the module runs one at a time; else null. */
    public ServiceRun running(Kind kind) {
        return running.get(kind);
    }

    /** Every run under way. */
    public List<ServiceRun> runs() {
        return List.copyOf(runs);
    }

    void begin(ServiceRun run) {
        Kind kind = run.kind();
        if (oneAtATime.contains(kind)) {
            if (running.containsKey(kind)) {
                throw new IllegalStateException("a " + kind + " run is already under way");
            }
            running.put(kind, run);
        }
        runs.add(run);
    }

    void ended(ServiceRun run) {
        running.remove(run.kind(), run);
        runs.remove(run);
    }

    /** Power-off: every run ends, and nothing more is reported. */
    void shutdown() {
        for (ServiceRun run : List.copyOf(runs)) {
            run.end();
        }
    }
}
