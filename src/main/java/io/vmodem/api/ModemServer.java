package io.vmodem.api;

import io.vmodem.dialect.Dialect;
import io.vmodem.fault.Scenario;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.time.Scheduler;
import io.vmodem.transport.pty.PtyLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final Dialect dialect;
    private final Link link;
    private final ModemRoster roster;
    private final ServerRuntime runtime;
    private boolean closed;

    private ModemServer(ServerOptions o) {
        this.dialect = o.dialect;
        this.link = o.link;
        this.roster = new ModemRoster(o.fleet(), o.firstSerial);
        this.runtime = new ServerRuntime(o, roster);
    }

    /** A builder with the command line's defaults, except: TCP on a free loopback port, no control API. */
    public static Builder builder() {
        return new Builder();
    }

    private void start(ServerOptions o) throws IOException {
        roster.follow();
        try {
            runtime.start(o, dialect, roster.fleet());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
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
        return runtime.address();
    }

    /**
     * The pseudo-terminal the firmware opens as its modem's serial device ({@code /dev/pts/3}); it
     * changes with {@link #reset()}, the {@link Builder#pty(Path)} link to it does not.
     *
     * @throws IllegalStateException on a TCP server
     */
    public String ttyPath() {
        PtyLink p = runtime.pty();
        if (link != Link.PTY || p == null) {
            throw new IllegalStateException("a TCP server has no tty: connect to address()");
        }
        return p.slavePath();
    }

    /** The control API's base ({@code http://127.0.0.1:40211/}), when {@link Builder#controlApi} started it. */
    public Optional<URI> controlUri() {
        return runtime.controlUri();
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
        return roster.next(timeout, runtime.where());
    }

    /**
     * Modem {@code id} ({@code m<id>} in the trace: the server numbers modems from its first serial
     * on, 1 by default, in the order their links came), once it is on. It is then not handed out by
     * {@link #awaitModem(Duration)}.
     *
     * @throws ModemTimeoutException if it is not on within {@code timeout}
     */
    public ModemHandle awaitModem(long id, Duration timeout) {
        return roster.byId(id, timeout, runtime.where());
    }

    /** The modems that came since the start (or the last {@link #reset()}), in ID order, gone or not. */
    public List<ModemHandle> modems() {
        return roster.all();
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
        runtime.reset();
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
        TraceFile.write(modems, file, title);
        return file;
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
        runtime.close();
    }

    @Override
    public String toString() {
        return "vmodem " + dialect.name() + " on " + runtime.where();
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
        private final ServerOptions o = new ServerOptions();

        private Builder() {}

        /** {@code --dialect}: {@code bg96} (the default), {@code bc260y} or {@code sim7600}. */
        public Builder dialect(String name) {
            o.dialect(name);
            return this;
        }

        /** {@code --listen}: the TCP link on {@code address} (port 0: a free one, the default on loopback). */
        public Builder tcp(InetSocketAddress address) {
            o.listen = Objects.requireNonNull(address, "address");
            o.link = Link.TCP;
            return this;
        }

        /** {@code --pty}: one modem on a new pseudo-terminal (Linux, macOS). */
        public Builder pty() {
            o.link = Link.PTY;
            o.ptySymlink = null;
            return this;
        }

        /** {@code --pty --pty-link}: as {@link #pty()}, with a symbolic link {@code symlink} kept pointing at it. */
        public Builder pty(Path symlink) {
            o.link = Link.PTY;
            o.ptySymlink = Objects.requireNonNull(symlink, "symlink");
            return this;
        }

        /** {@code --baud}: bytes cross both ways no faster than a UART at {@code baud} (0: no pacing). */
        public Builder baud(int baud) {
            o.baud(baud);
            return this;
        }

        /** {@code --rx-buffer}: each socket's receive buffer, 1..65535 bytes. */
        public Builder rxBuffer(int bytes) {
            o.net("rxBuffer", bytes, n -> n.withRxBuffer(bytes));
            return this;
        }

        /** {@code --ip-pool}: the IPv4 block PDP contexts get addresses from. */
        public Builder ipPool(String cidr) {
            o.ipPool(cidr);
            return this;
        }

        /** {@code --activation-delay}: how long the network takes to activate a PDP context. */
        public Builder activationDelay(Duration delay) {
            o.net("activationDelay", delay, n -> n.withActivationDelay(delay));
            return this;
        }

        /** {@code --deactivation-delay}: how long it takes to deactivate one. */
        public Builder deactivationDelay(Duration delay) {
            o.net("deactivationDelay", delay, n -> n.withDeactivationDelay(delay));
            return this;
        }

        /** {@code --open-delay}: added to the real connect when a socket opens. */
        public Builder openDelay(Duration delay) {
            o.net("openDelay", delay, n -> n.withOpenDelay(delay));
            return this;
        }

        /** {@code --close-delay}: how long closing a connection takes. */
        public Builder closeDelay(Duration delay) {
            o.net("closeDelay", delay, n -> n.withCloseDelay(delay));
            return this;
        }

        /** {@code --dns-delay}: added to the real lookup of a host name. */
        public Builder dnsDelay(Duration delay) {
            o.net("dnsDelay", delay, n -> n.withDnsDelay(delay));
            return this;
        }

        /** {@code --ntp-delay}: added to the real NTP exchange. */
        public Builder ntpDelay(Duration delay) {
            o.net("ntpDelay", delay, n -> n.withNtpDelay(delay));
            return this;
        }

        /** {@code --dns-port}: the port of DNS servers a module names by address. */
        public Builder dnsPort(int port) {
            o.net("dnsPort", port, n -> n.withDnsPort(port));
            return this;
        }

        /**
         * {@code --boot-time}: how long the module takes to boot (300 ms by default); what the host
         * sends before its power-up URCs is lost, as on a module's UART.
         */
        public Builder bootTime(Duration time) {
            o.modem("bootTime", time, m -> m.withBootDelay(time));
            return this;
        }

        /** {@code --response-delay}: how long the module takes to answer each command. */
        public Builder responseDelay(Duration delay) {
            o.modem("responseDelay", delay, m -> m.withResponseDelay(delay));
            return this;
        }

        /** {@code --command-deadline}: how long a command may go without its answer. */
        public Builder commandDeadline(Duration deadline) {
            o.modem("commandDeadline", deadline, m -> m.withCommandDeadline(deadline));
            return this;
        }

        /** {@code --state-dir}: keep each modem's non-volatile settings in {@code dir}, across restarts. */
        public Builder stateDir(Path dir) {
            o.stateDir(dir);
            return this;
        }

        /** {@code --first-serial}: the serial number, hence ID and IMEI, of the first modem. */
        public Builder firstSerial(long serial) {
            o.firstSerial(serial);
            return this;
        }

        /** {@code --threads}: event loop threads serving all modems (0, the default: one per core). */
        public Builder threads(int threads) {
            o.threads(threads);
            return this;
        }

        /** {@code --allow CIDR[:PORTS]}: let modems reach these addresses; repeatable. */
        public Builder allow(String rule) {
            o.rule(true, rule);
            return this;
        }

        /** {@code --deny CIDR[:PORTS]}: keep modems from these addresses; repeatable. */
        public Builder deny(String rule) {
            o.rule(false, rule);
            return this;
        }

        /** {@code --listen-ports LOW-HIGH}: the ports modems may listen on. */
        public Builder listenPorts(String range) {
            o.listenPorts(range);
            return this;
        }

        /** {@code --scenario FILE}: the faults and conditions every modem runs. */
        public Builder scenario(Path file) {
            return scenario(ScenarioReader.read(file));
        }

        /** As {@link #scenario(Path)}, from a scenario read or built in Java. */
        public Builder scenario(Scenario scenario) {
            o.scenario(scenario);
            return this;
        }

        /** {@code --seed}: the seed of every random choice the faults make (default: the scenario's, else 1). */
        public Builder seed(long seed) {
            o.seed(seed);
            return this;
        }

        /** {@code --trace FILE}: every byte and socket event of every modem, to {@code file}. */
        public Builder trace(Path file) {
            o.trace = Objects.requireNonNull(file, "trace");
            return this;
        }

        /**
         * {@code --trace-keep}: trace lines each modem keeps in memory (500 by default; 0: none), for
         * {@link ModemHandle#trace()} and the trace a failed test leaves.
         */
        public Builder traceKeep(int lines) {
            o.traceKeep(lines);
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
            o.controlApi(host, port, token);
            return this;
        }

        /** Back to the default: no control API. */
        public Builder noControlApi() {
            o.control = null;
            return this;
        }

        /** The modems' clock: real time, or virtual time in this library's own tests. */
        Builder clock(Function<io.netty.channel.EventLoop, Scheduler> clock) {
            o.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Starts the server: the link listens (or the pty exists) when this returns.
         *
         * @throws IOException if the link or the control API cannot be started (a port in use, no
         *     pseudo-terminals here) or the trace file cannot be written
         */
        public ModemServer start() throws IOException {
            ModemServer s = new ModemServer(o);
            s.start(o);
            return s;
        }
    }
}
