package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 3.1.1 framing by Netty's codec, on the bytes of one {@link TcpConnection}: the connection
 * keeps its own pipeline (its counters, its back-pressure, whatever layer a fault or TLS puts on it),
 * and the codec runs beside it in an {@link EmbeddedChannel}, on the modem's thread, as Netty's own
 * content decoders run theirs. What is decoded is the caller's to release.
 */
final class MqttCodec {
    private final EmbeddedChannel channel;

    MqttCodec(int maxMessageBytes) {
        channel = new EmbeddedChannel(new MqttDecoder(maxMessageBytes), MqttEncoder.INSTANCE);
    }

    /** Takes {@code bytes} (released here) and returns the whole packets they complete. */
    List<MqttMessage> decode(ByteBuf bytes) {
        channel.writeInbound(bytes);
        List<MqttMessage> out = new ArrayList<>(2);
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add((MqttMessage) m);
        }
        return out;
    }

    /** The packet's bytes on the wire; the message is released. */
    byte[] encode(MqttMessage message) {
        channel.writeOutbound(message);
        ByteBuf joined = null;
        for (Object b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) b;
            if (joined == null) {
                joined = buf;
            } else {
                ByteBuf next = channel.alloc().buffer(joined.readableBytes() + buf.readableBytes());
                next.writeBytes(joined).writeBytes(buf);
                joined.release();
                buf.release();
                joined = next;
            }
        }
        if (joined == null) {
            return new byte[0];
        }
        try {
            byte[] wire = new byte[joined.readableBytes()];
            joined.readBytes(wire);
            return wire;
        } finally {
            joined.release();
        }
    }

    /** Drops whatever is half decoded or not yet taken. */
    void close() {
        channel.finishAndReleaseAll();
    }
}
