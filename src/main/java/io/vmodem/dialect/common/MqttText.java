package io.vmodem.dialect.common;

import java.nio.charset.StandardCharsets;

/**
 * MQTT's strings on the AT port: the host types bytes (the engine holds them as ISO-8859-1
 * characters), MQTT carries UTF-8. A topic typed in UTF-8 reaches the broker as the same bytes, and a
 * topic from the broker reaches the host as its UTF-8 bytes.
 */
public final class MqttText {
    private MqttText() {}

    /** A topic or client ID as typed, as MQTT carries it. */
    public static String fromAt(String typed) {
        return new String(typed.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A topic from the broker, as the bytes the host reads. */
    public static String toAt(String topic) {
        return new String(topic.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a string as typed. */
    public static byte[] bytes(String typed) {
        return typed.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes as a line's characters, one each. */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The length in bytes of a string as typed (a topic's length on the AT port). */
    public static int length(String typed) {
        return typed.length();
    }
}
