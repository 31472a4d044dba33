package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every live modem of the program, by ID (its serial number, {@code m<serial>} in the trace): added
 * when its link comes, removed when it goes. What a modem is doing is read on its own loop
 * ({@link VirtualModem#snapshot}); the registry itself only knows who is there. It also holds what
 * every new modem gets: the faults to run ({@link FaultSetup}) and how many trace lines to keep in
 * memory.
 *
 * <p>Listeners hear every change (modems coming and going, faults, power, registration, signal,
 * contexts, sockets); with none, modems do not even build the events.
 */
public final class Fleet {
    /** Default of {@code --trace-keep}: lines of trace each modem keeps in memory. */
    public static final int DEFAULT_TRACE_KEEP = 500;

    /** Hears changes, on the modems' threads: it must hand them on and return at once. */
    public interface Listener {
        void event(FleetEvent event);
    }

    /**
     * What the metrics read: counters since the start, and gauges now.
     *
     * @param latencyCounts per bucket of {@link #LATENCY_BOUNDS}, the last above them all; not cumulative
     */
    public record Totals(
            long modems,
            long sockets,
            long activeContexts,
            long bytesIn,
            long bytesOut,
            long commands,
            double latencySeconds,
            long[] latencyCounts,
            long faultsInjected,
            long engineFaults) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, new long[LATENCY_BOUNDS.size() + 1], 0, 0);

        Totals plus(Totals o) {
            long[] counts = latencyCounts.clone();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o.latencyCounts[i];
            }
            return new Totals(
                    modems + o.modems,
                    sockets + o.sockets,
                    activeContexts + o.activeContexts,
                    bytesIn + o.bytesIn,
                    bytesOut + o.bytesOut,
                    commands + o.commands,
                    latencySeconds + o.latencySeconds,
                    counts,
                    faultsInjected + o.faultsInjected,
                    engineFaults + o.engineFaults);
        }
    }

    /** Upper bounds of the command latency histogram's buckets, in seconds. */
    public static final List<Double> LATENCY_BOUNDS =
            java.util.Arrays.stream(LoopStats.LATENCY_BOUNDS).boxed().toList();

    private final ConcurrentSkipListMap<Long, VirtualModem> modems = new ConcurrentSkipListMap<>();
    private final Map<EventLoop, LoopStats> loops = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Listener> commandListeners = new CopyOnWriteArrayList<>();
    private final FaultSetup faults;
    private final int traceKeep;

    /** No faults at start, no trace kept: for tests and embedding. */
    public Fleet() {
        this(FaultSetup.NONE, 0);
    }

    /**
     * @param faults the scenario every new modem runs (where it picks the modem), and the seed
     * @param traceKeep how many trace lines each modem keeps in memory (0: none)
     */
    public Fleet(FaultSetup faults, int traceKeep) {
        if (traceKeep < 0) {
            throw new IllegalArgumentException("--trace-keep must be 0 or more");
        }
        this.faults = Objects.requireNonNull(faults);
        this.traceKeep = traceKeep;
    }

    public FaultSetup faultSetup() {
        return faults;
    }

    public int traceKeep() {
        return traceKeep;
    }

    // ---- who is there ----

    public int size() {
        return modems.size();
    }

    public Optional<VirtualModem> find(long id) {
        return Optional.ofNullable(modems.get(id));
    }

    /** The modems in ID order, from the {@code offset}-th, at most {@code limit}. */
    public List<VirtualModem> page(int offset, int limit) {
        List<VirtualModem> out = new ArrayList<>(Math.min(limit, 1024));
        int i = 0;
        for (VirtualModem m : modems.values()) {
            if (out.size() >= limit) {
                break;
            }
            if (i++ >= offset) {
                out.add(m);
            }
        }
        return out;
    }

    public List<VirtualModem> all() {
        return List.copyOf(modems.values());
    }

    void added(VirtualModem modem) {
        modems.put(modem.id(), modem);
        if (watched()) {
            publish(new FleetEvent(
                    modem.id(),
                    System.currentTimeMillis(),
                    "modem",
                    Map.of("state", "added", "link", modem.link(), "dialect", modem.dialect())));
        }
    }

    void removed(VirtualModem modem) {
        if (modems.remove(modem.id(), modem) && watched()) {
            publish(new FleetEvent(modem.id(), System.currentTimeMillis(), "modem", Map.of("state", "removed")));
        }
    }

    LoopStats stats(EventLoop loop) {
        return loops.computeIfAbsent(loop, l -> new LoopStats());
    }

    // ---- events ----

    public void subscribe(Listener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    public void unsubscribe(Listener l) {
        listeners.remove(l);
    }

    /** Whether anyone listens: without, modems build no events. */
    boolean watched() {
        return !listeners.isEmpty();
    }

    void publish(FleetEvent e) {
        for (Listener l : listeners) {
            l.event(e);
        }
    }

    /**
     * Hears every command line each modem starts: {@code command} events, detail {@code line} (the
     * line as typed, {@code AT} first). Apart from {@link #subscribe}, so the control API's stream
     * does not carry every command of a busy fleet; the Java library waits on them.
     */
    public void subscribeCommands(Listener l) {
        commandListeners.add(Objects.requireNonNull(l));
    }

    public void unsubscribeCommands(Listener l) {
        commandListeners.remove(l);
    }

    boolean commandsWatched() {
        return !commandListeners.isEmpty();
    }

    void publishCommand(FleetEvent e) {
        for (Listener l : commandListeners) {
            l.event(e);
        }
    }

    // ---- metrics ----

    /**
     * The counters of every loop, each copied on its own loop: one task per loop, whatever the
     * number of modems. A loop that does not answer within {@code timeout} is left out.
     */
    public CompletableFuture<Totals> totals(Duration timeout) {
        List<CompletableFuture<Totals>> parts = new ArrayList<>();
        for (var e : loops.entrySet()) {
            CompletableFuture<Totals> f = new CompletableFuture<>();
            LoopStats stats = e.getValue();
            e.getKey().execute(() -> f.complete(stats.copy()));
            parts.add(f.completeOnTimeout(Totals.NONE, timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Totals sum = Totals.NONE;
            for (var p : parts) {
                sum = sum.plus(p.join());
            }
            return sum;
        });
    }
}
