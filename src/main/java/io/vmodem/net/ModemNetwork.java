package io.vmodem.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.vmodem.time.GuardedScheduler;
import io.vmodem.time.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One modem's packet data service, all on the modem's event loop: its PDP contexts ({@link
 * PdpContexts}), the sockets it opens ({@link SocketOpener}), name lookups ({@link NameService}) and
 * the asynchronous services the host starts ({@link Services}: lookups, pings, time queries). It
 * speaks in network operations ("open a TCP socket in context 1 to host:port"); how a module words
 * them is the dialect's business. This class is the one door the dialects use.
 *
 * <p>Whatever the host's network calls back (a socket's event, a connect's outcome, a DNS answer, an
 * echo reply) enters the modem through its guard ({@link GuardedScheduler}): answers to what the
 * modem asked for are tied to the power epoch they were asked in, and nothing thrown reaches Netty.
 */
public final class ModemNetwork {
    /** Context IDs 0..16: 0 is the NB-IoT default context, 1..16 the 3GPP ones. */
    public static final int MAX_CONTEXT_ID = 16;

    private final HostNetwork host;
    private final EventLoop loop;
    private final GuardedScheduler scheduler;
    private final PdpContexts contexts = new PdpContexts(this);
    private final SocketOpener opener = new SocketOpener(this);
    private final NameService names = new NameService(this);
    private final Services services = new Services();
    private final NetConditions conditions = new NetConditions(this);
    private final List<NetSocket> sockets = new ArrayList<>();
    private String id = "modem";
    private NetSettings settings;
    private int inFlight;
    private int heldByConditions;
    private ContextEvents contextEvents = ContextEvents.NONE;
    private Duration tcpUserTimeout;
    private NetObserver observer = NetObserver.NONE;

    /** Contexts going down without the host asking. */
    public interface ContextEvents {
        ContextEvents NONE = context -> {};

        void lost(PdpContext context);
    }

    public ModemNetwork(HostNetwork host, EventLoop loop, Scheduler scheduler, NetSettings settings) {
        this.host = Objects.requireNonNull(host);
        this.loop = Objects.requireNonNull(loop);
        this.scheduler = GuardedScheduler.of(scheduler);
        this.settings = Objects.requireNonNull(settings);
    }

    /** The modem's scheduler, for the sockets' own timers. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The guard the network's events enter the modem through. */
    GuardedScheduler guard() {
        return scheduler;
    }

    HostNetwork host() {
        return host;
    }

    EventLoop loop() {
        return loop;
    }

    /** The modem's name in logs ({@code m<serial>}, as in the trace). */
    public void id(String id) {
        this.id = Objects.requireNonNull(id);
    }

    public String id() {
        return id;
    }

    /**
     * Real network operations under way (lookups, connects, binds, echoes, NTP exchanges). While
     * any is, the modem waits on the host's network and not only on its own timers; test drivers
     * that move virtual time use it to let real I/O finish first.
     */
    public int inFlight() {
        return inFlight;
    }

    /**
     * Whether this network waits on nothing real: no operation in flight, and no socket that is
     * reading has input waiting in the kernel (bytes, a datagram, a FIN, a client to accept). Test
     * drivers move virtual time only then, so that real events keep their place among the modem's
     * timers. A socket that stopped reading (its buffer is full) waits on the host, not the network.
     */
    public boolean settled() {
        if (inFlight > heldByConditions) {
            return false;
        }
        for (NetSocket s : sockets) {
            Channel c = s.channel;
            if (c != null && c.isOpen() && c.config().isAutoRead() && KernelQueues.inputPending(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts one operation in flight whose next step the conditions hold back on the modem's own
     * timers (a handshake's records under a latency): it waits on virtual time, not on the host's
     * network. The returned callback ends it (once).
     */
    Runnable heldByConditions() {
        heldByConditions++;
        boolean[] ended = {false};
        return () -> {
            if (!ended[0]) {
                ended[0] = true;
                heldByConditions--;
            }
        };
    }

    /** Counts one operation in flight; the returned callback ends it (once). */
    Runnable begin() {
        inFlight++;
        boolean[] ended = {false};
        return () -> {
            if (!ended[0]) {
                ended[0] = true;
                inFlight--;
            }
        };
    }

    /** Runs {@code task} on the modem's loop after {@code delay} (soon, never inline, when zero). */
    void after(Duration delay, Runnable task) {
        if (delay.isZero()) {
            scheduler.execute(task);
        } else {
            scheduler.schedule(task, delay);
        }
    }

    public NetSettings settings() {
        return settings;
    }

    public void settings(NetSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    public NetPolicy policy() {
        return host.policy();
    }

    /**
     * How long data a TCP socket sent may stay unacknowledged before the connection is given up
     * (the module's retransmission limit), for every TCP socket of this modem, open or to come.
     * Applied as the kernel's TCP user timeout where the platform has one; null leaves the system's
     * default.
     */
    public void tcpUserTimeout(Duration timeout) {
        this.tcpUserTimeout = timeout;
        for (NetSocket s : sockets) {
            if (s instanceof TcpConnection c) {
                c.userTimeout(timeout);
            }
        }
    }

    public Duration tcpUserTimeout() {
        return tcpUserTimeout;
    }

    public void contextEvents(ContextEvents events) {
        this.contextEvents = Objects.requireNonNull(events);
    }

    /** Who watches this network (the trace); {@link NetObserver#NONE} by default. */
    public void observer(NetObserver observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    NetObserver observer() {
        return observer;
    }

    /**
     * The conditions a test or a scenario puts on this network: activations refused or slow,
     * lookups answered badly, connects refused or ignored, bytes delayed, capped, lost, duplicated
     * or reordered, send buffers stalled. None by default.
     */
    public NetConditions conditions() {
        return conditions;
    }

    // ---- PDP contexts ----

    public PdpContext context(int id) {
        return contexts.context(id);
    }

    /** Contexts that exist (configured or used), in ID order. */
    public List<PdpContext> contexts() {
        return contexts.all();
    }

    public int activeContexts() {
        return contexts.active();
    }

    /**
     * Activates a context after the network's activation delay; {@code done} gets null on success.
     * An already active context succeeds at once.
     */
    public void activate(PdpContext context, Consumer<NetError> done) {
        contexts.activate(context, done);
    }

    /** Deactivates a context, closing its sockets first; {@code done} gets null on success. */
    public void deactivate(PdpContext context, Consumer<NetError> done) {
        contexts.deactivate(context, done);
    }

    /** The network drops a context (a fault a test injects): sockets end, the host is told. */
    public void dropContext(PdpContext context) {
        if (contexts.drop(context)) {
            contextEvents.lost(context);
        }
    }

    // ---- sockets ----

    /** Opens a TCP connection; the socket reports {@code opened} or {@code openFailed} later. */
    public TcpConnection connectTcp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        return opener.connectTcp(context, host, port, localPort, events);
    }

    /**
     * Opens a TCP connection with TLS on it ({@link TlsSettings}): it reports {@code opened} once the
     * handshake is over, or {@code openFailed} with {@link NetError#HANDSHAKE_FAILED} and the reason
     * in {@link TcpConnection#handshakeFailure()}. The policy, the counters and the trace treat it as
     * any TCP socket; the bytes it carries are the plain ones on either side of the TLS.
     */
    public TcpConnection connectTls(
            PdpContext context, String host, int port, int localPort, TlsSettings tls, SocketEvents events) {
        return opener.connectTls(context, host, port, localPort, tls, events);
    }

    /** Opens a UDP client bound to a local port and talking to one peer. */
    public UdpSocket openUdp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        return opener.openUdp(context, host, port, localPort, events);
    }

    /** Opens a UDP service on a local port of the context's address, talking to any peer. */
    public UdpSocket bindUdp(PdpContext context, int localPort, SocketEvents events) {
        return opener.bindUdp(context, localPort, events);
    }

    /** Listens on a local port of the context's address. */
    public TcpListener listenTcp(PdpContext context, int localPort, SocketEvents events) {
        return opener.listenTcp(context, localPort, events);
    }

    /** Every open socket of this modem. */
    public List<NetSocket> sockets() {
        return List.copyOf(sockets);
    }

    void track(NetSocket s) {
        if (!sockets.contains(s)) {
            sockets.add(s);
        }
    }

    void forget(NetSocket s) {
        sockets.remove(s);
    }

    // ---- names ----

    /**
     * Looks a host name up with the context's DNS servers; {@code done} runs on the modem's loop,
     * after the network's DNS delay for a name that needs a query.
     */
    public void resolve(PdpContext context, String name, Consumer<Resolution> done) {
        names.resolve(context, name, done);
    }

    /**
     * Looks up the names of {@code address} (a reverse, PTR, query) with the context's DNS servers;
     * {@code done} runs on the modem's loop.
     */
    public void reverseResolve(PdpContext context, InetAddress address, Consumer<HostNames> done) {
        names.reverse(context, address, done);
    }

    /** The DNS servers a context queries: its own, or the host's when it names none. */
    public List<InetSocketAddress> dnsServers(PdpContext context) {
        return NameService.servers(context);
    }

    // ---- asynchronous services: lookups, pings, time, MQTT ----

    /** The services under way, and which kinds this module runs one at a time. */
    public Services services() {
        return services;
    }

    /** A lookup the host asked for, as a service run (see {@link #resolve} for the plain one). */
    public NameLookup lookup(PdpContext context, String name, Consumer<Resolution> done) {
        return start(new NameLookup(this, context, name, done));
    }

    /** Pings with real ICMP echo as {@code request} says; {@code observer} hears each outcome. */
    public PingRun ping(PdpContext context, PingRequest request, PingObserver observer) {
        return start(new PingRun(this, context, request, observer));
    }

    /**
     * Pings {@code host} with real ICMP echo: {@code count} requests of {@code payload} bytes, one
     * after the other, each given {@code timeout} (in the scheduler's time) for its reply.
     */
    public PingRun ping(
            PdpContext context, String host, int payload, Duration timeout, int count, PingObserver observer) {
        return ping(context, PingRequest.of(host, payload, timeout, count), observer);
    }

    /** As above, with the requests' IP time to live ({@code ttl} 0: the host's default). */
    public PingRun ping(
            PdpContext context, String host, int payload, Duration timeout, int count, int ttl, PingObserver observer) {
        return ping(context, PingRequest.of(host, payload, timeout, count).ttl(ttl), observer);
    }

    /**
     * Asks the NTP server {@code server:port} for the time, after the network's NTP delay; fails
     * after {@code timeout} more.
     */
    public NtpQuery ntp(PdpContext context, String server, int port, Duration timeout, Consumer<NtpResult> done) {
        return start(new NtpQuery(this, context, server, port, timeout, done));
    }

    /**
     * An MQTT client numbered {@code index} (the module's client index) for the broker at {@code
     * host:port}, reached through {@code connector}; its connection opens now, and {@code observer}
     * hears what becomes of it.
     */
    public MqttClient mqtt(
            PdpContext context,
            int index,
            String host,
            int port,
            MqttClient.Timing timing,
            MqttConnector connector,
            MqttClient.Observer observer) {
        return start(new MqttClient(this, context, index, host, port, timing, connector, observer));
    }

    /**
     * Makes an HTTP(S) request in {@code context} (see {@link HttpExchange}); {@code observer} hears
     * its response.
     */
    public HttpExchange http(PdpContext context, HttpRequestSpec request, HttpExchange.Observer observer) {
        return start(new HttpExchange(this, context, request, observer));
    }

    private <R extends ServiceRun> R start(R run) {
        run.begin();
        return run;
    }

    /** Power-off: every service ends, every socket closes, every context is released. */
    public void shutdown() {
        services.shutdown();
        for (NetSocket s : List.copyOf(sockets)) {
            s.close();
        }
        contexts.releaseAll();
    }
}
