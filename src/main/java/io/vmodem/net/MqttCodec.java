package io.vmodem.net;

import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;

/** MQTT 3.1.1 framing by Netty's codec, on the bytes of one {@link TcpConnection}: whole packets in and out. */
final class MqttCodec extends EmbeddedCodec<MqttMessage, MqttMessage> {
    MqttCodec(int maxMessageBytes) {
        super(MqttMessage.class, new MqttDecoder(maxMessageBytes), MqttEncoder.INSTANCE);
    }
}
