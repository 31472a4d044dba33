package io.vmodem.net;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.NetUtil;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 *
 * <p>This class is the host's side: its requests, the session's state and its end. The rest is in
 * parts beside it: {@link MqttConnection} (bytes, back-pressure, the socket's events), {@link
 * MqttInbound} (what each packet from the broker does), {@link MqttInFlight} (requests waiting for an
 * answer, and their retransmission), {@link MqttKeepAlive} and {@link MqttPackets}.
 */
public final class MqttClient extends ServiceRun {
    /** The largest packet a client takes from its broker; a larger one ends the session. */
    public static final int MAX_PACKET_BYTES = 64 * 1024;

    /** Received messages the host has not taken before the client stops reading from the broker. */
    public static final int INBOX_LIMIT = 16;

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

    private final int index;
    private final String host;
    private final int port;
    private final MqttConnector connector;
    private final Observer observer;
    private final MqttConnection link = new MqttConnection(this);
    private final MqttKeepAlive keepAlive = new MqttKeepAlive(this);
    private final MqttInFlight inFlight;
    private final MqttInbound inbound;
    private Timing timing;
    private State state = State.OPENING;
    private Connect session;
    private final ArrayDeque<Message> inbox = new ArrayDeque<>();
    private Runnable connectInFlight;
    private Scheduler.Cancellable connackTimer = Scheduler.Cancellable.DONE;

    MqttClient(
            ModemNetwork network,
            PdpContext context,
            int index,
            String host,
            int port,
            Timing timing,
            MqttConnector connector,
            Observer observer) {
        super(network, context, Services.Kind.MQTT);
        this.index = index;
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.timing = Objects.requireNonNull(timing);
        this.connector = Objects.requireNonNull(connector);
        this.observer = Objects.requireNonNull(observer);
        this.inFlight = new MqttInFlight(this, observer);
        this.inbound = new MqttInbound(this, observer, inFlight, keepAlive);
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

    @Override
    public String target() {
        return NetUtil.toSocketAddressString(host, port);
    }

    @Override
    public String progress() {
        return state().name().toLowerCase(Locale.ROOT);
    }

    /** The CONNECT the session was made with, or null before AT+QMTCONN. */
    public Connect session() {
        return session;
    }

    /** The connection to the broker, once the opener made one (null before). */
    public TcpConnection connection() {
        return link.tcp();
    }

    /** The module's timeouts, from now on. */
    public void timing(Timing timing) {
        this.timing = Objects.requireNonNull(timing);
    }

    Timing timing() {
        return timing;
    }

    /** Whether a request with {@code packetId} is waiting for its answer. */
    public boolean waiting(int packetId) {
        return inFlight.waiting(packetId);
    }

    /** A packet identifier no request is waiting with (for modules that choose their own). */
    public int freePacketId() {
        return inFlight.freePacketId();
    }

    // ---- the host's requests ----

    @Override
    void start() {
        link.open(connector);
    }

    /** Sends CONNECT; {@link Observer#connected} follows, or the session ends. Only when open. */
    public void connect(Connect request) {
        if (state != State.OPEN || over()) {
            throw new IllegalStateException("not open: " + state());
        }
        session = request;
        byte[] packet;
        try {
            packet = encode(MqttPackets.connect(request));
        } catch (RuntimeException e) {
            // the codec refuses what MQTT does not allow (MQTT 3.1: a client ID over 23 characters)
            network.observer().mqtt(this, "CONNECT refused by the codec: " + e.getMessage());
            closeAndEnd(End.CONNECT_FAILED);
            return;
        }
        state = State.CONNECTING;
        write(packet, "CONNECT " + request.clientId());
        connectInFlight = network.begin();
        connackTimer = network.guard().schedule(this::connackMissing, timing.packetTimeout());
    }

    /** SUBSCRIBE to {@code topics}, each at its {@code qos}; {@link Observer#subscribed} follows. */
    public void subscribe(int packetId, List<String> topics, List<Integer> qos) {
        requireConnected(packetId);
        request(
                Request.SUBSCRIBE,
                packetId,
                MqttPackets.subscribe(packetId, topics, qos),
                "SUBSCRIBE " + packetId + " " + topics);
    }

    /** UNSUBSCRIBE from {@code topics}; {@link Observer#unsubscribed} follows. */
    public void unsubscribe(int packetId, List<String> topics) {
        requireConnected(packetId);
        request(
                Request.UNSUBSCRIBE,
                packetId,
                MqttPackets.unsubscribe(packetId, topics),
                "UNSUBSCRIBE " + packetId + " " + topics);
    }

    /**
     * PUBLISH {@code payload} to {@code topic}; {@link Observer#published} follows once the QoS
     * flow is through (at once for QoS 0). {@code packetId} is ignored at QoS 0.
     */
    public void publish(int packetId, int qos, boolean retain, String topic, byte[] payload) {
        int id = qos == 0 ? 0 : packetId;
        requireConnected(id);
        MqttMessage m = MqttPackets.publish(id, qos, retain, topic, payload);
        String what = MqttPackets.describe(id, qos, retain, topic, payload.length);
        if (qos == 0) {
            write(encode(m), what);
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
        if (!over() && link.carries()) {
            write(encode(MqttPackets.disconnect()), "DISCONNECT");
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
        if (m != null && !over() && link.unread()) {
            network.after(Duration.ZERO, link::pump);
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
        if (packetId != 0 && inFlight.waiting(packetId)) {
            throw new IllegalStateException("packet " + packetId + " is waiting for its answer");
        }
    }

    private void request(Request request, int packetId, MqttMessage message, String what) {
        inFlight.send(request, packetId, encode(message), what);
    }

    private void connackMissing() {
        if (!over() && state == State.CONNECTING) {
            closeAndEnd(End.CONNACK_TIMEOUT);
        }
    }

    /** A packet from the broker, while the run lasts. */
    void handle(MqttMessage m) {
        inbound.handle(m);
    }

    /** The CONNACK: connected, or refused (the broker then closes); one not asked for ends the session. */
    void connack(MqttConnAckMessage m) {
        if (state != State.CONNECTING || connectInFlight == null) {
            network.observer().mqtt(this, "received a CONNACK it did not ask for");
            closeAndEnd(End.PEER_RESET);
            return;
        }
        endConnect();
        int code = m.variableHeader().connectReturnCode().byteValue() & 0xff;
        network.observer().mqtt(this, "received CONNACK " + code);
        if (code == 0) {
            state = State.CONNECTED;
            keepAlive.restart();
        } else {
            state = State.OPEN; // refused: the broker closes the connection next
        }
        observer.connected(this, code, m.variableHeader().isSessionPresent());
    }

    private void endConnect() {
        connackTimer.cancel();
        if (connectInFlight != null) {
            connectInFlight.run();
            connectInFlight = null;
        }
    }

    /** A message for the host: it waits in the inbox until taken. */
    void deliver(Message message) {
        inbox.add(message);
        observer.received(this);
    }

    // ---- the connection ----

    byte[] encode(MqttMessage m) {
        return link.encode(m);
    }

    void send(MqttMessage m, String what) {
        write(encode(m), what);
    }

    /** Every packet goes out here: the keep-alive's interval counts from the last one sent. */
    void write(byte[] packet, String what) {
        link.write(packet, what);
        keepAlive.sent();
    }

    /** Whether the inbox takes more: while it does not, the client reads no more from the broker. */
    boolean hasRoom() {
        return inbox.size() < INBOX_LIMIT;
    }

    /** The network connection is up: CONNECT may follow. */
    void opened() {
        state = State.OPEN;
        observer.opened(this);
    }

    void openFailed(NetError error) {
        end();
        observer.openFailed(this, error);
    }

    void closeAndEnd(End why) {
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
        keepAlive.stop();
        endConnect();
        inFlight.clear();
        inbound.clear();
        // what arrived stays for the host to take: the broker delivered it before the end
        link.close();
    }
}
