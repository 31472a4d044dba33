package io.vmodem.net;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.vmodem.net.MqttClient.Request;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link MqttClient} does with each packet its broker sends: an answer ends the request that
 * waits for it, a message is delivered and acknowledged by its QoS (at QoS 2 once, however often it
 * comes before its PUBREL), and a packet a broker may not send ends the session. Apart from the
 * client, whose part is the host's side: its requests, its state and its end.
 */
final class MqttInbound {
    private final MqttClient client;
    private final MqttClient.Observer observer;
    private final MqttInFlight inFlight;
    private final MqttKeepAlive keepAlive;
    private final Set<Integer> releasing = new HashSet<>(); // QoS 2 messages delivered, before PUBREL

    MqttInbound(MqttClient client, MqttClient.Observer observer, MqttInFlight inFlight, MqttKeepAlive keepAlive) {
        this.client = client;
        this.observer = observer;
        this.inFlight = inFlight;
        this.keepAlive = keepAlive;
    }

    void handle(MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            trace("received a packet MQTT does not allow: " + m.decoderResult().cause());
            client.closeAndEnd(MqttClient.End.PEER_RESET);
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        switch (type) {
            case CONNACK -> client.connack((MqttConnAckMessage) m);
            case SUBACK -> {
                MqttSubAckMessage s = (MqttSubAckMessage) m;
                int id = s.variableHeader().messageId();
                if (answered(Request.SUBSCRIBE, id, type)) {
                    observer.subscribed(client, id, List.copyOf(s.payload().grantedQoSLevels()));
                }
            }
            case UNSUBACK -> {
                int id = MqttPackets.messageId(m);
                if (answered(Request.UNSUBSCRIBE, id, type)) {
                    observer.unsubscribed(client, id);
                }
            }
            case PUBACK, PUBCOMP -> {
                int id = MqttPackets.messageId(m);
                if (answered(Request.PUBLISH, id, type)) {
                    observer.published(client, id);
                }
            }
            case PUBREC -> {
                int id = MqttPackets.messageId(m);
                trace("received PUBREC " + id);
                inFlight.received(id);
            }
            case PUBLISH -> publish((MqttPublishMessage) m);
            case PUBREL -> {
                int id = MqttPackets.messageId(m);
                releasing.remove(id);
                trace("received PUBREL " + id);
                client.send(MqttPackets.ack(MqttMessageType.PUBCOMP, id), "PUBCOMP " + id);
            }
            case PINGRESP -> keepAlive.answered();
            default -> {
                trace("received " + type + ", which a broker does not send");
                client.closeAndEnd(MqttClient.End.PEER_RESET);
            }
        }
    }

    /** The session is over: no QoS 2 message waits for its PUBREL any more. */
    void clear() {
        releasing.clear();
    }

    private boolean answered(Request request, int id, MqttMessageType answer) {
        trace("received " + answer.name() + " " + id);
        return inFlight.answered(request, id);
    }

    private void publish(MqttPublishMessage p) {
        MqttClient.Message message = MqttPackets.message(p);
        int id = message.packetId();
        trace("received "
                + MqttPackets.describe(id, message.qos(), message.retain(), message.topic(), message.payload().length));
        switch (message.qos()) {
            case 0 -> client.deliver(message);
            case 1 -> {
                client.deliver(message);
                client.send(MqttPackets.ack(MqttMessageType.PUBACK, id), "PUBACK " + id);
            }
            default -> {
                // QoS 2 delivered once on PUBLISH; a resent one (the same ID before PUBREL) only acknowledged
                if (releasing.add(id)) {
                    client.deliver(message);
                }
                client.send(MqttPackets.ack(MqttMessageType.PUBREC, id), "PUBREC " + id);
            }
        }
    }

    private void trace(String what) {
        client.network.observer().mqtt(client, what);
    }
}
