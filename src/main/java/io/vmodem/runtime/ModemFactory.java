package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.at.DtePort;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.ModemSession;
import io.vmodem.fault.ModemFaults;
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
import io.vmodem.trace.TraceRing;
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
    private final Fleet fleet;
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
        this(host, dialect, settings, firstSerial, layers, clock, new Fleet());
    }

    /**
     * @param fleet where every modem made is registered while its link lasts, with the faults and
     *     the in-memory trace each gets
     */
    public ModemFactory(
            HostNetwork host,
            Dialect dialect,
            ModemSettings settings,
            long firstSerial,
            LinkLayers layers,
            Function<EventLoop, Scheduler> clock,
            Fleet fleet) {
        this.host = host;
        this.dialect = dialect;
        this.settings = settings;
        this.layers = layers;
        this.clock = clock;
        this.fleet = fleet;
        this.nextSerial = new AtomicLong(firstSerial);
    }

    public Fleet fleet() {
        return fleet;
    }

    /** The scheduler a modem on {@code loop} gets: its time and its timers. */
    public Scheduler clock(EventLoop loop) {
        return clock.apply(loop);
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

    /**
     * As {@link #create(EventLoop, DtePort)}, naming the link for the fleet: {@code tcp
     * 127.0.0.1:40112}, {@code pty /dev/pts/3}, {@code serial /dev/ttyUSB0}, {@code stdio}.
     */
    public VirtualModem create(EventLoop loop, DtePort port, String link) {
        return create(loop, clock(loop), port, link);
    }

    /** A powered-off modem on {@code loop} with the given scheduler (virtual time in tests). */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port) {
        return create(loop, scheduler, port, "memory");
    }

    /** As {@link #create(EventLoop, Scheduler, DtePort, String, long)} with the next serial number. */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port, String link) {
        return create(loop, scheduler, port, link, takeSerial());
    }

    /**
     * The modem and what goes between it and its link: engine, UART faults, UART pacing, trace,
     * byte counter, link. Its faults start with the fleet's scenario and seed; it joins the fleet.
     * {@code serial} was taken before ({@link #takeSerial}), by a link that numbers its DTEs in the
     * order they came.
     */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port, String link, long serial) {
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
        ModemWatch watch = new ModemWatch(serial, link, dialect.name(), fleet, loop, guard.link());
        DtePort line = watch.meter(port);
        ModemTrace trace = null;
        TraceRing ring = fleet.traceKeep() > 0 ? new TraceRing(fleet.traceKeep()) : null;
        if (layers.trace() != null || ring != null) {
            trace = ModemTrace.of(layers.trace(), ring, "m" + serial, guard.link());
            line = new TracedPort(line, trace);
        }
        watch.trace(trace);
        network.observer(watch);
        UartPacing uart = null;
        if (layers.baud() > 0) {
            uart = new UartPacing(guard.link(), layers.baud(), line);
            line = uart;
        }
        VirtualModem[] made = new VirtualModem[1];
        FaultEffects effects = new FaultEffects(() -> made[0]);
        FaultSetup setup = fleet.faultSetup();
        // Fault timers outlive a power cycle: a power-loss ends, a scenario's clock runs on.
        ModemFaults faults = new ModemFaults(guard.link(), setup.seedValue(), (int) serial, effects, watch::faultLine);
        UartFaults uartFaults = new UartFaults(guard.link(), faults.random(), line);
        ModemSession session = dialect.open(modem, uartFaults);
        if (trace != null) {
            session.engine().reasons(trace::why);
        }
        uartFaults.attach(session::received, session::linkWritable);
        if (uart != null) {
            uart.attach(uartFaults::fromDte, uartFaults::linkWritable);
        }
        watch.attach(session, faults, effects, uartFaults);
        faults.load(setup.stepsFor(serial, identity.imei()));
        VirtualModem vm = new VirtualModem(loop, session, uart, trace, guard);
        made[0] = vm;
        vm.attach(watch);
        watch.joined(vm);
        vm.note("modem " + dialect.name() + ", IMEI " + identity.imei()
                + (uart == null ? "" : ", UART paced at " + uart.baud() + " baud"));
        return vm;
    }
}
