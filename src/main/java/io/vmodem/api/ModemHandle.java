package io.vmodem.api;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.Scenario;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.trace.TraceRing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One modem of a {@link ModemServer}, as a test sees it: inject faults and set conditions, wait for
 * the commands its host sends, read its trace, its sockets and contexts, switch its power. Got from
 * {@link ModemServer#awaitModem(Duration)}; safe to use from any thread.
 *
 * <p>Every call is a message to the modem's own thread, answered within {@link #ANSWER_TIME} (the
 * modem is never locked, only asked), so what it does takes effect before the call returns: a
 * condition set before the host's next command applies to that command.
 *
 * <pre>{@code
 * ModemHandle modem = server.awaitModem(Duration.ofSeconds(5));
 * modem.inject(Injection.of(Fault.SIGNAL).with("rssi", 5)); // a condition: until cleared
 * modem.awaitCommand("AT\\+QIOPEN=.*", Duration.ofSeconds(5));
 * modem.clear(Fault.SIGNAL);
 * modem.inject(Injection.of(Fault.PDP_DROP).with("context", 1)); // a fault: happens now
 * }</pre>
 */
public final class ModemHandle {
    /** How long a call waits for the modem's thread to answer. */
    public static final Duration ANSWER_TIME = Duration.ofSeconds(5);

    /**
     * Command lines kept for {@link #awaitCommand} and not yet passed over; past this many, the oldest
     * go (and {@link #awaitCommand} says how many went), so a modem nobody waits on stays small.
     */
    public static final int COMMANDS_KEPT = 10_000;

    /** Power from outside, as a bench supply would switch it. */
    public enum Power {
        /** Apply power: the module boots (its power-up URCs follow the boot time). */
        ON,
        /** Remove power: the modem is silent and takes nothing until {@link #ON}. */
        OFF,
        /** A spontaneous reset: the sockets and contexts are gone, and the module boots again. */
        RESET
    }

    /** Marks the end of the commands: the modem's link is gone. */
    private static final String GONE = new String("gone");

    private final VirtualModem modem;
    private final LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>(COMMANDS_KEPT);
    private final AtomicLong commandsDropped = new AtomicLong();
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private volatile CompletableFuture<Void> on = new CompletableFuture<>();

    ModemHandle(VirtualModem modem) {
        this.modem = modem;
    }

    // ---- what the server hears, on the modem's thread ----

    void poweredOn() {
        on.complete(null);
    }

    void poweredOff() {
        if (on.isDone()) {
            on = new CompletableFuture<>();
        }
    }

    void command(String line) {
        while (!commands.offer(line)) {
            if (commands.poll() != null) {
                commandsDropped.incrementAndGet();
            }
        }
    }

    void left() {
        gone.complete(null);
        on.completeExceptionally(new IllegalStateException(name() + " is gone: its link closed"));
        command(GONE);
    }

    // ---- who ----

    /** Its ID in the server: its serial number, from the server's first serial on ({@code m<id>} in the trace). */
    public long id() {
        return modem.id();
    }

    /** Its name in the trace: {@code m<id>}. */
    public String name() {
        return "m" + modem.id();
    }

    /** Its link: {@code tcp 127.0.0.1:40112} (the host's end), {@code pty /dev/pts/3}. */
    public String link() {
        return modem.link();
    }

    /** Whether its link is still there: a TCP connection still open, a pty not yet closed. */
    public boolean connected() {
        return !gone.isDone();
    }

    /**
     * Waits until the modem is on: booted, its power-up URCs sent, answering commands.
     *
     * @return this handle
     * @throws ModemTimeoutException if it is not on within {@code timeout}, or its link went
     */
    public ModemHandle awaitPoweredOn(Duration timeout) {
        try {
            on.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return this;
        } catch (TimeoutException e) {
            throw new ModemTimeoutException(name() + " was not on within " + text(timeout));
        } catch (ExecutionException e) {
            throw new ModemTimeoutException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            throw interrupted("waiting for " + name() + " to power on", e);
        }
    }

    /** Waits (at most {@code timeout}) for the modem to have left, once its link was hung up. */
    void awaitGone(Duration timeout) {
        try {
            gone.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still there: reported by whoever counts what is left
        } catch (InterruptedException e) {
            throw interrupted("waiting for " + name() + " to leave", e);
        }
    }

    // ---- faults ----

    /**
     * Injects a fault (it happens now), sets a condition (it holds until cleared, or for its {@link
     * Injection#lasting} time) or clears one ({@link Injection#clear}), on this modem only. It is
     * written to the trace ({@code fault pdp-drop context 1}).
     *
     * <pre>{@code
     * modem.inject(Injection.of(Fault.PDP_DROP).with("context", 1));
     * modem.inject(Injection.of(Fault.REGISTRATION).with("state", "searching").lasting(Duration.ofSeconds(10)));
     * }</pre>
     *
     * @throws io.vmodem.runtime.FaultNotAvailable if this build cannot do that fault yet
     * @throws IllegalArgumentException if a parameter is out of what the modem can do
     * @throws IllegalStateException if the modem is gone (its link closed)
     */
    public void inject(Injection injection) {
        Objects.requireNonNull(injection, "injection");
        FaultEffects.check(injection);
        live();
        ask(() -> {
            modem.faults().apply(injection);
            return null;
        });
    }

    /** Clears a condition set with {@link #inject}: {@code modem.clear(Fault.SIGNAL)}. */
    public void clear(Fault condition) {
        if (!condition.isCondition()) {
            throw new IllegalArgumentException(condition.id() + " is a fault, not a condition: nothing to clear");
        }
        inject(Injection.clear(condition));
    }

    /** The conditions in force, in the catalogue's order. */
    public List<Injection> conditions() {
        return ask(() -> List.copyOf(modem.faults().conditions()));
    }

    /**
     * Runs a scenario's steps on this modem from now (time triggers count from now), with the
     * scenario's seed; its {@code modems:} is not consulted: the caller chose the modem.
     *
     * <pre>{@code
     * modem.load(ScenarioReader.read("steps:\n  - on: {sent: 3000}\n    do: {fault: pdp-drop, context: 1}\n", "test"));
     * }</pre>
     *
     * @throws io.vmodem.runtime.FaultNotAvailable if a step uses a fault this build cannot do yet
     */
    public void load(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        FaultEffects.check(scenario);
        live();
        ask(() -> {
            modem.faults().reseed(scenario.seed());
            modem.faults().load(scenario.steps());
            return null;
        });
    }

    // ---- what the host sends ----

    /** As {@link #awaitCommand(Pattern, Duration)}, with a regular expression. */
    public String awaitCommand(String regex, Duration timeout) {
        return awaitCommand(Pattern.compile(regex), timeout);
    }

    /**
     * Waits for the host to send a command line that {@code pattern} matches whole ({@code
     * AT\+QISEND=0,\d+}), and returns it as typed. The modem's command lines are kept in order from
     * the moment it connected; each call looks from just after the line the previous call returned
     * (the lines in between are passed over), so a test can wait for the same command twice, and a
     * command that came before the call is found too. A command line counts when it starts to run.
     *
     * @throws ModemTimeoutException if none comes within {@code timeout}, or the modem's link goes
     *     first; the message lists the lines passed over
     */
    public String awaitCommand(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> passed = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = commands.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw interrupted("waiting for a command matching " + pattern, e);
            }
            if (line == GONE) {
                command(GONE); // the next wait hears it too
                throw new ModemTimeoutException(
                        name() + " is gone (its link closed) without a command matching " + pattern + seen(passed));
            }
            if (line == null) {
                throw new ModemTimeoutException(
                        name() + ": no command matching " + pattern + " within " + text(timeout) + seen(passed));
            }
            if (pattern.matcher(line).matches()) {
                return line;
            }
            passed.add(line);
        }
    }

    private String seen(List<String> passed) {
        long dropped = commandsDropped.get();
        String lost = dropped == 0 ? "" : " (" + dropped + " older lines were not kept)";
        if (passed.isEmpty()) {
            return "; no other command came" + lost;
        }
        int from = Math.max(0, passed.size() - 20);
        return "; came instead: " + (from > 0 ? "... " : "") + String.join(" | ", passed.subList(from, passed.size()))
                + lost;
    }

    // ---- what it is doing ----

    /** What the modem is doing now: power, registration, signal, contexts, sockets, counters, conditions. */
    public ModemSnapshot snapshot() {
        return await(modem.snapshot(), "its state");
    }

    /** Its sockets as the module numbers them, with their counters. */
    public List<ModemSnapshot.Socket> sockets() {
        return snapshot().sockets();
    }

    /** The services the host started that are under way: lookups, pings, time queries, MQTT, HTTP(S). */
    public List<ModemSnapshot.Service> services() {
        return snapshot().services();
    }

    /** Its PDP contexts: those the host configured or used, active or not. */
    public List<ModemSnapshot.Context> contexts() {
        return snapshot().contexts();
    }

    /**
     * Its trace as the {@code --trace} file has it, one line per event ({@code 10:15:02.123456 m1 >
     * AT+QIACT=1\r}): the last lines the server keeps in memory per modem ({@link
     * ModemServer.Builder#traceKeep}). Still there after the link has gone.
     *
     * @throws IllegalStateException if the server keeps no trace ({@code traceKeep(0)})
     */
    public String trace() {
        StringBuilder sb = new StringBuilder();
        for (TraceRing.Line l : traceLines()) {
            sb.append(TraceFile.line(name(), l)).append('\n');
        }
        return sb.toString();
    }

    List<TraceRing.Line> traceLines() {
        List<TraceRing.Line> lines = ask(() -> {
            TraceRing ring = modem.traceRing();
            return ring == null ? null : ring.since(0, ring.capacity());
        });
        if (lines == null) {
            throw new IllegalStateException("the server keeps no trace: traceKeep(0)");
        }
        return lines;
    }

    // ---- acting as the bench ----

    /**
     * Switches its power as a bench supply would ({@link Power}); written to the trace. When this
     * returns the modem is off (or booting); {@link #awaitPoweredOn} waits for the boot.
     */
    public void power(Power action) {
        Objects.requireNonNull(action, "action");
        live();
        ask(() -> {
            modem.power(action.name().toLowerCase(Locale.ROOT));
            return null;
        });
        ask(() -> null); // a reset powers off in a task of its own: off by the time this returns
    }

    /**
     * Sends {@code line} to the host as an unsolicited result code ({@code +QIURC: "closed",0}); the
     * modem adds the line ends and holds it while a command is in progress, as it does its own.
     *
     * @throws IllegalStateException if the modem is off or gone
     */
    public void urc(String line) {
        if (line == null || line.isEmpty() || line.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("a URC is printable ASCII without line ends: " + line);
        }
        live();
        ask(() -> {
            if (!modem.powered()) {
                throw new IllegalStateException(name() + " is off: it emits nothing");
            }
            modem.urc(line);
            return null;
        });
    }

    @Override
    public String toString() {
        return name() + " (" + link() + ")";
    }

    // ---- asking the modem's thread ----

    private void live() {
        if (gone.isDone()) {
            throw new IllegalStateException(name() + " is gone: its link closed");
        }
    }

    private <T> T ask(Callable<T> task) {
        return await(modem.ask(task), "the call");
    }

    private <T> T await(CompletableFuture<T> answer, String what) {
        try {
            return answer.get(ANSWER_TIME.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ModemTimeoutException(name() + " did not answer " + what + " within " + text(ANSWER_TIME));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            throw interrupted("asking " + name(), e);
        }
    }

    static IllegalStateException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted " + what, e);
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
