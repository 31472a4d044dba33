package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.at.DtePort;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.ModemSession;
import io.vmodem.modem.FileStore;
import io.vmodem.modem.Identity;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.ModemNetwork;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.time.GuardedScheduler;
import io.vmodem.time.Scheduler;
import io.vmodem.trace.ModemTrace;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Makes modems: one dialect, one set of settings, shared host network. Each new modem gets the next
 * serial number, hence its own IMEI, and is pinned to one event loop. Between each modem and its
 * link go the {@link LinkLayers}: UART pacing and the trace, the same for every kind of link.
 */
public final class ModemFactory {
    private final HostNetwork host;
    private final Dialect dialect;
    private final ModemSettings settings;
    private final LinkLayers layers;
    private final Function<EventLoop, Scheduler> clock;
    private final AtomicLong nextSerial;

    public ModemFactory(HostNetwork host, Dialect dialect, ModemSettings settings, long firstSerial) {
        this(host, dialect, settings, firstSerial, LinkLayers.NONE);
    }

    public ModemFactory(
            HostNetwork host, Dialect dialect, ModemSettings settings, long firstSerial, LinkLayers layers) {
        this(host, dialect, settings, firstSerial, layers, EventLoopScheduler::new);
    }

    /** @param clock the scheduler of a modem on a given loop: real time, or virtual time in tests */
    public ModemFactory(
            HostNetwork host,
            Dialect dialect,
            ModemSettings settings,
            long firstSerial,
            LinkLayers layers,
            Function<EventLoop, Scheduler> clock) {
        this.host = host;
        this.dialect = dialect;
        this.settings = settings;
        this.layers = layers;
        this.clock = clock;
        this.nextSerial = new AtomicLong(firstSerial);
    }

    public LinkLayers layers() {
        return layers;
    }

    public Dialect dialect() {
        return dialect;
    }

    public ModemSettings settings() {
        return settings;
    }

    public HostNetwork host() {
        return host;
    }

    /** The scheduler a modem on {@code loop} gets: its time and its timers. */
    public Scheduler clock(EventLoop loop) {
        return clock.apply(loop);
    }

    /**
     * Takes the next serial number, hence IMEI and name in the trace ({@code m<serial>}). A link
     * that knows the order its DTEs came in takes them in that order and creates modems later.
     */
    public long takeSerial() {
        return nextSerial.getAndIncrement();
    }

    /** A powered-off modem on {@code loop} with the factory's clock; the caller powers it on. */
    public VirtualModem create(EventLoop loop, DtePort port) {
        return create(loop, clock(loop), port);
    }

    /** A powered-off modem on {@code loop} with the given scheduler (virtual time in tests). */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port) {
        return create(loop, scheduler, port, takeSerial());
    }

    /** As {@link #create(EventLoop, Scheduler, DtePort)}, with a serial number taken before. */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port, long serial) {
        Identity identity = Identity.of(dialect.profile(), serial);
        NvStore nv = settings.stateDir() == null
                ? NvStore.inMemory()
                : NvStore.open(settings.stateDir().resolve(dialect.name()), identity.imei());
        // The module's files live beside its non-volatile store: <state-dir>/<dialect>/<imei>.files/
        FileStore files = settings.stateDir() == null
                ? FileStore.inMemory(dialect.fileLimits())
                : FileStore.open(
                        settings.stateDir().resolve(dialect.name()).resolve(identity.imei() + ".files"),
                        dialect.fileLimits());
        // Every way into the modem (its timers, its sockets' events, its link's) runs through one guard.
        GuardedScheduler guard = new GuardedScheduler(scheduler);
        ModemNetwork network = new ModemNetwork(host, loop, guard, settings.net());
        network.id("m" + serial);
        Modem modem = new Modem(dialect.profile(), identity, settings, guard, network, nv, files);
        DtePort link = port;
        ModemTrace trace = null;
        if (layers.trace() != null) {
            trace = layers.trace().modem("m" + serial, guard.link());
            network.observer(trace);
            link = new TracedPort(link, trace);
        }
        UartPacing uart = null;
        if (layers.baud() > 0) {
            uart = new UartPacing(guard.link(), layers.baud(), link);
            link = uart;
        }
        ModemSession session = dialect.open(modem, link);
        if (trace != null) {
            session.engine().reasons(trace::why);
        }
        if (uart != null) {
            uart.attach(session::received, session::linkWritable);
        }
        VirtualModem vm = new VirtualModem(loop, session, uart, trace, guard);
        vm.note("modem " + dialect.name() + ", IMEI " + identity.imei()
                + (uart == null ? "" : ", UART paced at " + uart.baud() + " baud"));
        return vm;
    }
}
