package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.dialect.ModemSession;
import io.vmodem.fault.ModemFaults;
import io.vmodem.time.GuardedScheduler;
import io.vmodem.trace.ModemTrace;
import io.vmodem.trace.TraceRing;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The handle a link holds on its modem. Safe to call from any thread: calls from elsewhere are
 * handed to the modem's event loop, where everything about the modem happens. Bytes pass the
 * {@link LinkLayers} on their way: the trace at the link's edge, then the UART pacing. Every call
 * runs through the modem's guard ({@link GuardedScheduler#call}): what it throws is the modem's
 * fault, never the link's.
 */
public final class VirtualModem {
    private final EventLoop loop;
    private final ModemSession session;
    private final UartPacing uart;
    private final ModemTrace trace;
    private final GuardedScheduler guard;
    private ModemWatch watch;

    VirtualModem(EventLoop loop, ModemSession session, UartPacing uart, ModemTrace trace, GuardedScheduler guard) {
        this.loop = loop;
        this.session = session;
        this.uart = uart;
        this.trace = trace;
        this.guard = guard;
    }

    /** The faults, counters and events beside the modem; set once by the factory. */
    void attach(ModemWatch watch) {
        this.watch = watch;
    }

    ModemWatch watch() {
        return watch;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The modem's ID in the fleet: its serial number ({@code m<id>} in the trace). */
    public long id() {
        return watch.serial();
    }

    /** What its link is: {@code tcp 127.0.0.1:40112}, {@code pty /dev/pts/3}, {@code stdio}, ... */
    public String link() {
        return watch.link();
    }

    public String dialect() {
        return watch.dialect();
    }

    /** The modem's faults: inject one, set or clear a condition, load steps. Only on {@link #loop()}. */
    public ModemFaults faults() {
        return watch.faults();
    }

    /** What the UART does to the bytes on it. Only on {@link #loop()}. */
    public UartFaults uartFaults() {
        return watch.uart();
    }

    /** The trace lines kept in memory ({@code --trace-keep}), or null. Only on {@link #loop()}. */
    public TraceRing traceRing() {
        return trace == null ? null : trace.ring();
    }

    /**
     * Runs {@code task} on the modem's loop; the future completes there with its result (or what it
     * threw). The caller bounds the wait ({@link CompletableFuture#orTimeout}): a modem is never
     * locked, only asked.
     */
    public <T> CompletableFuture<T> ask(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        // Not through the modem's guard: what the asker's task throws is the asker's, not a modem fault.
        Runnable answer = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        };
        if (loop.inEventLoop()) {
            answer.run();
        } else {
            loop.execute(answer);
        }
        return f;
    }

    /** What the modem is doing, built on its loop. */
    public CompletableFuture<ModemSnapshot> snapshot() {
        return ask(watch::snapshot);
    }

    /**
     * Power from outside, as a bench supply would: {@code off} removes it (silent until {@code on}),
     * {@code on} applies it (the module boots), {@code reset} is a spontaneous reset. Only on {@link
     * #loop()}.
     */
    public void power(String action) {
        switch (action) {
            case "off" -> {
                watch.note("power off");
                session.powerOff();
            }
            case "on" -> {
                if (!session.powered() && !session.booting()) {
                    watch.note("power on");
                    session.powerOn();
                }
            }
            case "reset" -> {
                watch.note("power reset");
                session.reboot(java.util.List.of());
            }
            default -> throw new IllegalArgumentException("action is on, off or reset, not " + action);
        }
    }

    /** Sends {@code line} to the host as an unsolicited result code. Only on {@link #loop()}. */
    public void urc(String line) {
        watch.note("urc " + line);
        session.engine().urc(line);
    }

    /** The modem's session; touch it only on {@link #loop()}. */
    public ModemSession session() {
        return session;
    }

    /** The modem's name in the trace ({@code m<serial>}), or null without a trace. */
    public String traceId() {
        return trace == null ? null : trace.id();
    }

    /** The modem's time now ({@link io.vmodem.time.Scheduler#nanoTime()}); any thread. */
    public long nanoTime() {
        return session.modem().scheduler().nanoTime();
    }

    /** Power applied now, when the link came up: the boot delay counts from this call, on any thread. */
    public void powerOn() {
        powerOn(nanoTime());
    }

    /**
     * Power applied at {@code since} ({@link #nanoTime()} when the link came up): the power-up URCs
     * come the boot delay after it, however long the program took to create the modem.
     */
    public void powerOn(long since) {
        run("power on", () -> {
            note("power on");
            session.powerOn(since);
        });
    }

    /**
     * Bytes from the DTE. On the modem's loop they are used during the call only, so the link may
     * reuse its array; from another thread they are handed over and must not change afterwards.
     */
    public void received(byte[] data, int offset, int length) {
        if (loop.inEventLoop()) {
            guard.call("link input", () -> input(data, offset, length));
        } else {
            loop.execute(() -> guard.call("link input", () -> input(data, offset, length)));
        }
    }

    private void input(byte[] data, int offset, int length) {
        watch.input(length);
        if (trace != null) {
            trace.fromDte(data, offset, length);
        }
        if (!session.powered()) {
            // A module's UART takes nothing before it has booted, however the bytes are paced.
            if (trace != null) {
                trace.event(length + (length == 1 ? " byte" : " bytes") + " lost: the modem is not on");
            }
            return;
        }
        if (uart != null) {
            uart.fromDte(data, offset, length);
        } else {
            watch.uart().fromDte(data, offset, length);
        }
    }

    /** The link can take output again. */
    public void linkWritable() {
        run("link writable", () -> {
            if (uart != null) {
                uart.linkWritable();
            } else {
                watch.uart().linkWritable();
            }
        });
    }

    public void dtr(boolean asserted) {
        run("dtr", () -> {
            note(asserted ? "dtr on" : "dtr off");
            session.dtr(asserted);
        });
    }

    /** Writes a link or modem event into the trace ({@code link opened /dev/pts/3}); no-op without one. */
    public void note(String text) {
        if (trace != null) {
            run("trace note", () -> trace.event(text));
        }
    }

    /** Whether the modem has booted and answers commands. Only on {@link #loop()}. */
    public boolean powered() {
        return session.powered();
    }

    /**
     * Whether the modem has nothing in progress: no command running, no input waiting, no output
     * queued in the pacing. Only on {@link #loop()}.
     */
    public boolean idle() {
        return session.engine().isIdle() && (uart == null || uart.idle());
    }

    /**
     * The link went away: the modem powers off and releases every socket. Links that close from
     * their own thread use {@link #linkClosedAndWait}, so nothing of the modem outlives them.
     */
    public void linkClosed() {
        run("link closed", this::powerOffForGood);
    }

    /** As {@link #linkClosed}, waiting (up to a few seconds) until the modem is off. */
    public void linkClosedAndWait() {
        if (loop.inEventLoop()) {
            guard.call("link closed", this::powerOffForGood);
        } else {
            loop.submit(() -> guard.call("link closed", this::powerOffForGood)).awaitUninterruptibly(5_000);
        }
    }

    private void powerOffForGood() {
        if (trace != null) {
            trace.event("link closed");
        }
        session.powerOff();
        if (uart != null) {
            uart.clear();
        }
        watch.uart().clear();
        watch.left(this);
        if (trace != null) {
            trace.close();
        }
    }

    private void run(String what, Runnable r) {
        if (loop.inEventLoop()) {
            guard.call(what, r);
        } else {
            loop.execute(() -> guard.call(what, r));
        }
    }
}
