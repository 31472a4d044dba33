package io.vmodem.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One MQTT 3.1.1 client of a module, from opening its network connection to closing it: the TCP
 * connection comes from the one socket opener (open delay, context, name, policy, counted and
 * traced as a socket), the framing from Netty's codec ({@link MqttCodec}), the time from the
 * modem's scheduler. It speaks the protocol's flows (CONNECT and CONNACK, SUBSCRIBE and SUBACK,
 * UNSUBSCRIBE and UNSUBACK, PUBLISH with PUBACK or PUBREC, PUBREL and PUBCOMP both ways, PINGREQ on
 * the keep-alive) with the module's retransmissions, and keeps what it received in a bounded inbox:
 * while the host has not taken enough of it, the client reads no more, and TCP holds the broker
 * back. What happens is told to an {@link Observer}, on the modem's loop, while the run lasts; a
 * dialect words it.
 */
public final class MqttClient extends ServiceRun {
    /** The largest packet a client takes from its broker; a larger one ends the session. */
    public static final int MAX_PACKET_BYTES = 64 * 1024;

    /** Received messages the host has not taken before the client stops reading from the broker. */
    public static final int INBOX_LIMIT = 16;

    private static final int READ_CHUNK = 4096;

    /** Where the client stands, as AT+QMTCONN? tells it. */
    public enum State {
        OPENING,
        OPEN,
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    /** The host's requests that wait for the broker's answer. */
    public enum Request {
        CONNECT,
        SUBSCRIBE,
        UNSUBSCRIBE,
        PUBLISH
    }

    /** Why a session ended without the host asking. */
    public enum End {
        /** The broker closed the connection. */
        PEER_CLOSED,
        /** The connection was reset, or the broker sent what MQTT does not allow. */
        PEER_RESET,
        /** Sent data went unacknowledged until TCP gave up. */
        LINK_LOST,
        /** The PDP context went down. */
        CONTEXT_LOST,
        /** No PINGRESP within the packet timeout. */
        PING_TIMEOUT,
        /** The CONNECT packet could not be sent. */
        CONNECT_FAILED,
        /** No CONNACK within the packet timeout. */
        CONNACK_TIMEOUT,
        /** A packet stayed unacknowledged through every retransmission, and the client gave up. */
        SEND_FAILED
    }

    /**
     * How a client reaches its broker: plain TCP through the socket opener, or a connection a TLS
     * layer secures. The connection's bytes are MQTT's either way.
     */
    @FunctionalInterface
    public interface Connector {
        Connector TCP = (network, context, host, port, events) -> network.connectTcp(context, host, port, 0, events);

        /**
         * TLS through the one TLS connect the SSL sockets use: the connection opens once the
         * handshake is over, and a failed one fails the open with {@link NetError#HANDSHAKE_FAILED}
         * (its reason in {@link TcpConnection#handshakeFailure()}).
         */
        static Connector tls(TlsSettings tls) {
            Objects.requireNonNull(tls);
            return (network, context, host, port, events) -> network.connectTls(context, host, port, 0, tls, events);
        }

        TcpConnection connect(ModemNetwork network, PdpContext context, String host, int port, SocketEvents events);
    }

    /** The will the broker publishes if the client goes without DISCONNECT. */
    public record Will(int qos, boolean retain, String topic, byte[] message) {}

    /**
     * A CONNECT: {@code version} 3 (MQTT 3.1) or 4 (3.1.1); {@code user} and {@code password} null
     * when absent; {@code will} null for none.
     */
    public record Connect(
            int version,
            String clientId,
            String user,
            byte[] password,
            int keepAliveSeconds,
            boolean cleanSession,
            Will will) {}

    /**
     * How long the client waits for each answer and how often it sends again: the module's packet
     * timeout and retry count. {@code giveUp}: after the last retry the client closes the session
     * ({@link End#SEND_FAILED}); else only the request fails.
     */
    public record Timing(Duration packetTimeout, int retries, boolean giveUp) {
        public Timing {
            Objects.requireNonNull(packetTimeout);
        }
    }

    /** A message the broker sent, as the client received it. */
    public record Message(int packetId, int qos, boolean retain, boolean dup, String topic, byte[] payload) {}

    /** What happens to a client, on the modem's loop, while its run lasts. */
    public interface Observer {
        /** The network connection is up: CONNECT may follow. */
        default void opened(MqttClient client) {}

        /** The network connection could not be made; the run is over. */
        default void openFailed(MqttClient client, NetError error) {}

        /** The CONNACK came: {@code returnCode} 0 accepted, 1..5 refused (the broker then closes). */
        default void connected(MqttClient client, int returnCode, boolean sessionPresent) {}

        /** The SUBACK came: one granted QoS per topic, 128 for a refused one. */
        default void subscribed(MqttClient client, int packetId, List<Integer> granted) {}

        default void unsubscribed(MqttClient client, int packetId) {}

        /** A publish is complete: QoS 0 sent, QoS 1 acknowledged, QoS 2 through PUBCOMP. */
        default void published(MqttClient client, int packetId) {}

        /** A request went out again for the {@code times}th time. */
        default void retransmitted(MqttClient client, Request request, int packetId, int times) {}

        /** A request stayed unanswered through every retransmission. */
        default void undelivered(MqttClient client, Request request, int packetId) {}

        /** A message arrived: it waits in {@link #take()}. */
        default void received(MqttClient client) {}

        /** The session ended without the host asking; the run is over. */
        default void ended(MqttClient client, End why) {}
    }

    /** A request waiting for its answer: what to send again, and until when. */
    private final class Pending {
        final Request request;
        final int packetId;
        byte[] wire;
        boolean released; // a QoS 2 publish past PUBREC: PUBREL is what goes again
        int attempts;
        Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
        final Runnable inFlight = network.begin();

        Pending(Request request, int packetId, byte[] wire) {
            this.request = request;
            this.packetId = packetId;
            this.wire = wire;
        }

        void arm() {
            timer.cancel();
            timer = network.guard().schedule(() -> expired(this), timing.packetTimeout());
        }

        void finish() {
            timer.cancel();
            inFlight.run();
        }
    }

    private final int index;
    private final String host;
    private final int port;
    private final Connector connector;
    private final Observer observer;
    private Timing timing;
    private State state = State.OPENING;
    private TcpConnection tcp;
    private MqttCodec codec;
    private Connect session;
    private final ArrayDeque<Message> inbox = new ArrayDeque<>();
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Set<Integer> releasing = new HashSet<>();
    private Pending connecting;
    private Scheduler.Cancellable keepAlive = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable pingTimer = Scheduler.Cancellable.DONE;
    private Runnable pingInFlight;
    private int nextPacketId = 1;

    MqttClient(
            ModemNetwork network,
            PdpContext context,
            int index,
            String host,
            int port,
            Timing timing,
            Connector connector,
            Observer observer) {
        super(network, context, Services.Kind.MQTT);
        this.index = index;
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.timing = Objects.requireNonNull(timing);
        this.connector = Objects.requireNonNull(connector);
        this.observer = Objects.requireNonNull(observer);
    }

    /** The module's number for this client (its client index). */
    public int index() {
        return index;
    }

    /** The broker as the host named it. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public State state() {
        return over() ? State.CLOSED : state;
    }

    /** The CONNECT the session was made with, or null before AT+QMTCONN. */
    public Connect session() {
        return session;
    }

    /** The connection to the broker, once the opener made one (null before). */
    public TcpConnection connection() {
        return tcp;
    }

    /** The module's timeouts, from now on. */
    public void timing(Timing timing) {
        this.timing = Objects.requireNonNull(timing);
    }

    /** Whether a request with {@code packetId} is waiting for its answer. */
    public boolean waiting(int packetId) {
        return pending.containsKey(packetId);
    }

    /** A packet identifier no request is waiting with (for modules that choose their own). */
    public int freePacketId() {
        for (int i = 0; i < 65535; i++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!pending.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    // ---- the host's requests ----

    @Override
    void start() {
        tcp = connector.connect(network, context, host, port, new Events());
    }

    /** Sends CONNECT; {@link Observer#connected} follows, or the session ends. Only when open. */
    public void connect(Connect request) {
        if (state != State.OPEN || over()) {
            throw new IllegalStateException("not open: " + state());
        }
        session = request;
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(request.version() == 3 ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1)
                .clientId(request.clientId())
                .cleanSession(request.cleanSession())
                .keepAlive(request.keepAliveSeconds());
        if (request.user() != null) {
            b.hasUser(true).username(request.user());
        }
        if (request.password() != null) {
            b.hasPassword(true).password(request.password());
        }
        Will will = request.will();
        if (will != null) {
            b.willFlag(true)
                    .willQoS(MqttQoS.valueOf(will.qos()))
                    .willRetain(will.retain())
                    .willTopic(will.topic())
                    .willMessage(will.message());
        }
        byte[] wire;
        try {
            wire = codec.encode(b.build());
        } catch (RuntimeException e) {
            // the codec refuses what MQTT does not allow (MQTT 3.1: a client ID over 23 characters)
            network.observer().mqtt(this, "CONNECT refused by the codec: " + e.getMessage());
            closeAndEnd(End.CONNECT_FAILED);
            return;
        }
        state = State.CONNECTING;
        write(wire, "CONNECT " + request.clientId());
        connecting = new Pending(Request.CONNECT, 0, wire);
        connecting.timer = network.guard().schedule(this::connackMissing, timing.packetTimeout());
    }

    /** SUBSCRIBE to {@code topics}, each at its {@code qos}; {@link Observer#subscribed} follows. */
    public void subscribe(int packetId, List<String> topics, List<Integer> qos) {
        requireConnected(packetId);
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (int i = 0; i < topics.size(); i++) {
            b.addSubscription(MqttQoS.valueOf(qos.get(i)), topics.get(i));
        }
        request(Request.SUBSCRIBE, packetId, b.build(), "SUBSCRIBE " + packetId + " " + topics);
    }

    /** UNSUBSCRIBE from {@code topics}; {@link Observer#unsubscribed} follows. */
    public void unsubscribe(int packetId, List<String> topics) {
        requireConnected(packetId);
        MqttMessageBuilders.UnsubscribeBuilder b =
                MqttMessageBuilders.unsubscribe().messageId(packetId);
        topics.forEach(b::addTopicFilter);
        request(Request.UNSUBSCRIBE, packetId, b.build(), "UNSUBSCRIBE " + packetId + " " + topics);
    }

    /**
     * PUBLISH {@code payload} to {@code topic}; {@link Observer#published} follows once the QoS
     * flow is through (at once for QoS 0). {@code packetId} is ignored at QoS 0.
     */
    public void publish(int packetId, int qos, boolean retain, String topic, byte[] payload) {
        int id = qos == 0 ? 0 : packetId;
        requireConnected(id);
        MqttPublishMessage m = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, id),
                Unpooled.wrappedBuffer(payload));
        String what = "PUBLISH " + id + " qos " + qos + (retain ? " retained " : " ") + topic + ", " + payload.length
                + " bytes";
        if (qos == 0) {
            write(codec.encode(m), what);
            network.after(Duration.ZERO, () -> {
                if (!over()) {
                    observer.published(this, 0);
                }
            });
        } else {
            request(Request.PUBLISH, id, m, what);
        }
    }

    /** Sends DISCONNECT and closes the connection: the session is over, and the will is not sent. */
    public void disconnect() {
        if (!over() && codec != null && tcp != null) {
            write(codec.encode(MqttMessageBuilders.disconnect().build()), "DISCONNECT");
        }
        end();
    }

    /** Closes the connection without DISCONNECT (the broker then sends the will); the run is over. */
    public void close() {
        end();
    }

    /** The next message received, or null; taking one lets the client read on. */
    public Message take() {
        Message m = inbox.poll();
        if (m != null && !over() && tcp != null && tcp.unread() > 0) {
            network.after(Duration.ZERO, this::pump);
        }
        return m;
    }

    /** Messages received and not taken yet. */
    public int received() {
        return inbox.size();
    }

    // ---- the protocol ----

    private void requireConnected(int packetId) {
        if (state != State.CONNECTED || over()) {
            throw new IllegalStateException("not connected: " + state());
        }
        if (packetId != 0 && pending.containsKey(packetId)) {
            throw new IllegalStateException("packet " + packetId + " is waiting for its answer");
        }
    }

    private void request(Request request, int packetId, MqttMessage message, String what) {
        byte[] wire = codec.encode(message);
        Pending p = new Pending(request, packetId, wire);
        pending.put(packetId, p);
        write(wire, what);
        p.arm();
    }

    private void expired(Pending p) {
        if (over() || pending.get(p.packetId) != p) {
            return;
        }
        if (p.attempts < timing.retries()) {
            p.attempts++;
            if (p.request == Request.PUBLISH && !p.released) {
                p.wire[0] |= 0x08; // DUP: the same PUBLISH again
            }
            write(p.wire, "again (" + p.attempts + "): " + p.request + " " + p.packetId);
            p.arm();
            observer.retransmitted(this, p.request, p.packetId, p.attempts);
            return;
        }
        pending.remove(p.packetId);
        p.finish();
        observer.undelivered(this, p.request, p.packetId);
        if (timing.giveUp() && !over()) {
            closeAndEnd(End.SEND_FAILED);
        }
    }

    private void connackMissing() {
        if (!over() && state == State.CONNECTING) {
            closeAndEnd(End.CONNACK_TIMEOUT);
        }
    }

    private void handle(MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            network.observer()
                    .mqtt(
                            this,
                            "received a packet MQTT does not allow: "
                                    + m.decoderResult().cause());
            closeAndEnd(End.PEER_RESET);
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        switch (type) {
            case CONNACK -> connack((MqttConnAckMessage) m);
            case SUBACK -> {
                MqttSubAckMessage s = (MqttSubAckMessage) m;
                Pending p = answered(Request.SUBSCRIBE, s.variableHeader().messageId(), "SUBACK");
                if (p != null) {
                    observer.subscribed(
                            this, p.packetId, List.copyOf(s.payload().grantedQoSLevels()));
                }
            }
            case UNSUBACK -> {
                Pending p = answered(Request.UNSUBSCRIBE, messageId(m), "UNSUBACK");
                if (p != null) {
                    observer.unsubscribed(this, p.packetId);
                }
            }
            case PUBACK -> {
                Pending p = answered(Request.PUBLISH, messageId(m), "PUBACK");
                if (p != null) {
                    observer.published(this, p.packetId);
                }
            }
            case PUBREC -> pubrec(messageId(m));
            case PUBCOMP -> {
                Pending p = answered(Request.PUBLISH, messageId(m), "PUBCOMP");
                if (p != null) {
                    observer.published(this, p.packetId);
                }
            }
            case PUBLISH -> publishReceived((MqttPublishMessage) m);
            case PUBREL -> {
                int id = messageId(m);
                releasing.remove(id);
                network.observer().mqtt(this, "received PUBREL " + id);
                send(ack(MqttMessageType.PUBCOMP, id), "PUBCOMP " + id);
            }
            case PINGRESP -> {
                pingTimer.cancel();
                endPing();
            }
            default -> {
                network.observer().mqtt(this, "received " + type + ", which a broker does not send");
                closeAndEnd(End.PEER_RESET);
            }
        }
    }

    private void connack(MqttConnAckMessage m) {
        if (state != State.CONNECTING || connecting == null) {
            network.observer().mqtt(this, "received a CONNACK it did not ask for");
            closeAndEnd(End.PEER_RESET);
            return;
        }
        connecting.finish();
        connecting = null;
        int code = m.variableHeader().connectReturnCode().byteValue() & 0xff;
        network.observer().mqtt(this, "received CONNACK " + code);
        if (code == 0) {
            state = State.CONNECTED;
            keepAlive();
        } else {
            state = State.OPEN; // refused: the broker closes the connection next
        }
        observer.connected(this, code, m.variableHeader().isSessionPresent());
    }

    private void pubrec(int id) {
        Pending p = pending.get(id);
        network.observer().mqtt(this, "received PUBREC " + id);
        if (p == null || p.request != Request.PUBLISH) {
            // not ours (any more): release it anyway, so the broker's state ends too
            send(ack(MqttMessageType.PUBREL, id), "PUBREL " + id);
            return;
        }
        p.released = true;
        p.wire = codec.encode(ack(MqttMessageType.PUBREL, id));
        write(p.wire, "PUBREL " + id);
        p.arm();
    }

    private void publishReceived(MqttPublishMessage p) {
        int qos = p.fixedHeader().qosLevel().value();
        int id = qos == 0 ? 0 : p.variableHeader().packetId(); // QoS 0 carries none
        Message message = new Message(
                id,
                qos,
                p.fixedHeader().isRetain(),
                p.fixedHeader().isDup(),
                p.variableHeader().topicName(),
                ByteBufUtil.getBytes(p.payload()));
        network.observer()
                .mqtt(
                        this,
                        "received PUBLISH " + id + " qos " + qos + (message.retain() ? " retained " : " ")
                                + message.topic() + ", " + message.payload().length + " bytes");
        switch (qos) {
            case 0 -> deliver(message);
            case 1 -> {
                deliver(message);
                send(ack(MqttMessageType.PUBACK, id), "PUBACK " + id);
            }
            default -> {
                // QoS 2 delivered once on PUBLISH; a resent one (the same ID before PUBREL) only acknowledged
                if (releasing.add(id)) {
                    deliver(message);
                }
                send(ack(MqttMessageType.PUBREC, id), "PUBREC " + id);
            }
        }
    }

    private void deliver(Message message) {
        inbox.add(message);
        observer.received(this);
    }

    private Pending answered(Request request, int id, String what) {
        network.observer().mqtt(this, "received " + what + " " + id);
        Pending p = pending.get(id);
        if (p == null || p.request != request) {
            return null; // a late answer to what already failed, or not ours: nothing to tell
        }
        pending.remove(id);
        p.finish();
        return p;
    }

    private static int messageId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    private static MqttMessage ack(MqttMessageType type, int id) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(id));
    }

    /** The keep-alive: a PINGREQ once the client has sent nothing for its interval. */
    private void keepAlive() {
        keepAlive.cancel();
        int seconds = session == null ? 0 : session.keepAliveSeconds();
        if (seconds > 0 && state == State.CONNECTED && !over()) {
            keepAlive = network.guard().schedule(this::ping, Duration.ofSeconds(seconds));
        }
    }

    private void ping() {
        if (over() || state != State.CONNECTED || pingInFlight != null) {
            return;
        }
        send(
                new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)),
                "PINGREQ");
        pingInFlight = network.begin();
        pingTimer = network.guard()
                .schedule(
                        () -> {
                            if (!over() && pingInFlight != null) {
                                endPing();
                                closeAndEnd(End.PING_TIMEOUT);
                            }
                        },
                        timing.packetTimeout());
    }

    private void endPing() {
        if (pingInFlight != null) {
            pingInFlight.run();
            pingInFlight = null;
        }
    }

    private void send(MqttMessage m, String what) {
        write(codec.encode(m), what);
    }

    /** Hands a packet to the connection, or keeps it until the connection takes more. */
    private void write(byte[] wire, String what) {
        network.observer().mqtt(this, "sent " + what);
        if (outbox.isEmpty()) {
            NetError e = tcp.send(wire);
            if (e == NetError.BUFFER_FULL) {
                outbox.add(wire.clone());
            }
            // any other refusal: the connection is going, and its end is reported by its events
        } else {
            outbox.add(wire.clone());
        }
        if (pingInFlight == null) {
            keepAlive(); // the interval counts from the last packet sent
        }
    }

    private void flushOutbox() {
        while (!outbox.isEmpty() && tcp.send(outbox.peek()) != NetError.BUFFER_FULL) {
            outbox.poll();
        }
    }

    /** Reads and decodes what the broker sent, while the inbox has room. */
    private void pump() {
        while (!over() && codec != null && inbox.size() < INBOX_LIMIT && tcp.unread() > 0) {
            List<MqttMessage> packets = codec.decode(Unpooled.wrappedBuffer(tcp.read(READ_CHUNK)));
            try {
                for (MqttMessage m : packets) {
                    if (!over()) {
                        handle(m);
                    }
                }
            } finally {
                packets.forEach(ReferenceCountUtil::release);
            }
        }
    }

    private void closeAndEnd(End why) {
        if (over()) {
            return;
        }
        end();
        network.observer()
                .mqtt(
                        this,
                        "ended: "
                                + why.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        observer.ended(this, why);
    }

    @Override
    void released() {
        state = State.CLOSED;
        keepAlive.cancel();
        pingTimer.cancel();
        endPing();
        if (connecting != null) {
            connecting.finish();
            connecting = null;
        }
        for (Pending p : new ArrayList<>(pending.values())) {
            p.finish();
        }
        pending.clear();
        releasing.clear();
        outbox.clear();
        // what arrived stays for the host to take: the broker delivered it before the end
        if (codec != null) {
            codec.close();
            codec = null;
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    /** The connection's events, while the run lasts. */
    private final class Events implements SocketEvents {
        @Override
        public void opened(NetSocket socket) {
            if (over()) {
                return;
            }
            state = State.OPEN;
            codec = new MqttCodec(MAX_PACKET_BYTES);
            observer.opened(MqttClient.this);
        }

        @Override
        public void openFailed(NetSocket socket, NetError error) {
            if (over()) {
                return;
            }
            end();
            observer.openFailed(MqttClient.this, error);
        }

        @Override
        public void readable(NetSocket socket) {
            pump();
        }

        @Override
        public void writable(NetSocket socket) {
            if (!over()) {
                flushOutbox();
            }
        }

        @Override
        public void closedByNetwork(NetSocket socket, CloseCause cause) {
            // what arrived before the end is still the broker's word: read it first
            pump();
            closeAndEnd(
                    switch (cause) {
                        case ERROR -> End.PEER_RESET;
                        case SEND_TIMEOUT -> End.LINK_LOST;
                        case CONTEXT_LOST -> End.CONTEXT_LOST;
                        case PEER, LOCAL -> End.PEER_CLOSED;
                    });
        }
    }
}
