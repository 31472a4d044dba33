package io.vmodem.testing.peers;

import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.moquette.interception.messages.InterceptSubscribeMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.EventExecutor;
import io.vmodem.testing.peers.TestCertificates.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * An MQTT 3.1.1 broker embedded in a test (Moquette): QoS 0, 1 and 2, retained messages, no
 * persistence and no telemetry, on ephemeral loopback ports, plain and, when told, over TLS with
 * a certificate of {@link TestCertificates} (optionally requiring a client certificate). The test
 * sees what the broker sees ({@link #awaitConnected}, {@link #awaitPublished}, {@link
 * #awaitSubscribed}, {@link #awaitGone}), publishes as the broker itself ({@link #publish}), and can
 * drop a client as a broker that goes away does ({@link #drop}). {@link MqttTestClient} is a plain
 * client for the test's side.
 *
 * <p>A known flaw of Moquette 0.17: a retained message sent to a new subscriber of QoS 1 or 2
 * arrives without its RETAIN flag (at QoS 0 the flag is set); a test of the module's wording of a
 * retained message subscribes at QoS 0, or publishes through {@link #publish} to a subscriber.
 *
 * <pre>
 * try (MqttBroker broker = MqttBroker.plain().start()) {
 *     ... AT+QMTOPEN=0,"127.0.0.1",${broker.port()} ...
 *     MqttBroker.Published p = broker.awaitPublished("topic/a", Duration.ofSeconds(10));
 * }
 * </pre>
 */
public final class MqttBroker implements AutoCloseable {
    /**
     * A message a client published, as the broker received it. (Whether it was retained the broker
     * does not tell its interceptors; a later subscriber's {@link MqttTestClient.Received#retained}
     * does.)
     */
    public record Published(String clientId, String topic, byte[] payload, int qos) {}

    private final Server server = new Server();
    private final BlockingQueue<Published> published = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> gone = new LinkedBlockingQueue<>();
    private final Set<String> clients = ConcurrentHashMap.newKeySet();
    private final boolean tls;

    /** How a broker is set up before it starts. */
    public static final class Builder {
        private Identity certificate;
        private Identity clientCa;

        private Builder() {}

        /** Also listen for MQTT over TLS, presenting {@code certificate}. */
        public Builder tls(Identity certificate) {
            this.certificate = Objects.requireNonNull(certificate);
            return this;
        }

        /** TLS clients must show a certificate signed by {@code ca}. */
        public Builder requireClient(Identity ca) {
            this.clientCa = Objects.requireNonNull(ca);
            return this;
        }

        public MqttBroker start() {
            return new MqttBroker(this);
        }
    }

    /** A broker on a plain TCP port; {@link Builder#tls} adds a TLS port. */
    public static Builder plain() {
        return new Builder();
    }

    private MqttBroker(Builder b) {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "0");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.epoll", "false");
        p.setProperty("immediate_buffer_flush", "true");
        ISslContextCreator ssl = null;
        tls = b.certificate != null;
        if (tls) {
            p.setProperty("ssl_port", "0");
            if (b.clientCa != null) {
                p.setProperty("need_client_auth", "true");
            }
            ssl = () -> {
                try {
                    SslContextBuilder s = SslContextBuilder.forServer(b.certificate.key(), b.certificate.certificate())
                            .sslProvider(SslProvider.JDK);
                    if (b.clientCa != null) {
                        s.clientAuth(ClientAuth.REQUIRE).trustManager(b.clientCa.certificate());
                    }
                    return s.build();
                } catch (SSLException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        try {
            server.startServer(new MemoryConfig(p), List.of(new Watcher()), ssl, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPortsNoted();
        if (server.getPort() <= 0 || (tls && server.getSslPort() <= 0)) {
            throw new IllegalStateException("the MQTT broker did not bind its ports");
        }
    }

    /**
     * Moquette binds in startServer, then notes the bound ports in a plain HashMap from its boss
     * loops; reading a port before that writes a 0 into the same map (computeIfAbsent), and one of
     * the two writes can be lost: the broker then never seems to listen. A no-op through each boss
     * loop waits for the notes, so the map is read only after it was written.
     */
    private void awaitPortsNoted() {
        try {
            EventLoopGroup boss = (EventLoopGroup) field(field(server, "acceptor"), "bossGroup");
            for (EventExecutor loop : boss) {
                loop.submit(() -> {}).syncUninterruptibly();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Moquette's acceptor no longer has the boss loops this broker waits on", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The plain MQTT port. */
    public int port() {
        return server.getPort();
    }

    /** The MQTT-over-TLS port. */
    public int tlsPort() {
        if (!tls) {
            throw new IllegalStateException("this broker was started without TLS");
        }
        return server.getSslPort();
    }

    /** The client IDs connected now. */
    public Set<String> clients() {
        return Set.copyOf(clients);
    }

    /** The ID of the next client that connects (or connected since the last call). */
    public String awaitConnected(Duration timeout) throws InterruptedException {
        return take(connected, timeout, "no client connected");
    }

    /** The next message a client published (or published since the last call) to {@code topic}. */
    public Published awaitPublished(String topic, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Published p = published.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p == null) {
                throw new AssertionError("nothing was published to " + topic + " within " + timeout);
            }
            if (p.topic().equals(topic)) {
                return p;
            }
        }
    }

    /** {@code clientId topicFilter} of the next subscription. */
    public String awaitSubscribed(Duration timeout) throws InterruptedException {
        return take(subscribed, timeout, "nobody subscribed");
    }

    /** The ID of the next client that disconnected or whose connection was lost. */
    public String awaitGone(Duration timeout) throws InterruptedException {
        return take(gone, timeout, "no client went away");
    }

    /** Publishes as the broker itself, to every subscriber of {@code topic}. */
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        MqttPublishMessage m = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, 0),
                Unpooled.wrappedBuffer(payload));
        server.internalPublish(m, "vmodem-test-broker");
    }

    /** Closes the connection of client {@code clientId}, as a broker that drops it; false if not connected. */
    public boolean drop(String clientId) {
        if (!clients.contains(clientId)) {
            return false; // Moquette 0.17 fails on a session whose connection has gone
        }
        return server.disconnectClient(clientId);
    }

    @Override
    public void close() {
        stopLoopsNow();
        server.stopServer();
    }

    /**
     * Moquette 0.17 stops its Netty loops with {@code shutdownGracefully()}, whose quiet period holds
     * every close for two seconds of real time; a test's broker has nothing left to finish, so its
     * loops stop at once (stopServer's own call then only waits for them to end). The loops are
     * private to Moquette's acceptor: reached by reflection, which fails loudly if a new version
     * moves them.
     */
    private void stopLoopsNow() {
        try {
            Object acceptor = field(server, "acceptor");
            for (String group : List.of("bossGroup", "workerGroup")) {
                ((EventLoopGroup) field(acceptor, group)).shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Moquette's acceptor no longer has the loops this broker stops", e);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return Objects.requireNonNull(f.get(owner), name);
    }

    private static String take(BlockingQueue<String> q, Duration timeout, String what) throws InterruptedException {
        String s = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError(what + " within " + timeout);
        }
        return s;
    }

    private final class Watcher extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "vmodem-test-watcher";
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            clients.add(msg.getClientID());
            connected.add(msg.getClientID());
        }

        @Override
        public void onDisconnect(InterceptDisconnectMessage msg) {
            clients.remove(msg.getClientID());
            gone.add(msg.getClientID());
        }

        @Override
        public void onConnectionLost(InterceptConnectionLostMessage msg) {
            clients.remove(msg.getClientID());
            gone.add(msg.getClientID());
        }

        @Override
        public void onSubscribe(InterceptSubscribeMessage msg) {
            subscribed.add(msg.getClientID() + " " + msg.getTopicFilter());
        }

        @Override
        public void onPublish(InterceptPublishMessage msg) {
            try {
                published.add(new Published(
                        msg.getClientID(),
                        msg.getTopicName(),
                        ByteBufUtil.getBytes(msg.getPayload()),
                        msg.getQos().value()));
            } finally {
                super.onPublish(msg); // releases the message, as the broker expects of a handler
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            // the broker logs its own errors
        }
    }
}
