package io.vmodem.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.vmodem.time.Scheduler;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the sockets of one modem, every kind the same way: the network's open delay, the context
 * check, the name resolved (a client) or the port checked (a server), the policy, then the real
 * connect or bind on the modem's loop, counted in flight, and its outcome told to the socket, the
 * observer and the opener. What differs between the kinds is a {@link Kind}; the TLS kind, with
 * its handshake, is {@link TlsConnect}.
 */
final class SocketOpener {
    private static final Logger log = LoggerFactory.getLogger(SocketOpener.class);

    private final ModemNetwork network;

    SocketOpener(ModemNetwork network) {
        this.network = network;
    }

    /** What one kind of socket does once its peer (or its own port) is known and allowed. */
    interface Kind {
        /** The guard's name for the outcome ({@code "a TCP connect"}). */
        String where();

        /** Starts the real connect or bind to or at {@code address}. */
        ChannelFuture start(InetSocketAddress address);

        /** The socket's own part of a success (connected, bound, listening). */
        void succeeded();

        /** What a failed start means. */
        default NetError failure(Throwable cause) {
            return NetError.BIND_FAILED;
        }

        /** How long the start may take; null: as long as the host's network takes. */
        default Duration timeout() {
            return null;
        }

        /**
         * Whether the start is a TCP connect, which the connect conditions act on. Every kind says,
         * so that no client kind (TCP, TLS, and the services' connections through them) can miss them.
         */
        boolean connects();
    }

    /**
     * No connect timeout of Netty's own (30 s of real time by default): the modem's connect timeout
     * ({@link NetSettings#connectTimeout}, in its time) decides, while the kernel retries a SYN
     * nobody answers, as a module retries it for tens of seconds before it reports a failure.
     */
    private static final int NO_HOST_TIMEOUT = 0;

    TcpConnection connectTcp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        TcpConnection c = new TcpConnection(network, context, events, settings().rxBufferBytes(), null);
        return open(c, "TCP", host, port, new Kind() {
            @Override
            public String where() {
                return "a TCP connect";
            }

            @Override
            public ChannelFuture start(InetSocketAddress peer) {
                return connect(context, peer, localPort, c::attach);
            }

            @Override
            public void succeeded() {
                c.connected();
            }

            @Override
            public NetError failure(Throwable cause) {
                return cause instanceof BindException ? NetError.BIND_FAILED : NetError.CONNECT_FAILED;
            }

            @Override
            public Duration timeout() {
                return settings().connectTimeout();
            }

            @Override
            public boolean connects() {
                return true;
            }
        });
    }

    /**
     * A TCP connection with TLS on it: connected as {@link #connectTcp} connects, then opened only
     * once the handshake is over, which {@link TlsSettings#handshakeTimeout} limits in the modem's
     * time. A failed handshake fails the open with {@link NetError#HANDSHAKE_FAILED}, its reason in
     * {@link TcpConnection#handshakeFailure()}.
     */
    TcpConnection connectTls(
            PdpContext context, String host, int port, int localPort, TlsSettings tls, SocketEvents events) {
        TcpConnection c = new TcpConnection(network, context, events, settings().rxBufferBytes(), null);
        c.secure(tls);
        return open(c, "TLS", host, port, new TlsConnect(this, network, c, context, host, port, localPort, tls));
    }

    /** The real TCP connect of a client to {@code peer}, its channel set up by {@code init}. */
    ChannelFuture connect(PdpContext context, InetSocketAddress peer, int localPort, Consumer<Channel> init) {
        Bootstrap b = new Bootstrap()
                .group(network.loop())
                .channel(network.host().socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, NO_HOST_TIMEOUT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, sendLimits())
                .handler(initializer(init));
        InetSocketAddress local = localAddress(context, peer.getAddress(), localPort);
        return local == null ? b.connect(peer) : b.connect(peer, local);
    }

    UdpSocket openUdp(PdpContext context, String host, int port, int localPort, SocketEvents events) {
        UdpSocket u = new UdpSocket(network, context, events, settings().rxBufferBytes(), false);
        return open(u, "UDP", host, port, new UdpKind(u) {
            @Override
            public ChannelFuture start(InetSocketAddress peer) {
                u.remote = peer;
                return bind(localAddress(context, peer.getAddress(), localPort));
            }
        });
    }

    UdpSocket bindUdp(PdpContext context, int localPort, SocketEvents events) {
        UdpSocket u = new UdpSocket(network, context, events, settings().rxBufferBytes(), true);
        return open(u, "UDP service", null, localPort, new UdpKind(u));
    }

    TcpListener listenTcp(PdpContext context, int localPort, SocketEvents events) {
        TcpListener l = new TcpListener(network, context, events);
        return open(l, "TCP listener", null, localPort, new Kind() {
            @Override
            public String where() {
                return "a TCP listen";
            }

            @Override
            public ChannelFuture start(InetSocketAddress local) {
                ChannelFuture f = new ServerBootstrap()
                        .group(network.loop(), network.loop())
                        .channel(network.host().serverChannel())
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, sendLimits())
                        .childHandler(initializer(l::prepare))
                        .bind(local);
                l.attach(f.channel());
                return f;
            }

            @Override
            public void succeeded() {
                l.listening();
            }

            @Override
            public boolean connects() {
                return false;
            }
        });
    }

    /** A UDP socket bound at a local address: a service at its context's, a client where it reaches its peer. */
    private class UdpKind implements Kind {
        private final UdpSocket u;

        UdpKind(UdpSocket u) {
            this.u = u;
        }

        @Override
        public String where() {
            return "a UDP bind";
        }

        @Override
        public ChannelFuture start(InetSocketAddress local) {
            return bind(local);
        }

        ChannelFuture bind(InetSocketAddress local) {
            return new Bootstrap()
                    .group(network.loop())
                    .channel(network.host().datagramChannel())
                    // A datagram longer than the read buffer is cut short, so every read must fit the largest.
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                    .handler(initializer(u::attach))
                    .bind(local == null ? new InetSocketAddress(0) : local);
        }

        @Override
        public void succeeded() {
            u.bound();
        }

        @Override
        public boolean connects() {
            return false;
        }
    }

    /**
     * The one way a socket opens. {@code host} names the peer of a client; null makes {@code port}
     * the socket's own, on its context's address.
     */
    private <S extends NetSocket> S open(S socket, String kind, String host, int port, Kind how) {
        socket.host = host;
        network.track(socket);
        network.observer().socketOpening(socket, kind, host, port);
        network.after(settings().openDelay(), () -> {
            if (socket.state() != SocketState.OPENING) {
                return; // the host closed it meanwhile
            }
            PdpContext context = socket.context();
            if (!context.active()) {
                socket.failed(NetError.CONTEXT_INACTIVE);
            } else if (host == null) {
                if (network.policy().mayListen(port)) {
                    start(socket, how, serviceAddress(context, port));
                } else {
                    network.observer().denied(socket, "listen", new InetSocketAddress(port));
                    socket.failed(NetError.BIND_FAILED);
                }
            } else {
                network.resolve(context, host, r -> {
                    if (socket.state() != SocketState.OPENING) {
                        return;
                    }
                    if (!r.ok()) {
                        socket.failed(r.error());
                        return;
                    }
                    InetSocketAddress peer = new InetSocketAddress(r.addresses().get(0), port);
                    if (network.policy().mayReach(peer)) {
                        start(socket, how, peer);
                    } else {
                        network.observer().denied(socket, kind, peer);
                        socket.failed(NetError.DENIED);
                    }
                });
            }
        });
        return socket;
    }

    /** The real operation, counted in flight until the host's network answers (or the timeout). */
    private void start(NetSocket socket, Kind how, InetSocketAddress address) {
        if (how.connects() && connectMeetsCondition(socket, how, address)) {
            return;
        }
        Runnable end = network.begin();
        ChannelFuture f = how.start(address);
        Duration limit = how.timeout();
        // Set when the modem's timeout ended the open: closing the channel then fails the connect
        // at once, which is not the host's answer and must not be reported as a refused connect.
        boolean[] timedOut = {false};
        Scheduler.Cancellable timeout = limit == null
                ? Scheduler.Cancellable.DONE
                : network.guard()
                        .schedule(
                                () -> {
                                    end.run();
                                    if (socket.state() == SocketState.OPENING) {
                                        timedOut[0] = true;
                                        socket.failed(NetError.TIMEOUT);
                                        f.cancel(false);
                                    }
                                },
                                limit);
        f.addListener((ChannelFuture done) -> {
            end.run(); // the operation is over whatever the modem then makes of it
            if (!timedOut[0]) {
                network.guard().call(how.where(), () -> outcome(socket, how, done, timeout));
            }
        });
    }

    /**
     * A connect the conditions answer instead of the peer: refused (a RST answers the SYN, the open
     * fails at once) or never answered (it fails when the connect timeout runs out, in the modem's
     * time, before any handshake could begin). Every kind that connects meets them here, the TLS
     * kind and the services' connections (MQTT, HTTP) included. Returns whether one did.
     */
    private boolean connectMeetsCondition(NetSocket socket, Kind how, InetSocketAddress peer) {
        socket.remote = peer; // the conditions may pick it by its destination
        NetConditions.SocketCondition c = network.conditions().connect(socket);
        if (c instanceof NetConditions.ConnectRefused) {
            socket.acted("connect to " + NetSocket.text(peer) + " refused (connect-refused)");
            network.after(Duration.ZERO, () -> {
                if (socket.state() == SocketState.OPENING) {
                    socket.failed(NetError.CONNECT_FAILED);
                }
            });
            return true;
        }
        if (c instanceof NetConditions.ConnectUnanswered) {
            socket.acted("connect to " + NetSocket.text(peer) + " not answered (connect-timeout)");
            network.guard()
                    .schedule(
                            () -> {
                                if (socket.state() == SocketState.OPENING) {
                                    socket.failed(NetError.TIMEOUT);
                                }
                            },
                            settings().connectTimeout());
            return true;
        }
        return false;
    }

    private void outcome(NetSocket socket, Kind how, ChannelFuture done, Scheduler.Cancellable timeout) {
        timeout.cancel();
        if (socket.state() != SocketState.OPENING) {
            done.channel().close();
            return;
        }
        if (done.isSuccess()) {
            how.succeeded();
            network.observer().socketOpened(socket);
            socket.events.opened(socket);
        } else {
            // Why the host's network refused it (refused, unreachable, no address or port left):
            // the module only says 566, a fleet's operator needs the reason.
            log.debug(
                    "{} {}: {} failed: {}", network.id(), socket.describe(), how.where(), String.valueOf(done.cause()));
            socket.failed(how.failure(done.cause()));
        }
    }

    private NetSettings settings() {
        return network.settings();
    }

    private WriteBufferWaterMark sendLimits() {
        int limit = settings().txBufferBytes();
        return new WriteBufferWaterMark(limit / 2, limit);
    }

    private static ChannelInitializer<Channel> initializer(Consumer<Channel> init) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                init.accept(ch);
            }
        };
    }

    /**
     * Where a client socket binds: the context's own address when the host can bind it and the peer
     * is reachable from it (loopback to loopback), else wherever the host routes.
     */
    static InetSocketAddress localAddress(PdpContext context, InetAddress peer, int localPort) {
        InetAddress own = context.address();
        if (own != null && context.bindable() && own.isLoopbackAddress() == peer.isLoopbackAddress()) {
            return new InetSocketAddress(own, localPort);
        }
        return localPort == 0 ? null : new InetSocketAddress(localPort);
    }

    /** Where a server binds: the context's own address, or loopback when the host cannot bind it. */
    private static InetSocketAddress serviceAddress(PdpContext context, int localPort) {
        InetAddress own = context.address();
        if (own != null && context.bindable()) {
            return new InetSocketAddress(own, localPort);
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort);
    }
}
