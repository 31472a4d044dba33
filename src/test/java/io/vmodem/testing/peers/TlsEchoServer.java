package io.vmodem.testing.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TestCertificates.Identity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;

/**
 * A TLS echo server on loopback, on an ephemeral port: Netty's {@link SslHandler} with the JDK's
 * provider, serving a certificate of {@link TestCertificates} (the right one, the expired one, one
 * from the wrong CA) and, when told, requiring a client certificate from a given CA. Every byte a
 * client sends after the handshake comes back. The test sees each handshake's outcome: {@link
 * #handshakes()} counts those that succeeded, {@link #awaitHandshakeFailure} hands over why one
 * failed, {@link #clientSubjects()} names the clients that showed a certificate. {@link
 * #dropClients()} closes every connection, as a server that goes away.
 *
 * <pre>
 * try (TlsEchoServer server = TlsEchoServer.serving(certs.server()).requireClient(certs.ca()).start()) {
 *     ... AT+QSSLOPEN=1,1,0,"127.0.0.1",${server.port()} ...
 * }
 * </pre>
 */
public final class TlsEchoServer implements AutoCloseable {
    private final Channel listener;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger handshakes = new AtomicInteger();
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private final List<String> subjects = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> serverNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<BooleanSupplier> watched = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** How a server is set up before it starts. */
    public static final class Builder {
        private final Identity certificate;
        private Identity clientCa;
        private List<String> protocols = List.of("TLSv1.2", "TLSv1.3");

        private Builder(Identity certificate) {
            this.certificate = Objects.requireNonNull(certificate);
        }

        /** Clients must show a certificate signed by {@code ca} (mutual TLS). */
        public Builder requireClient(Identity ca) {
            this.clientCa = Objects.requireNonNull(ca);
            return this;
        }

        /** The TLS versions the server speaks ({@code "TLSv1.2"}, ...); TLS 1.2 and 1.3 by default. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        public TlsEchoServer start() throws SSLException {
            return new TlsEchoServer(this);
        }
    }

    /** A server that presents {@code certificate} (with its key). */
    public static Builder serving(Identity certificate) {
        return new Builder(certificate);
    }

    private TlsEchoServer(Builder b) throws SSLException {
        SslContextBuilder ssl = SslContextBuilder.forServer(b.certificate.key(), b.certificate.certificate())
                .sslProvider(SslProvider.JDK)
                .protocols(b.protocols);
        if (b.clientCa != null) {
            ssl.clientAuth(ClientAuth.REQUIRE).trustManager(b.clientCa.certificate());
        }
        SslContext context = ssl.build();
        listener = new ServerBootstrap()
                .group(ModemHarness.host().group())
                .channel(ModemHarness.host().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        BooleanSupplier w = PeerActivity.watch(ch);
                        watched.add(w);
                        ch.closeFuture().addListener(f -> {
                            PeerActivity.unwatch(w);
                            watched.remove(w);
                        });
                        ch.pipeline()
                                .addLast(new Busy())
                                .addLast(context.newHandler(ch.alloc()))
                                .addLast(new Echo());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
    }

    public String host() {
        return ((InetSocketAddress) listener.localAddress()).getAddress().getHostAddress();
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** How many handshakes succeeded. */
    public int handshakes() {
        return handshakes.get();
    }

    /** Why the next handshake failed, once one has (a test failure if none does within {@code timeout}). */
    public Throwable awaitHandshakeFailure(Duration timeout) throws InterruptedException {
        Throwable t = failures.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no TLS handshake failed within " + timeout);
        }
        return t;
    }

    /** The subjects of the client certificates seen, in order. */
    public List<String> clientSubjects() {
        return new ArrayList<>(subjects);
    }

    /**
     * The server name each successful handshake asked for (SNI), in order; an empty string for a
     * handshake that named none.
     */
    public List<String> serverNames() {
        return new ArrayList<>(serverNames);
    }

    /** Closes every client connection; the server keeps listening. */
    public void dropClients() {
        clients.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        watched.forEach(PeerActivity::unwatch);
    }

    /**
     * Busy while the server works on what it read, the handshake's computing included: it runs
     * inside the read, after the bytes left the kernel, where no watch on the socket sees it.
     */
    private static final class Busy extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            PeerActivity.begin();
            try {
                ctx.fireChannelRead(msg);
            } finally {
                PeerActivity.end();
            }
        }
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            PeerActivity.begin();
            try {
                ctx.writeAndFlush((ByteBuf) msg);
            } finally {
                PeerActivity.end();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    javax.net.ssl.SSLSession session =
                            ctx.pipeline().get(SslHandler.class).engine().getSession();
                    String name = "";
                    if (session instanceof javax.net.ssl.ExtendedSSLSession x) {
                        for (javax.net.ssl.SNIServerName n : x.getRequestedServerNames()) {
                            if (n instanceof javax.net.ssl.SNIHostName h) {
                                name = h.getAsciiName();
                            }
                        }
                    }
                    serverNames.add(name);
                    handshakes.incrementAndGet();
                    try {
                        for (Certificate c : ctx.pipeline()
                                .get(SslHandler.class)
                                .engine()
                                .getSession()
                                .getPeerCertificates()) {
                            subjects.add(((X509Certificate) c)
                                    .getSubjectX500Principal()
                                    .getName());
                            break;
                        }
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        // no client certificate: not asked for
                    }
                } else {
                    failures.add(done.cause());
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a handshake failure is reported above; nothing else is expected
        }
    }
}
