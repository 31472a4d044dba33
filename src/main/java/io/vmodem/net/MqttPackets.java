package io.vmodem.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;

/**
 * The packets an {@link MqttClient} sends, built with Netty's MQTT messages, and the fields it reads
 * from those it receives. Apart from the client so that its flows read as flows, not as header bits.
 */
final class MqttPackets {
    private MqttPackets() {}

    /** CONNECT with what the host gave: version, client ID, credentials, keep-alive, session, will. */
    static MqttMessage connect(MqttClient.Connect request) {
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
        MqttClient.Will will = request.will();
        if (will != null) {
            b.willFlag(true)
                    .willQoS(MqttQoS.valueOf(will.qos()))
                    .willRetain(will.retain())
                    .willTopic(will.topic())
                    .willMessage(will.message());
        }
        return b.build();
    }

    static MqttMessage subscribe(int packetId, List<String> topics, List<Integer> qos) {
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (int i = 0; i < topics.size(); i++) {
            b.addSubscription(MqttQoS.valueOf(qos.get(i)), topics.get(i));
        }
        return b.build();
    }

    static MqttMessage unsubscribe(int packetId, List<String> topics) {
        MqttMessageBuilders.UnsubscribeBuilder b =
                MqttMessageBuilders.unsubscribe().messageId(packetId);
        topics.forEach(b::addTopicFilter);
        return b.build();
    }

    /** PUBLISH; {@code packetId} 0 at QoS 0, which carries none. */
    static MqttPublishMessage publish(int packetId, int qos, boolean retain, String topic, byte[] payload) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, packetId),
                Unpooled.wrappedBuffer(payload));
    }

    static MqttMessage disconnect() {
        return MqttMessageBuilders.disconnect().build();
    }

    static MqttMessage pingreq() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP for {@code id} (PUBREL's header carries QoS 1, as MQTT asks). */
    static MqttMessage ack(MqttMessageType type, int id) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(id));
    }

    /** Marks an encoded PUBLISH as sent before (DUP), for the same packet again. */
    static void markDuplicate(byte[] publish) {
        publish[0] |= 0x08;
    }

    static int messageId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    /** A received PUBLISH as the host takes it. */
    static MqttClient.Message message(MqttPublishMessage p) {
        int qos = p.fixedHeader().qosLevel().value();
        return new MqttClient.Message(
                qos == 0 ? 0 : p.variableHeader().packetId(), // QoS 0 carries none
                qos,
                p.fixedHeader().isRetain(),
                p.fixedHeader().isDup(),
                p.variableHeader().topicName(),
                ByteBufUtil.getBytes(p.payload()));
    }

    /** A PUBLISH as the trace tells it, sent or received. */
    static String describe(int packetId, int qos, boolean retain, String topic, int bytes) {
        return "PUBLISH " + packetId + " qos " + qos + (retain ? " retained " : " ") + topic + ", " + bytes + " bytes";
    }
}
