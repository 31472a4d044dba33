package io.vmodem.api;

import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.FleetEvent;
import io.vmodem.runtime.VirtualModem;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The modems a {@link ModemServer} has seen: kept from the fleet's events on the modems' own
 * threads, handed to the test's thread in the order they came, each once. Apart from the server so
 * that the cross-thread bookkeeping sits in one place.
 */
final class ModemRoster {
    private final Fleet fleet;
    private final Fleet.Listener events = this::event;
    private final ConcurrentSkipListMap<Long, ModemHandle> handles = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<ModemHandle>> byId = new ConcurrentHashMap<>();
    /**
     * Modems not yet handed out, lowest ID first: each joins on its own loop, so two links that came
     * together may join in either order, but their IDs are in the order they came.
     */
    private final PriorityBlockingQueue<ModemHandle> arrivals =
            new PriorityBlockingQueue<>(16, Comparator.comparingLong(ModemHandle::id));

    /** The serials below this one have all joined, been handed out or been given up on. */
    private long floor;
    /** Serials taken by links whose modems never joined (the link went at once). */
    private final Set<Long> neverJoined = ConcurrentHashMap.newKeySet();

    /** How long a modem that came earlier may take to join after a later one has. */
    private static final Duration STRAGGLER = Duration.ofSeconds(2);

    ModemRoster(Fleet fleet, long firstSerial) {
        this.fleet = fleet;
        this.floor = firstSerial;
    }

    /** The fleet whose modems these are. */
    Fleet fleet() {
        return fleet;
    }

    /** Starts following the fleet's modems, their power and their commands. */
    void follow() {
        fleet.subscribe(events);
        fleet.subscribeCommands(events);
    }

    void unfollow() {
        fleet.unsubscribe(events);
        fleet.unsubscribeCommands(events);
    }

    /** As {@link ModemServer#awaitModem(Duration)}; {@code where} names the link in the complaint. */
    ModemHandle next(Duration timeout, String where) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ModemHandle next;
        try {
            next = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw ModemHandle.interrupted("waiting for a modem", e);
        }
        if (next == null) {
            throw new ModemTimeoutException("no modem connected to " + where + " within " + ModemHandle.text(timeout));
        }
        ModemHandle earlier = earlier(next, deadline);
        if (earlier != null && arrivals.remove(earlier)) {
            arrivals.add(next);
            next = earlier;
        }
        return next.awaitPoweredOn(left(deadline));
    }

    /**
     * A modem whose link came before {@code h}'s (serials follow the links' order) but which joins
     * on its own loop, a moment after {@code h}'s: it is handed out first. Null when none.
     */
    private ModemHandle earlier(ModemHandle h, long deadline) {
        while (floor < h.id() && (neverJoined.contains(floor) || handedOut(floor))) {
            floor++;
        }
        for (long s = floor; s < h.id(); s++) {
            if (neverJoined.contains(s)) {
                continue;
            }
            ModemHandle e = handles.get(s);
            if (e == null) {
                e = joining(s, deadline);
            }
            if (e != null && arrivals.contains(e)) {
                return e;
            }
        }
        return null;
    }

    /** Whether modem {@code serial} joined and has been handed out. */
    private boolean handedOut(long serial) {
        ModemHandle e = handles.get(serial);
        return e != null && !arrivals.contains(e);
    }

    /** Modem {@code serial} once it joins, waiting a moment; null (and given up on) if it does not. */
    private ModemHandle joining(long serial, long deadline) {
        long wait = Math.min(left(deadline).toNanos(), STRAGGLER.toNanos());
        try {
            return byId.computeIfAbsent(serial, k -> new CompletableFuture<>()).get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            neverJoined.add(serial);
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw ModemHandle.interrupted("waiting for modem m" + serial, e);
        }
    }

    /** As {@link ModemServer#awaitModem(long, Duration)}. */
    ModemHandle byId(long id, Duration timeout, String where) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ModemHandle h;
        try {
            h = byId.computeIfAbsent(id, k -> new CompletableFuture<>()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ModemTimeoutException("no modem m" + id + " connected to " + where + " within "
                    + ModemHandle.text(timeout) + " (modems so far: " + handles.keySet() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw ModemHandle.interrupted("waiting for modem m" + id, e);
        }
        arrivals.remove(h);
        return h.awaitPoweredOn(left(deadline));
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Every modem so far, in ID order, gone or not. */
    List<ModemHandle> all() {
        return List.copyOf(handles.values());
    }

    /** Waits up to {@code each} for every modem to have left (each leaves on its own loop). */
    void awaitGone(Duration each) {
        for (ModemHandle h : handles.values()) {
            h.awaitGone(each);
        }
    }

    void forget() {
        handles.keySet().stream().max(Long::compare).ifPresent(last -> floor = Math.max(floor, last + 1));
        handles.clear();
        byId.clear();
        arrivals.clear();
    }

    // ---- what the modems do, on their threads ----

    private void event(FleetEvent e) {
        switch (e.type()) {
            case "modem" -> {
                if ("added".equals(e.detail().get("state"))) {
                    fleet.find(e.modem()).ifPresent(this::joined);
                } else {
                    ModemHandle h = handles.get(e.modem());
                    if (h != null) {
                        h.left();
                    }
                }
            }
            case "power" -> {
                ModemHandle h = handles.get(e.modem());
                if (h != null) {
                    if ("on".equals(e.detail().get("state"))) {
                        h.poweredOn();
                    } else {
                        h.poweredOff();
                    }
                }
            }
            case "command" -> {
                ModemHandle h = handles.get(e.modem());
                if (h != null) {
                    h.command((String) e.detail().get("line"));
                }
            }
            default -> {}
        }
    }

    private void joined(VirtualModem m) {
        ModemHandle h = new ModemHandle(m);
        handles.put(m.id(), h);
        arrivals.add(h);
        byId.computeIfAbsent(m.id(), k -> new CompletableFuture<>()).complete(h);
    }
}
