package io.vmodem.net;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vmodem.time.Scheduler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a TLS connection opens, as one {@link SocketOpener.Kind}: the TCP connect every client makes,
 * then the handshake, which {@link TlsSettings#handshakeTimeout} limits in the modem's time. A failed
 * handshake fails the open with {@link NetError#HANDSHAKE_FAILED}, its reason in {@link
 * TcpConnection#handshakeFailure()}. Apart from the opener, whose concern is the skeleton every kind
 * shares, because the handshake is a stage of its own.
 */
final class TlsConnect implements SocketOpener.Kind {
    private final SocketOpener opener;
    private final ModemNetwork network;
    private final TcpConnection connection;
    private final PdpContext context;
    private final String host;
    private final int port;
    private final int localPort;
    private final TlsSettings tls;
    private SslContext ssl;
    private Tls.Unusable unusable;
    private boolean connected;

    TlsConnect(
            SocketOpener opener,
            ModemNetwork network,
            TcpConnection connection,
            PdpContext context,
            String host,
            int port,
            int localPort,
            TlsSettings tls) {
        this.opener = opener;
        this.network = network;
        this.connection = connection;
        this.context = context;
        this.host = host;
        this.port = port;
        this.localPort = localPort;
        this.tls = tls;
        try {
            ssl = Tls.context(tls);
        } catch (Tls.Unusable e) {
            unusable = e; // told once the connect is up, as a module fails it in the handshake
        }
    }

    @Override
    public String where() {
        return "a TLS connect";
    }

    @Override
    public ChannelFuture start(InetSocketAddress peer) {
        SslHandler[] handler = {null};
        ChannelFuture connect = opener.connect(context, peer, localPort, ch -> {
            connection.attach(ch);
            if (ssl != null) {
                handler[0] = Tls.handler(ssl, tls, ch.alloc(), host, port);
                ch.pipeline().addFirst(Tls.HANDLER, handler[0]);
                // Under the TLS layer: the handshake's records cross the conditions' latency too.
                HandshakeShaping shaping = new HandshakeShaping(connection);
                ch.pipeline().addFirst(HandshakeShaping.NAME, shaping);
                handler[0].handshakeFuture().addListener(h -> shaping.handshakeOver());
            }
        });
        ChannelPromise done = connect.channel().newPromise();
        // The connect's own limit, as a plain connect has it: a SYN nobody answers fails the open
        // after the connect timeout, as the connect-timeout condition makes it fail.
        Scheduler.Cancellable connectLimit = network.guard()
                .schedule(
                        () -> done.tryFailure(new ConnectTimeoutException("connect not answered")),
                        network.settings().connectTimeout());
        connect.addListener((ChannelFuture f) -> {
            connectLimit.cancel();
            if (!f.isSuccess()) {
                done.tryFailure(f.cause());
                return;
            }
            connected = true;
            if (unusable != null) {
                done.tryFailure(unusable);
                return;
            }
            // The module's negotiation time, in its own time.
            Scheduler.Cancellable limit =
                    network.guard().schedule(() -> done.tryFailure(new Tls.HandshakeTimeout()), tls.handshakeTimeout());
            handler[0].handshakeFuture().addListener(h -> {
                limit.cancel();
                if (h.isSuccess()) {
                    done.trySuccess();
                } else {
                    done.tryFailure(h.cause());
                }
            });
        });
        return done;
    }

    @Override
    public void succeeded() {
        connection.connected();
    }

    @Override
    public NetError failure(Throwable cause) {
        if (!connected) {
            if (cause instanceof ConnectTimeoutException) {
                return NetError.TIMEOUT;
            }
            return cause instanceof BindException ? NetError.BIND_FAILED : NetError.CONNECT_FAILED;
        }
        connection.handshakeFailed(Tls.failure(cause));
        return NetError.HANDSHAKE_FAILED;
    }

    /** The TCP connect under the handshake meets the connect conditions as a plain one does. */
    @Override
    public boolean connects() {
        return true;
    }

    @Override
    public Duration timeout() {
        // The connect's own limit, then the handshake's: its timer fires first.
        return network.settings().connectTimeout().plus(tls.handshakeTimeout()).plusSeconds(1);
    }
}
