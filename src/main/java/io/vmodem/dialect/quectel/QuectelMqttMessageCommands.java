package io.vmodem.dialect.quectel;

import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a connected Quectel MQTT client sends and takes: AT+QMTSUB, AT+QMTUNS and AT+QMTPUB (each
 * with its message ID, refused while a request waits on it) and AT+QMTRECV (messages the module
 * buffered). Together because they share the checks on topics and on a connected client.
 */
final class QuectelMqttMessageCommands {
    private QuectelMqttMessageCommands() {}

    // ---- subscriptions ----

    /** AT+QMTSUB=<idx>,<msgID>,"<topic1>",<qos1>[,...]: OK, then {@code +QMTSUB: <idx>,<msgID>,<result>,...}. */
    static Reply sub(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        call.atLeast(4).atMost(2 + 2 * rules.maxTopics());
        if (call.argCount() % 2 != 0) {
            return Reply.error().because("each topic needs its QoS");
        }
        int index = call.intArg(0, 0, rules.clients() - 1);
        int msgId = call.intArg(1, 1, 65535);
        List<String> topics = new ArrayList<>();
        List<Integer> qos = new ArrayList<>();
        for (int i = 2; i < call.argCount(); i += 2) {
            String topic = call.stringArg(i);
            if (!fits(rules, topic)) {
                return topicRefused(rules);
            }
            topics.add(MqttText.fromAt(topic));
            qos.add(call.intArg(i + 1, 0, 2));
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return notConnected(index, msgId);
        }
        m.transmit();
        c.net.subscribe(msgId, topics, qos);
        return Reply.ok();
    }

    /** AT+QMTUNS=<idx>,<msgID>,"<topic1>"[,...]: OK, then {@code +QMTUNS: <idx>,<msgID>,<result>}. */
    static Reply uns(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        call.atLeast(3).atMost(2 + rules.maxTopics());
        int index = call.intArg(0, 0, rules.clients() - 1);
        int msgId = call.intArg(1, 1, 65535);
        List<String> topics = new ArrayList<>();
        for (int i = 2; i < call.argCount(); i++) {
            String topic = call.stringArg(i);
            if (!fits(rules, topic)) {
                return topicRefused(rules);
            }
            topics.add(MqttText.fromAt(topic));
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return notConnected(index, msgId);
        }
        m.transmit();
        c.net.unsubscribe(msgId, topics);
        return Reply.ok();
    }

    /** Whether the module takes {@code topic} as typed: 1 to its longest topic. */
    private static boolean fits(QuectelMqttRules rules, String topic) {
        return !topic.isEmpty() && topic.length() <= rules.maxTopicLength();
    }

    private static Reply topicRefused(QuectelMqttRules rules) {
        return Reply.error().because("a topic has 1.." + rules.maxTopicLength() + " bytes");
    }

    /** The refusal when {@link #connected} finds no client to send with. */
    private static Reply notConnected(int index, int msgId) {
        return Reply.error().because("client " + index + " is not connected, or message " + msgId + " is in use");
    }

    /** The connected client on {@code index} with no request waiting on {@code msgId}, or null. */
    private static QuectelMqtt.Client connected(QuectelMqtt m, int index, int msgId) {
        QuectelMqtt.Client c = m.client(index);
        if (c == null || c.state() != MqttClient.State.CONNECTED || msgId != 0 && c.net.waiting(msgId)) {
            return null;
        }
        return c;
    }

    // ---- publishing ----

    /**
     * AT+QMTPUB=<idx>,<msgID>,<qos>,<retain>,"<topic>"[,<length>[,"<msg>"]]: the message in the line
     * or after the prompt, per the module's rules; OK, then {@code +QMTPUB: <idx>,<msgID>,<result>}.
     */
    static Reply pub(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        // With the length, the rest of the line is the message, however many commas it holds.
        String inline = rules.lengthPublish() ? afterParameters(call.raw(), 6) : null;
        if (inline != null && inline.isBlank()) {
            inline = null;
        }
        call.atLeast(rules.lengthPublish() ? 6 : 5);
        if (inline == null) {
            call.atMost(6);
        }
        int index = call.intArg(0, 0, rules.clients() - 1);
        int msgId = call.intArg(1, 0, 65535);
        int qos = call.intArg(2, 0, 2);
        boolean retain = call.intArg(3, 0, 1) == 1;
        String topic = call.stringArg(4);
        if (!fits(rules, topic)) {
            return topicRefused(rules);
        }
        if ((qos == 0) != (msgId == 0)) {
            return Reply.error().because("<msgID> is 0 exactly when <qos> is 0");
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return notConnected(index, msgId);
        }
        String mqttTopic = MqttText.fromAt(topic);
        boolean hex = c.config.sendHex;
        Function<byte[], Reply> publish = typed -> {
            byte[] payload = hex ? Hex.decode(new String(typed, StandardCharsets.ISO_8859_1)) : typed;
            if (payload == null) {
                return Reply.error().because("the message is not hex digits");
            }
            QuectelMqtt.Client now = connected(m, index, msgId);
            if (now != c) {
                return Reply.error().because("client " + index + " is no longer connected");
            }
            m.transmit();
            c.net.publish(msgId, qos, retain, mqttTopic, payload);
            return Reply.ok();
        };
        int perByte = hex ? 2 : 1;
        if (rules.lengthPublish()) {
            int length = call.intArg(5, 0, rules.maxPayload());
            if (inline != null) {
                byte[] message = inlineMessage(inline, length * perByte);
                if (message == null) {
                    return Reply.error()
                            .because("the message in the line does not have " + length + " bytes: " + inline);
                }
                return publish.apply(message);
            }
            if (length == 0) {
                return publish.apply(new byte[0]);
            }
            return Reply.prompt(DataEntry.fixed(length * perByte, publish)
                    .prompt(rules.prompt())
                    .echo(c.config.echo));
        }
        DataEntry entry = call.has(5)
                ? DataEntry.fixed(call.intArg(5, 1, rules.maxPayload()), publish)
                : DataEntry.untilCtrlZ(rules.maxPayload(), publish);
        return Reply.prompt(entry.prompt(rules.prompt()));
    }

    /**
     * What follows the {@code count}th comma outside quotes of {@code raw}, or null when there is
     * none. The parameters before it are numbers and a quoted topic.
     */
    static String afterParameters(String raw, int count) {
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted && --count == 0) {
                return raw.substring(i + 1);
            }
        }
        return null;
    }

    /**
     * The message typed in the line: quoted (quotes and commas inside are the message's, as in the
     * notes' JSON example) or as typed; {@code chars} long, else null.
     */
    static byte[] inlineMessage(String typed, int chars) {
        String t = typed.strip();
        if (t.length() == chars + 2 && t.charAt(0) == '"' && t.charAt(chars + 1) == '"') {
            return MqttText.bytes(t.substring(1, chars + 1));
        }
        return t.length() == chars ? MqttText.bytes(t) : null;
    }

    // ---- buffered messages ----

    /** {@code +QMTRECV: <idx>,<s0>,...,<s4>}: which slots hold a message, per open client. */
    static Reply recvRead(QuectelMqtt m) {
        List<String> lines = new ArrayList<>();
        for (QuectelMqtt.Client c : m.open()) {
            if (c.state() == MqttClient.State.CONNECTED) {
                StringBuilder sb = new StringBuilder("+QMTRECV: " + c.index);
                for (MqttClient.Message slot : c.slots) {
                    sb.append(',').append(slot == null ? 0 : 1);
                }
                lines.add(sb.toString());
            }
        }
        return Reply.ok(lines);
    }

    /** AT+QMTRECV=<idx>[,<recv_id>]: the messages in the slot, or in every slot; each read frees it. */
    static Reply recv(QuectelMqtt m, CommandCall call) {
        call.atMost(2);
        int index = call.intArg(0, 0, m.rules().clients() - 1);
        QuectelMqtt.Client c = m.client(index);
        if (c == null) {
            return Reply.error().because("client " + index + " is not open");
        }
        List<String> lines = new ArrayList<>();
        int from = call.has(1) ? call.intArg(1, 0, QuectelMqtt.RECV_SLOTS - 1) : 0;
        int to = call.has(1) ? from : QuectelMqtt.RECV_SLOTS - 1;
        for (int slot = from; slot <= to; slot++) {
            MqttClient.Message message = c.slots[slot];
            if (message != null) {
                c.slots[slot] = null;
                lines.add("+QMTRECV: " + index + "," + c.message(message));
            }
        }
        m.refill(c);
        return Reply.ok(lines);
    }
}
