package io.vmodem.api;

import io.vmodem.control.ControlServer;
import io.vmodem.dialect.Dialect;
import io.vmodem.fault.Scenario;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.net.AddressPool;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.NetPolicy;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.Dialects;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.runtime.FaultSetup;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.FleetEvent;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.time.Scheduler;
import io.vmodem.trace.TraceLog;
import io.vmodem.trace.TraceRing;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Virtual modems of one dialect on a link, inside your program or test suite: what {@code java -jar
 * vmodem.jar} runs, with the same options, started and stopped from Java.
 *
 * <p>On the TCP link (the default) each connection to {@link #address()} is one freshly powered-up
 * modem, as an emulator's serial-over-TCP would see it; on a pseudo-terminal ({@link
 * Builder#pty()}) there is one modem, and the firmware opens {@link #ttyPath()}. Either way a test
 * gets each modem's {@link ModemHandle} with {@link #awaitModem(Duration)}, in the order they
 * connected, and acts on it: faults, conditions, commands awaited, trace, sockets, power.
 *
 * <pre>{@code
 * try (ModemServer server = ModemServer.builder().dialect("bg96").start();
 *         Socket uart = new Socket(server.address().getAddress(), server.address().getPort())) {
 *     ModemHandle modem = server.awaitModem(Duration.ofSeconds(5)); // booted: RDY sent
 *     modem.inject(Injection.of(Fault.REGISTRATION).with("state", "denied"));
 *     // ... the driver under test talks AT over uart ...
 *     modem.awaitCommand("AT\\+QIOPEN=.*", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link #close()} hangs up every link and stops every thread, socket and file the server
 * started. {@link io.vmodem.api.junit.ModemExtension} does all this for JUnit 5 tests.
 */
public final class ModemServer implements AutoCloseable {
    /** The link the firmware reaches its modems on. */
    public enum Link {
        /** A listening TCP socket: each connection is one fresh modem. */
        TCP,
        /** A pseudo-terminal: one modem, whose tty the firmware opens as its serial device. */
        PTY
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final ZoneId ZONE = ZoneId.systemDefault();

    /** How long hanging up waits for each modem to have powered off and left. */
    private static final Duration HANG_UP_TIME = Duration.ofSeconds(5);

    private final Dialect dialect;
    private final Link link;
    private final Path ptySymlink;
    private final Fleet fleet;
    private final Fleet.Listener events = this::event;
    private final ConcurrentSkipListMap<Long, ModemHandle> handles = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<ModemHandle>> byId = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ModemHandle> arrivals = new LinkedBlockingQueue<>();
    private TraceLog trace;
    private HostNetwork host;
    private ModemFactory factory;
    private TcpLinkServer tcp;
    private InetSocketAddress address;
    private volatile PtyLink pty;
    private ControlServer control;
    private boolean closed;

    private ModemServer(Builder b) {
        this.dialect = b.dialect;
        this.link = b.link;
        this.ptySymlink = b.ptySymlink;
        this.fleet = new Fleet(new FaultSetup(b.scenario, b.seed), b.traceKeep);
    }

    /** A builder with the command line's defaults, except: TCP on a free loopback port, no control API. */
    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder b) throws IOException {
        fleet.subscribe(events);
        fleet.subscribeCommands(events);
        try {
            if (b.trace != null) {
                trace = TraceLog.open(b.trace.toString());
            }
            host = HostNetwork.start(b.threads, b.ipPool, new NetPolicy(b.rules, b.listenPorts));
            ModemSettings settings = b.modem.withNet(b.net);
            factory = new ModemFactory(
                    host, dialect, settings, b.firstSerial, new LinkLayers(b.baud, trace), b.clock, fleet);
            if (link == Link.TCP) {
                tcp = new TcpLinkServer(factory);
                try {
                    address = tcp.start(b.listen);
                } catch (RuntimeException e) { // Netty rethrows the bind's IOException unchecked
                    throw new IOException("cannot listen on " + b.listen + ": " + e.getMessage(), e);
                }
            } else {
                pty = openPty();
            }
            if (b.control != null) {
                control = ControlServer.start(fleet, b.control);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private PtyLink openPty() throws IOException {
        PtyLink p = new PtyLink(factory, ptySymlink);
        p.start();
        return p;
    }

    // ---- where ----

    /** The module this server's modems are: {@code bg96}, {@code bc260y}, {@code sim7600}. */
    public String dialect() {
        return dialect.name();
    }

    public Link link() {
        return link;
    }

    /**
     * Where the TCP link listens: connect here, and each connection is a fresh modem.
     *
     * @throws IllegalStateException on a pty server
     */
    public InetSocketAddress address() {
        if (link != Link.TCP) {
            throw new IllegalStateException("a pty server has no address: open ttyPath()");
        }
        return address;
    }

    /**
     * The pseudo-terminal the firmware opens as its modem's serial device ({@code /dev/pts/3}); it
     * changes with {@link #reset()}, the {@link Builder#pty(Path)} link to it does not.
     *
     * @throws IllegalStateException on a TCP server
     */
    public String ttyPath() {
        PtyLink p = pty;
        if (link != Link.PTY || p == null) {
            throw new IllegalStateException("a TCP server has no tty: connect to address()");
        }
        return p.slavePath();
    }

    /** The control API's base ({@code http://127.0.0.1:40211/}), when {@link Builder#controlApi} started it. */
    public Optional<URI> controlUri() {
        return control == null ? Optional.empty() : Optional.of(URI.create(control.url()));
    }

    // ---- modems ----

    /**
     * The next modem to connect, once it is on (booted, its power-up URCs sent): modems are handed
     * out in the order their links came, each once. On a pty server, the modem powers on when the
     * firmware first opens the tty.
     *
     * @throws ModemTimeoutException if none is on within {@code timeout}
     */
    public ModemHandle awaitModem(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ModemHandle next;
        try {
            next = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw ModemHandle.interrupted("waiting for a modem", e);
        }
        if (next == null) {
            throw new ModemTimeoutException(
                    "no modem connected to " + where() + " within " + ModemHandle.text(timeout));
        }
        return next.awaitPoweredOn(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Modem {@code id} ({@code m<id>} in the trace: the server numbers modems from its first serial
     * on, 1 by default, in the order their links came), once it is on. It is then not handed out by
     * {@link #awaitModem(Duration)}.
     *
     * @throws ModemTimeoutException if it is not on within {@code timeout}
     */
    public ModemHandle awaitModem(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ModemHandle h;
        try {
            h = byId.computeIfAbsent(id, k -> new CompletableFuture<>()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ModemTimeoutException("no modem m" + id + " connected to " + where() + " within "
                    + ModemHandle.text(timeout) + " (modems so far: " + handles.keySet() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw ModemHandle.interrupted("waiting for modem m" + id, e);
        }
        arrivals.remove(h);
        return h.awaitPoweredOn(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The modems that came since the start (or the last {@link #reset()}), in ID order, gone or not. */
    public List<ModemHandle> modems() {
        return List.copyOf(handles.values());
    }

    /**
     * A fresh start: hangs up every modem's link, as if each host had closed its connection (a pty
     * server gets a new pty, and a new modem on it), and forgets them, so the next test's modems are
     * new ones with no conditions, no sockets and nothing awaited. The server goes on listening.
     */
    public synchronized void reset() throws IOException {
        if (closed) {
            throw new IllegalStateException("the server is closed");
        }
        hangUp();
        forget();
        if (link == Link.PTY) {
            pty = openPty();
        }
    }

    /** Hangs up every link and waits for each modem to have left. */
    private void hangUp() {
        if (tcp != null) {
            tcp.closeLinks();
        }
        PtyLink p = pty;
        if (p != null) {
            pty = null;
            p.close();
        }
        for (ModemHandle h : handles.values()) {
            h.awaitGone(HANG_UP_TIME); // each leaves on its own loop, right after its link closed
        }
    }

    private void forget() {
        handles.clear();
        byId.clear();
        arrivals.clear();
    }

    /**
     * Writes the trace of every modem since the start (or the last {@link #reset()}) to {@code
     * file}, in time order, as a {@code --trace} file has it (so {@code vmodem transcript} reads it);
     * creates the folders. From the lines each modem keeps in memory ({@link Builder#traceKeep}).
     *
     * @return {@code file}, or null when there was nothing to write (no modem came)
     */
    public Path writeTrace(Path file, String title) throws IOException {
        List<ModemHandle> modems = modems();
        if (modems.isEmpty()) {
            return null;
        }
        record Named(String name, TraceRing.Line line) {}
        List<Named> all = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (ModemHandle h : modems) {
            for (TraceRing.Line l : h.traceLines()) {
                all.add(new Named(h.name(), l));
            }
            names.append(names.length() == 0 ? "" : ", ").append(h);
        }
        all.sort(Comparator.comparingLong((Named n) -> n.line().epochNanos()));
        StringBuilder out = new StringBuilder();
        out.append("# vmodem trace: ").append(title).append("; modems ").append(names);
        out.append("; times are ").append(ZONE).append('\n');
        for (Named n : all) {
            out.append(traceLine(n.name(), n.line())).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
        return file;
    }

    /** One line as the trace file has it: {@code 10:15:02.123456 m1 > AT\r}. */
    static String traceLine(String modem, TraceRing.Line l) {
        String time = TIME.format(LocalTime.ofInstant(Instant.ofEpochSecond(0, l.epochNanos()), ZONE));
        return time + " " + modem + " " + l.kind() + " " + l.text();
    }

    private String where() {
        PtyLink p = pty;
        return link == Link.TCP ? "tcp " + address : "pty " + (p == null ? "(none)" : p.slavePath());
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

    // ---- the end ----

    /**
     * Hangs up every link, stops the control API, the event loops and the trace file; returns when
     * they are gone. A second call does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (control != null) {
            control.close();
        }
        hangUp();
        if (tcp != null) {
            tcp.close();
        }
        fleet.unsubscribe(events);
        fleet.unsubscribeCommands(events);
        if (host != null) {
            host.close();
        }
        NvStore.awaitWritten(Duration.ofSeconds(5));
        if (trace != null) {
            trace.close();
        }
        forget();
    }

    @Override
    public String toString() {
        return "vmodem " + dialect.name() + " on " + where();
    }

    /**
     * The options of {@code java -jar vmodem.jar}, one method each, checked as the command line
     * checks them: a value out of range throws {@link IllegalArgumentException} at once, naming it.
     * Defaults are the command line's, except that the TCP link listens on a free loopback port and
     * the control API is off, so parallel builds do not collide.
     *
     * <pre>{@code
     * ModemServer server = ModemServer.builder()
     *         .dialect("sim7600")
     *         .bootTime(Duration.ZERO)
     *         .activationDelay(Duration.ofSeconds(2))
     *         .deny("0.0.0.0/0").allow("127.0.0.0/8")
     *         .scenario(Path.of("examples/scenarios/flaky-coverage.yaml"))
     *         .start();
     * }</pre>
     */
    public static final class Builder {
        private Dialect dialect = Dialects.find("bg96");
        private Link link = Link.TCP;
        private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Path ptySymlink;
        private int baud;
        private NetSettings net = NetSettings.defaults();
        private ModemSettings modem = ModemSettings.defaults();
        private String ipPool;
        private long firstSerial = 1;
        private int threads;
        private final List<NetPolicy.Rule> rules = new ArrayList<>();
        private NetPolicy.PortRange listenPorts = NetPolicy.PortRange.ALL;
        private Scenario scenario;
        private Long seed;
        private Path trace;
        private int traceKeep = Fleet.DEFAULT_TRACE_KEEP;
        private ControlServer.Options control;
        private Function<io.netty.channel.EventLoop, Scheduler> clock = EventLoopScheduler::new;

        private Builder() {}

        /** {@code --dialect}: {@code bg96} (the default), {@code bc260y} or {@code sim7600}. */
        public Builder dialect(String name) {
            Dialect d = Dialects.find(Objects.requireNonNull(name, "dialect"));
            if (d == null) {
                throw new IllegalArgumentException(
                        "dialect: unknown '" + name + "'; choose from " + String.join(", ", Dialects.names()));
            }
            dialect = d;
            return this;
        }

        /** {@code --listen}: the TCP link on {@code address} (port 0: a free one, the default on loopback). */
        public Builder tcp(InetSocketAddress address) {
            listen = Objects.requireNonNull(address, "address");
            link = Link.TCP;
            return this;
        }

        /** {@code --pty}: one modem on a new pseudo-terminal (Linux, macOS). */
        public Builder pty() {
            link = Link.PTY;
            ptySymlink = null;
            return this;
        }

        /** {@code --pty --pty-link}: as {@link #pty()}, with a symbolic link {@code symlink} kept pointing at it. */
        public Builder pty(Path symlink) {
            link = Link.PTY;
            ptySymlink = Objects.requireNonNull(symlink, "symlink");
            return this;
        }

        /** {@code --baud}: bytes cross both ways no faster than a UART at {@code baud} (0: no pacing). */
        public Builder baud(int baud) {
            check("baud", baud, () -> new LinkLayers(baud, null));
            this.baud = baud;
            return this;
        }

        /** {@code --rx-buffer}: each socket's receive buffer, 1..65535 bytes. */
        public Builder rxBuffer(int bytes) {
            net = check("rxBuffer", bytes, () -> net.withRxBuffer(bytes));
            return this;
        }

        /** {@code --ip-pool}: the IPv4 block PDP contexts get addresses from. */
        public Builder ipPool(String cidr) {
            check("ipPool", cidr, () -> AddressPool.of(cidr, false));
            ipPool = cidr;
            return this;
        }

        /** {@code --activation-delay}: how long the network takes to activate a PDP context. */
        public Builder activationDelay(Duration delay) {
            net = check("activationDelay", delay, () -> net.withActivationDelay(delay));
            return this;
        }

        /** {@code --deactivation-delay}: how long it takes to deactivate one. */
        public Builder deactivationDelay(Duration delay) {
            net = check("deactivationDelay", delay, () -> net.withDeactivationDelay(delay));
            return this;
        }

        /** {@code --open-delay}: added to the real connect when a socket opens. */
        public Builder openDelay(Duration delay) {
            net = check("openDelay", delay, () -> net.withOpenDelay(delay));
            return this;
        }

        /** {@code --close-delay}: how long closing a connection takes. */
        public Builder closeDelay(Duration delay) {
            net = check("closeDelay", delay, () -> net.withCloseDelay(delay));
            return this;
        }

        /** {@code --dns-delay}: added to the real lookup of a host name. */
        public Builder dnsDelay(Duration delay) {
            net = check("dnsDelay", delay, () -> net.withDnsDelay(delay));
            return this;
        }

        /** {@code --ntp-delay}: added to the real NTP exchange. */
        public Builder ntpDelay(Duration delay) {
            net = check("ntpDelay", delay, () -> net.withNtpDelay(delay));
            return this;
        }

        /** {@code --dns-port}: the port of DNS servers a module names by address. */
        public Builder dnsPort(int port) {
            net = check("dnsPort", port, () -> net.withDnsPort(port));
            return this;
        }

        /**
         * {@code --boot-time}: how long the module takes to boot (300 ms by default); what the host
         * sends before its power-up URCs is lost, as on a module's UART.
         */
        public Builder bootTime(Duration time) {
            modem = check("bootTime", time, () -> modem.withBootDelay(time));
            return this;
        }

        /** {@code --response-delay}: how long the module takes to answer each command. */
        public Builder responseDelay(Duration delay) {
            modem = check("responseDelay", delay, () -> modem.withResponseDelay(delay));
            return this;
        }

        /** {@code --command-deadline}: how long a command may go without its answer. */
        public Builder commandDeadline(Duration deadline) {
            modem = check("commandDeadline", deadline, () -> modem.withCommandDeadline(deadline));
            return this;
        }

        /** {@code --state-dir}: keep each modem's non-volatile settings in {@code dir}, across restarts. */
        public Builder stateDir(Path dir) {
            modem = modem.withStateDir(Objects.requireNonNull(dir, "stateDir"));
            return this;
        }

        /** {@code --first-serial}: the serial number, hence ID and IMEI, of the first modem. */
        public Builder firstSerial(long serial) {
            if (serial < 0) {
                throw new IllegalArgumentException("firstSerial: expected 0 or more, got " + serial);
            }
            firstSerial = serial;
            return this;
        }

        /** {@code --threads}: event loop threads serving all modems (0, the default: one per core). */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads: expected 0 or more, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** {@code --allow CIDR[:PORTS]}: let modems reach these addresses; repeatable. */
        public Builder allow(String rule) {
            rules.add(check("allow", rule, () -> NetPolicy.Rule.parse(true, rule)));
            return this;
        }

        /** {@code --deny CIDR[:PORTS]}: keep modems from these addresses; repeatable. */
        public Builder deny(String rule) {
            rules.add(check("deny", rule, () -> NetPolicy.Rule.parse(false, rule)));
            return this;
        }

        /** {@code --listen-ports LOW-HIGH}: the ports modems may listen on. */
        public Builder listenPorts(String range) {
            listenPorts = check("listenPorts", range, () -> NetPolicy.PortRange.parse(range));
            return this;
        }

        /** {@code --scenario FILE}: the faults and conditions every modem runs. */
        public Builder scenario(Path file) {
            return scenario(ScenarioReader.read(file));
        }

        /** As {@link #scenario(Path)}, from a scenario read or built in Java. */
        public Builder scenario(Scenario scenario) {
            FaultEffects.check(Objects.requireNonNull(scenario, "scenario"));
            this.scenario = scenario;
            return this;
        }

        /** {@code --seed}: the seed of every random choice the faults make (default: the scenario's, else 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@code --trace FILE}: every byte and socket event of every modem, to {@code file}. */
        public Builder trace(Path file) {
            trace = Objects.requireNonNull(file, "trace");
            return this;
        }

        /**
         * {@code --trace-keep}: trace lines each modem keeps in memory (500 by default; 0: none), for
         * {@link ModemHandle#trace()} and the trace a failed test leaves.
         */
        public Builder traceKeep(int lines) {
            check("traceKeep", lines, () -> new Fleet(FaultSetup.NONE, lines));
            traceKeep = lines;
            return this;
        }

        /** {@code --control 127.0.0.1:0}: the control API (HTTP) on a free loopback port; see {@link #controlUri()}. */
        public Builder controlApi() {
            return controlApi(InetAddress.getLoopbackAddress().getHostAddress(), 0, null);
        }

        /**
         * {@code --control HOST:PORT --control-token TOKEN}: the control API there; off loopback it
         * needs a token (null: none).
         */
        public Builder controlApi(String host, int port, String token) {
            ControlServer.Options o =
                    check("controlApi", host + ":" + port, () -> new ControlServer.Options(host, port, token));
            if (!o.loopback() && token == null) {
                throw new IllegalArgumentException("controlApi: off loopback the control API needs a token");
            }
            control = o;
            return this;
        }

        /** Back to the default: no control API. */
        public Builder noControlApi() {
            control = null;
            return this;
        }

        /** The modems' clock: real time, or virtual time in this library's own tests. */
        Builder clock(Function<io.netty.channel.EventLoop, Scheduler> clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Starts the server: the link listens (or the pty exists) when this returns.
         *
         * @throws IOException if the link or the control API cannot be started (a port in use, no
         *     pseudo-terminals here) or the trace file cannot be written
         */
        public ModemServer start() throws IOException {
            ModemServer s = new ModemServer(this);
            s.start(this);
            return s;
        }

        private static <T> T check(String option, Object value, java.util.function.Supplier<T> apply) {
            try {
                return apply.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + "(" + value + "): " + e.getMessage(), e);
            } catch (NullPointerException e) {
                throw new IllegalArgumentException(option + ": null", e);
            }
        }
    }
}
