package io.vmodem.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.vmodem.time.GuardedScheduler;
import io.vmodem.time.Scheduler;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One modem's packet data service: its PDP contexts and the sockets it opened, all on the modem's
 * event loop. It speaks in network operations ("open a TCP socket in context 1 to host:port");
 * how a module words them is the dialect's business.
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
    private String id = "modem";
    private final PdpContext[] contexts = new PdpContext[MAX_CONTEXT_ID + 1];
    private final List<NetSocket> sockets = new ArrayList<>();
    private NetSettings settings;
    private int inFlight;
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
        if (inFlight > 0) {
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

    /** Counts one operation in flight; the returned callback ends it (once). */
    private Runnable begin() {
        inFlight++;
        boolean[] ended = {false};
        return () -> {
            if (!ended[0]) {
                ended[0] = true;
                inFlight--;
            }
        };
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

    // ---- PDP contexts ----

    public PdpContext context(int id) {
        if (id < 0 || id > MAX_CONTEXT_ID) {
            throw new IllegalArgumentException("no context " + id);
        }
        PdpContext c = contexts[id];
        if (c == null) {
            c = new PdpContext(id);
            contexts[id] = c;
        }
        return c;
    }

    /** Contexts that exist (configured or used), in ID order. */
    public List<PdpContext> contexts() {
        List<PdpContext> list = new ArrayList<>();
        for (PdpContext c : contexts) {
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    public int activeContexts() {
        int n = 0;
        for (PdpContext c : contexts) {
            if (c != null && c.state() != PdpContext.State.INACTIVE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Activates a context after the network's activation delay; {@code done} gets null on success.
     * An already active context succeeds at once.
     */
    public void activate(PdpContext context, Consumer<NetError> done) {
        if (context.active()) {
            scheduler.execute(() -> done.accept(null));
            return;
        }
        if (context.state() != PdpContext.State.INACTIVE) {
            scheduler.execute(() -> done.accept(NetError.ACTIVATION_FAILED));
            return;
        }
        if (activeContexts() >= settings.maxActiveContexts()) {
            scheduler.execute(() -> done.accept(NetError.TOO_MANY_CONTEXTS));
            return;
        }
        int attempt = context.activating();
        scheduler.schedule(
                () -> {
                    if (!context.activating(attempt)) {
                        done.accept(NetError.ACTIVATION_FAILED);
                        return;
                    }
                    InetAddress address =
                            settings.failActivation() ? null : host.pool().allocate();
                    if (address == null) {
                        context.deactivated();
                        done.accept(NetError.ACTIVATION_FAILED);
                        return;
                    }
                    context.activated(address, host.pool().bindable());
                    observer.contextActivated(context);
                    done.accept(null);
                },
                settings.activationDelay());
    }

    /** Deactivates a context, closing its sockets first; {@code done} gets null on success. */
    public void deactivate(PdpContext context, Consumer<NetError> done) {
        if (context.state() == PdpContext.State.INACTIVE) {
            scheduler.execute(() -> done.accept(null));
            return;
        }
        closeSockets(context, false);
        context.deactivating();
        scheduler.schedule(
                () -> {
                    release(context);
                    done.accept(null);
                },
                settings.deactivationDelay());
    }

    /** The network drops a context (a fault a test injects): sockets end, the host is told. */
    public void dropContext(PdpContext context) {
        if (!context.active()) {
            return;
        }
        closeSockets(context, true);
        release(context);
        contextEvents.lost(context);
    }

    private void release(PdpContext context) {
        InetAddress a = context.deactivated();
        if (a != null) {
            host.pool().release(a);
            observer.contextDeactivated(context);
        }
    }

    private void closeSockets(PdpContext context, boolean tellHost) {
        for (NetSocket s : List.copyOf(sockets)) {
            if (s.context() == context) {
                if (tellHost) {
                    s.endedByNetwork(CloseCause.CONTEXT_LOST);
                }
                s.close();
            }
        }
    }

    // ---- sockets ----

    /** Opens a TCP connection; the socket reports {@code opened} or {@code openFailed} later. */
    public TcpConnection connectTcp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        TcpConnection c = new TcpConnection(this, context, events, settings.rxBufferBytes(), null);
        track(c);
        observer.socketOpening(c, "TCP", host, port);
        afterOpenDelay(c, () -> {
            if (!context.active()) {
                c.failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            resolve(context, host, r -> {
                if (c.state() != SocketState.OPENING) {
                    return;
                }
                if (!r.ok()) {
                    c.failed(r.error());
                    return;
                }
                startConnect(c, new InetSocketAddress(r.addresses().get(0), port), localPort);
            });
        });
        return c;
    }

    private void startConnect(TcpConnection c, InetSocketAddress target, int localPort) {
        if (!policy().mayReach(target)) {
            observer.denied(c, "TCP", target);
            c.failed(NetError.DENIED);
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(this.host.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.txBufferBytes() / 2, settings.txBufferBytes()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        c.attach(ch);
                    }
                });
        InetSocketAddress local = localAddress(c.context(), target.getAddress(), localPort);
        Runnable end = begin();
        ChannelFuture f = local == null ? b.connect(target) : b.connect(target, local);
        Scheduler.Cancellable timeout = scheduler.schedule(
                () -> {
                    end.run();
                    if (c.state() == SocketState.OPENING) {
                        f.cancel(false);
                        c.failed(NetError.TIMEOUT);
                    }
                },
                settings.connectTimeout());
        f.addListener((ChannelFuture done) -> {
            end.run(); // the operation is over whatever the modem then makes of it
            scheduler.call("a TCP connect", () -> connectDone(c, done, timeout));
        });
    }

    private void connectDone(TcpConnection c, ChannelFuture done, Scheduler.Cancellable timeout) {
        timeout.cancel();
        if (c.state() != SocketState.OPENING) {
            done.channel().close();
            return;
        }
        if (done.isSuccess()) {
            c.connected();
            observer.socketOpened(c);
            c.events.opened(c);
        } else {
            c.failed(done.cause() instanceof BindException ? NetError.BIND_FAILED : NetError.CONNECT_FAILED);
        }
    }

    /** Opens a UDP client bound to a local port and talking to one peer. */
    public UdpSocket openUdp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        UdpSocket u = new UdpSocket(this, context, events, settings.rxBufferBytes(), false);
        track(u);
        observer.socketOpening(u, "UDP", host, port);
        afterOpenDelay(u, () -> {
            if (!context.active()) {
                u.failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            resolve(context, host, r -> {
                if (u.state() != SocketState.OPENING) {
                    return;
                }
                if (!r.ok()) {
                    u.failed(r.error());
                    return;
                }
                InetSocketAddress peer = new InetSocketAddress(r.addresses().get(0), port);
                if (!policy().mayReach(peer)) {
                    observer.denied(u, "UDP", peer);
                    u.failed(NetError.DENIED);
                    return;
                }
                u.remote = peer;
                startBindUdp(u, localAddress(context, peer.getAddress(), localPort));
            });
        });
        return u;
    }

    /** Opens a UDP service on a local port of the context's address, talking to any peer. */
    public UdpSocket bindUdp(PdpContext context, int localPort, SocketEvents events) {
        UdpSocket u = new UdpSocket(this, context, events, settings.rxBufferBytes(), true);
        track(u);
        observer.socketOpening(u, "UDP service", null, localPort);
        afterOpenDelay(u, () -> {
            if (!context.active()) {
                u.failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            if (!policy().mayListen(localPort)) {
                observer.denied(u, "listen", new InetSocketAddress(localPort));
                u.failed(NetError.BIND_FAILED);
                return;
            }
            startBindUdp(u, serviceAddress(context, localPort));
        });
        return u;
    }

    private void startBindUdp(UdpSocket u, InetSocketAddress local) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(host.datagramChannel())
                // A datagram longer than the read buffer is cut short, so every read must fit the largest.
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        u.attach(ch);
                    }
                });
        Runnable end = begin();
        ChannelFuture f = b.bind(local == null ? new InetSocketAddress(0) : local);
        f.addListener((ChannelFuture done) -> {
            end.run();
            scheduler.call("a UDP bind", () -> udpBound(u, done));
        });
    }

    private void udpBound(UdpSocket u, ChannelFuture done) {
        if (u.state() != SocketState.OPENING) {
            done.channel().close();
            return;
        }
        if (done.isSuccess()) {
            u.bound();
            observer.socketOpened(u);
            u.events.opened(u);
        } else {
            u.failed(NetError.BIND_FAILED);
        }
    }

    /** Listens on a local port of the context's address. */
    public TcpListener listenTcp(PdpContext context, int localPort, SocketEvents events) {
        TcpListener l = new TcpListener(this, context, events);
        track(l);
        observer.socketOpening(l, "TCP listener", null, localPort);
        afterOpenDelay(l, () -> {
            if (!context.active()) {
                l.failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            if (!policy().mayListen(localPort)) {
                observer.denied(l, "listen", new InetSocketAddress(localPort));
                l.failed(NetError.BIND_FAILED);
                return;
            }
            ServerBootstrap b = new ServerBootstrap()
                    .group(loop, loop)
                    .channel(host.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(settings.txBufferBytes() / 2, settings.txBufferBytes()))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            l.prepare(ch);
                        }
                    });
            Runnable end = begin();
            ChannelFuture f = b.bind(serviceAddress(context, localPort));
            l.attach(f.channel());
            f.addListener((ChannelFuture done) -> {
                end.run();
                scheduler.call("a TCP listen", () -> listening(l, done));
            });
        });
        return l;
    }

    private void listening(TcpListener l, ChannelFuture done) {
        if (l.state() != SocketState.OPENING) {
            done.channel().close();
            return;
        }
        if (done.isSuccess()) {
            l.listening();
            observer.socketOpened(l);
            l.events.opened(l);
        } else {
            l.failed(NetError.BIND_FAILED);
        }
    }

    /**
     * Starts opening {@code socket} once the network's open delay has passed, unless the host
     * closed it meanwhile.
     */
    private void afterOpenDelay(NetSocket socket, Runnable open) {
        after(settings.openDelay(), () -> {
            if (socket.state() == SocketState.OPENING) {
                open.run();
            }
        });
    }

    /** Runs {@code task} on the modem's loop after {@code delay} (soon, never inline, when zero). */
    private void after(Duration delay, Runnable task) {
        if (delay.isZero()) {
            scheduler.execute(task);
        } else {
            scheduler.schedule(task, delay);
        }
    }

    /**
     * Looks a host name up with the context's DNS servers; {@code done} runs on the modem's loop,
     * after the network's DNS delay for a name that needs a query.
     */
    public void resolve(PdpContext context, String name, Consumer<Resolution> done) {
        Duration delay = Addresses.literal(name) == null ? settings.dnsDelay() : Duration.ZERO;
        long due = scheduler.nanoTime() + delay.toNanos();
        Consumer<Resolution> answer = scheduler.bind("a DNS answer", r -> {
            long left = due - scheduler.nanoTime();
            if (left > 0) {
                scheduler.schedule(() -> done.accept(r), Duration.ofNanos(left));
            } else {
                done.accept(r);
            }
        });
        List<InetSocketAddress> servers = context.dnsServers();
        if (host.dns().needsQuery(name)) {
            servers = allowedDnsServers(context);
            if (servers == null) {
                answer.accept(Resolution.failed(NetError.DNS_FAILED));
                return;
            }
        }
        Runnable end = begin();
        host.dns().resolve(loop, servers, dnsLocal(context, servers), name, r -> {
            if (loop.inEventLoop()) {
                end.run();
                answer.accept(r);
            } else {
                loop.execute(() -> {
                    end.run();
                    answer.accept(r);
                });
            }
        });
    }

    /**
     * The servers a query of {@code context} may go to: its own, or (when it names none) the host's,
     * less those the policy denies, each of which the observer hears of. The context's list as it is
     * (empty: the host's) when the policy denies none; null when it denies them all.
     */
    private List<InetSocketAddress> allowedDnsServers(PdpContext context) {
        List<InetSocketAddress> all = dnsServers(context);
        List<InetSocketAddress> allowed = new ArrayList<>(all.size());
        for (InetSocketAddress server : all) {
            if (policy().mayReach(server)) {
                allowed.add(server);
            } else {
                observer.denied(null, "DNS", server);
            }
        }
        if (allowed.isEmpty()) {
            return null;
        }
        return allowed.size() == all.size() ? context.dnsServers() : allowed;
    }

    /**
     * Where a DNS query binds: the context's own address when the host can bind it and it reaches
     * the servers (loopback to loopback), loopback when every server is there, else (null) wherever
     * the host routes, for that query only.
     */
    private InetAddress dnsLocal(PdpContext context, List<InetSocketAddress> servers) {
        List<InetSocketAddress> all = servers.isEmpty() ? HostNetwork.hostDnsServers() : servers;
        boolean loopback = all.stream().allMatch(s -> s.getAddress().isLoopbackAddress());
        boolean v4 = all.stream().allMatch(s -> s.getAddress() instanceof java.net.Inet4Address);
        InetAddress own = context.address();
        if (own != null && context.bindable() && v4 && own.isLoopbackAddress() == loopback) {
            return own;
        }
        return loopback && v4 ? InetAddress.getLoopbackAddress() : null;
    }

    /** The DNS servers a context queries: its own, or the host's when it names none. */
    public List<InetSocketAddress> dnsServers(PdpContext context) {
        return context.dnsServers().isEmpty() ? HostNetwork.hostDnsServers() : context.dnsServers();
    }

    /**
     * Looks up the names of {@code address} (a reverse, PTR, query) with the context's DNS servers;
     * {@code done} runs on the modem's loop.
     */
    public void reverseResolve(PdpContext context, InetAddress address, Consumer<HostNames> done) {
        Consumer<HostNames> answer = scheduler.bind("a DNS answer", done);
        List<InetSocketAddress> servers = allowedDnsServers(context);
        if (servers == null) {
            scheduler.execute(() -> answer.accept(HostNames.failed(NetError.DNS_FAILED)));
            return;
        }
        Runnable end = begin();
        host.dns().reverse(loop, servers, dnsLocal(context, servers), address, r -> {
            if (loop.inEventLoop()) {
                end.run();
                answer.accept(r);
            } else {
                loop.execute(() -> {
                    end.run();
                    answer.accept(r);
                });
            }
        });
    }

    /**
     * Pings {@code host} with real ICMP echo: {@code count} requests of {@code payload} bytes, one
     * after the other, each given {@code timeout} (in the scheduler's time) for its reply.
     */
    public void ping(PdpContext context, String host, int payload, Duration timeout, int count, PingObserver observer) {
        ping(context, host, payload, timeout, count, 0, observer);
    }

    /** As above, with the requests' IP time to live ({@code ttl} 0: the host's default). */
    public void ping(
            PdpContext context, String host, int payload, Duration timeout, int count, int ttl, PingObserver observer) {
        scheduler.execute(() -> {
            if (!context.active()) {
                observer.failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            resolve(context, host, r -> {
                if (!r.ok()) {
                    observer.failed(NetError.DNS_FAILED);
                    return;
                }
                InetAddress target = r.addresses().get(0);
                if (!policy().mayReach(target)) {
                    this.observer.denied(null, "ping", new InetSocketAddress(target, 0));
                    observer.failed(NetError.DENIED);
                    return;
                }
                new PingRun(target, payload, timeout, count, ttl, observer).next();
            });
        });
    }

    /** One ping command's requests, one at a time, on the modem's loop. */
    private final class PingRun {
        private final InetAddress target;
        private final int payload;
        private final Duration timeout;
        private final int count;
        private final int ttl;
        private final PingObserver observer;
        private int sent;
        private int received;
        private long min = Long.MAX_VALUE;
        private long max;
        private long total;

        PingRun(InetAddress target, int payload, Duration timeout, int count, int ttl, PingObserver observer) {
            this.target = target;
            this.payload = payload;
            this.timeout = timeout;
            this.count = count;
            this.ttl = ttl;
            this.observer = observer;
        }

        void next() {
            if (sent == count) {
                long avg = received == 0 ? 0 : total / received;
                observer.finished(new PingObserver.Summary(
                        target, sent, received, sent - received, received == 0 ? 0 : min, max, avg));
                return;
            }
            int sequence = ++sent;
            boolean[] over = {false};
            Scheduler.Cancellable timer = scheduler.schedule(
                    () -> {
                        if (!over[0]) {
                            over[0] = true;
                            observer.lost(NetError.TIMEOUT);
                            next();
                        }
                    },
                    timeout);
            long realWait = Math.min(timeout.toMillis(), 30_000);
            Runnable end = begin();
            Consumer<Runnable> onLoop = scheduler.bind("an echo reply", Runnable::run);
            host.icmp()
                    .echo(
                            target,
                            payload,
                            sequence,
                            realWait,
                            ttl,
                            echo -> loop.execute(() -> {
                                end.run();
                                onLoop.accept(() -> reply(echo, over, timer, sequence));
                            }));
        }

        /** An echo reply, or its failure, on the modem's loop. */
        private void reply(IcmpEcho.Echo echo, boolean[] over, Scheduler.Cancellable timer, int sequence) {
            if (over[0]) {
                return;
            }
            if (!echo.ok() && echo.error() == NetError.TIMEOUT) {
                return; // the scheduler's timeout reports it, in the modem's time
            }
            over[0] = true;
            timer.cancel();
            if (echo.ok()) {
                long ms = Math.max(0, Math.round(echo.rttMicros() / 1000.0));
                received++;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
                total += ms;
                observer.reply(new PingObserver.Reply(echo.from(), echo.bytes(), ms, echo.ttl()));
            } else if (echo.error() == NetError.NOT_ALLOWED && sequence == 1) {
                observer.failed(NetError.NOT_ALLOWED);
                return;
            } else {
                observer.lost(echo.error());
            }
            next();
        }
    }

    /**
     * Asks the NTP server {@code server:port} for the time, after the network's NTP delay; fails
     * after {@code timeout} more.
     */
    public void ntp(PdpContext context, String server, int port, Duration timeout, Consumer<NtpResult> asked) {
        Consumer<NtpResult> done = scheduler.bind("an NTP answer", asked);
        after(settings.ntpDelay(), () -> {
            if (!context.active()) {
                done.accept(new NtpResult(NetError.CONTEXT_INACTIVE, null));
                return;
            }
            resolve(context, server, r -> {
                if (!r.ok()) {
                    done.accept(new NtpResult(NetError.DNS_FAILED, null));
                    return;
                }
                InetSocketAddress target = new InetSocketAddress(r.addresses().get(0), port);
                if (!policy().mayReach(target)) {
                    observer.denied(null, "NTP", target);
                    done.accept(new NtpResult(NetError.DENIED, null));
                    return;
                }
                Runnable end = begin();
                NtpClient client = new NtpClient(result -> {
                    end.run();
                    done.accept(result);
                });
                InetSocketAddress local = localAddress(context, target.getAddress(), 0);
                ChannelFuture f = new Bootstrap()
                        .group(loop)
                        .channel(host.datagramChannel())
                        .handler(client)
                        .bind(local == null ? new InetSocketAddress(0) : local);
                Scheduler.Cancellable timer = scheduler.schedule(
                        () -> {
                            client.finish(new NtpResult(NetError.TIMEOUT, null));
                            f.channel().close();
                        },
                        timeout);
                f.addListener((ChannelFuture bound) -> scheduler.call("an NTP bind", () -> {
                    if (!bound.isSuccess()) {
                        timer.cancel();
                        client.finish(new NtpResult(NetError.BIND_FAILED, null));
                        return;
                    }
                    bound.channel().closeFuture().addListener(c -> timer.cancel());
                    bound.channel()
                            .writeAndFlush(new io.netty.channel.socket.DatagramPacket(NtpClient.request(), target));
                }));
            });
        });
    }

    /** Every open socket of this modem. */
    public List<NetSocket> sockets() {
        return List.copyOf(sockets);
    }

    /** Power-off: every socket closed, every context released. */
    public void shutdown() {
        for (NetSocket s : List.copyOf(sockets)) {
            s.close();
        }
        for (PdpContext c : contexts) {
            if (c != null && c.state() != PdpContext.State.INACTIVE) {
                release(c);
            }
        }
    }

    void track(NetSocket s) {
        if (!sockets.contains(s)) {
            sockets.add(s);
        }
    }

    void forget(NetSocket s) {
        sockets.remove(s);
    }

    /**
     * Where a client socket binds: the context's own address when the host can bind it and the peer
     * is reachable from it (loopback to loopback), else wherever the host routes.
     */
    private InetSocketAddress localAddress(PdpContext context, InetAddress peer, int localPort) {
        InetAddress own = context.address();
        if (own != null && context.bindable() && own.isLoopbackAddress() == peer.isLoopbackAddress()) {
            return new InetSocketAddress(own, localPort);
        }
        return localPort == 0 ? null : new InetSocketAddress(localPort);
    }

    /** Where a server binds: the context's own address, or loopback when the host cannot bind it. */
    private InetSocketAddress serviceAddress(PdpContext context, int localPort) {
        InetAddress own = context.address();
        if (own != null && context.bindable()) {
            return new InetSocketAddress(own, localPort);
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort);
    }
}
