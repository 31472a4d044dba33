package io.vmodem.dialect.quectel;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The MQTT commands Quectel modules share (AT+QMTCFG, AT+QMTOPEN, AT+QMTCLOSE, AT+QMTCONN,
 * AT+QMTDISC, AT+QMTSUB, AT+QMTUNS, AT+QMTPUB, AT+QMTRECV), written once; what differs between the
 * modules comes in as {@link QuectelMqttRules}, and each dialect gives the sections of its note. A
 * command that cannot be carried out answers ERROR at once, with the reason for the trace; what the
 * network makes of an accepted one comes later in the URCs {@link QuectelMqtt} words.
 */
public final class QuectelMqttCommands {
    private QuectelMqttCommands() {}

    /** A session that runs Quectel MQTT clients. */
    public interface Host {
        QuectelMqtt mqtt();

        /** Whether a client may open now (the BC260Y-CN: once attached). */
        default boolean mqttReady() {
            return true;
        }
    }

    /** Every command, each with its note's section from {@code sections} (by name, {@code +QMTCFG}). */
    public static <S extends ModemSession & Host> List<AtCommand<S>> commands(
            QuectelMqttRules rules, Map<String, String> sections) {
        String ids = "(0-" + (rules.clients() - 1) + ")";
        Function<String, AtCommand.Builder<S>> named = name -> AtCommand.<S>named(name)
                .section(sections.getOrDefault(name, ""))
                .onInvalid((s, call) -> Reply.error());
        List<AtCommand.Builder<S>> list = new ArrayList<>();
        list.add(named.apply("+QMTCFG")
                .summary(
                        "Configure an MQTT client: version, context, SSL, keep-alive, session, timeouts, will, receive mode")
                .test(cfgTest(rules, ids))
                .set((s, call) -> cfg(s.mqtt(), call)));
        list.add(named.apply("+QMTOPEN")
                .summary("Open the network connection of an MQTT client; the outcome comes as +QMTOPEN: <idx>,<result>")
                .test("+QMTOPEN: " + ids + ",\"<host_name>\",(0-65535)")
                .read((s, call) -> openRead(s.mqtt()))
                .set((s, call) -> s.mqttReady()
                        ? open(s.mqtt(), call)
                        : Reply.error().because("not attached yet (no +IP: reported)")));
        list.add(named.apply("+QMTCLOSE")
                .summary("Close the network connection of an MQTT client; +QMTCLOSE: <idx>,<result> follows")
                .test("+QMTCLOSE: " + ids)
                .set((s, call) -> close(s.mqtt(), call, false)));
        list.add(named.apply("+QMTCONN")
                .summary("Connect a client to its MQTT broker (CONNECT); +QMTCONN: <idx>,<result>,<ret_code> follows")
                .test("+QMTCONN: " + ids + ",\"<clientID>\",\"<username>\",\"<password>\"")
                .read((s, call) -> connRead(s.mqtt()))
                .set((s, call) -> conn(s.mqtt(), call)));
        list.add(named.apply("+QMTDISC")
                .summary("Disconnect a client from its broker (DISCONNECT) and close its connection")
                .test("+QMTDISC: " + ids)
                .set((s, call) -> close(s.mqtt(), call, true)));
        list.add(named.apply("+QMTSUB")
                .summary("Subscribe to topics; +QMTSUB: <idx>,<msgID>,<result>,<granted QoS> follows")
                .test("+QMTSUB: " + ids + ",(1-65535),\"<topic>\",(0-2)")
                .set((s, call) -> sub(s.mqtt(), call)));
        list.add(named.apply("+QMTUNS")
                .summary("Unsubscribe from topics; +QMTUNS: <idx>,<msgID>,<result> follows")
                .test("+QMTUNS: " + ids + ",(1-65535),\"<topic>\"")
                .set((s, call) -> uns(s.mqtt(), call)));
        list.add(named.apply("+QMTPUB")
                .summary(
                        rules.lengthPublish()
                                ? "Publish a message given in the line or after a > prompt; +QMTPUB: <idx>,<msgID>,<result> follows"
                                : "Publish a message after a > prompt (Ctrl+Z, or a fixed length); +QMTPUB: <idx>,<msgID>,<result> follows")
                .test(
                        rules.lengthPublish()
                                ? "+QMTPUB: " + ids + ",(0-65535),(0-2),(0,1),\"<topic>\",(0-" + rules.maxPayload()
                                        + "),\"<msg>\""
                                : "+QMTPUB: " + ids + ",(0-65535),(0-2),(0,1),\"<topic>\",(1-" + rules.maxPayload()
                                        + ")")
                .set((s, call) -> pub(s.mqtt(), call)));
        if (rules.recvMode()) {
            list.add(named.apply("+QMTRECV")
                    .summary("Read MQTT messages the module buffered (AT+QMTCFG=\"recv/mode\",<idx>,1)")
                    .test("+QMTRECV: " + ids + ",(0-" + (QuectelMqtt.RECV_SLOTS - 1) + ")")
                    .read((s, call) -> recvRead(s.mqtt()))
                    .set((s, call) -> recv(s.mqtt(), call)));
        }
        return list.stream().map(AtCommand.Builder::build).toList();
    }

    private static String[] cfgTest(QuectelMqttRules rules, String ids) {
        List<String> lines = new ArrayList<>();
        String v = "(" + rules.version31() + "," + rules.version311() + ")";
        lines.add("+QMTCFG: \"version\"," + ids + "," + v);
        if (rules.pdpcid()) {
            lines.add("+QMTCFG: \"pdpcid\"," + ids + ",(1-16)");
            lines.add("+QMTCFG: \"ssl\"," + ids + ",(0,1),(0-5)");
        }
        lines.add("+QMTCFG: \"keepalive\"," + ids + ",(0-3600)");
        lines.add("+QMTCFG: \"session\"," + ids + ",(0,1)");
        lines.add("+QMTCFG: \"timeout\"," + ids + ",(1-60),(0-10),(0,1)");
        lines.add("+QMTCFG: \"will\"," + ids + ",(0,1),(0-2),(0,1),\"<will_topic>\",\"<will_msg>\"");
        if (rules.recvMode()) {
            lines.add("+QMTCFG: \"recv/mode\"," + ids + ",(0,1),(0,1)");
        }
        if (rules.formats()) {
            lines.add("+QMTCFG: \"showrecvlen\"," + ids + ",(0,1)");
            lines.add("+QMTCFG: \"echomode\"," + ids + ",(0,1)");
            lines.add("+QMTCFG: \"dataformat\"," + ids + ",(0,1),(0,1)");
        }
        return lines.toArray(String[]::new);
    }

    // ---- AT+QMTCFG ----

    private static Reply cfg(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        String item = call.stringArg(0).toLowerCase(Locale.ROOT);
        int index = call.intArg(1, 0, rules.clients() - 1);
        QuectelMqtt.Config c = m.config(index);
        boolean read = !call.has(2);
        switch (item) {
            case "version" -> {
                if (read) {
                    return cfgRead(rules, item, rules.vsn(c.version));
                }
                int level = rules.level(call.atMost(3).intArg(2, 0, 4));
                if (level < 0) {
                    return Reply.error()
                            .because("no MQTT version " + call.arg(2).text());
                }
                c.version = level;
            }
            case "pdpcid" -> {
                if (!rules.pdpcid()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.context);
                }
                c.context = call.atMost(3).intArg(2, 1, 16);
            }
            case "ssl" -> {
                if (!rules.pdpcid()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.ssl ? 1 : 0, c.sslContext);
                }
                call.atMost(4);
                boolean on = call.intArg(2, 0, 1) == 1;
                int ctx = call.intArg(3, 0, 5, c.sslContext);
                c.ssl = on;
                c.sslContext = ctx;
            }
            case "keepalive" -> {
                if (read) {
                    return cfgRead(rules, item, c.keepAlive);
                }
                c.keepAlive = call.atMost(3).intArg(2, 0, 3600);
            }
            case "session" -> {
                if (read) {
                    return cfgRead(rules, item, c.cleanSession ? 1 : 0);
                }
                c.cleanSession = call.atMost(3).intArg(2, 0, 1) == 1;
            }
            case "timeout" -> {
                if (read) {
                    return cfgRead(rules, item, c.packetTimeout, c.retries, c.notice ? 1 : 0);
                }
                call.atMost(5);
                c.packetTimeout = call.intArg(2, 1, 60);
                c.retries = call.intArg(3, 0, 10, c.retries);
                c.notice = call.intArg(4, 0, 1, c.notice ? 1 : 0) == 1;
                QuectelMqtt.Client open = m.client(index);
                if (open != null && open.net != null) {
                    open.net.timing(c.timing(rules));
                }
            }
            case "will" -> {
                if (read) {
                    return c.will
                            ? cfgReadText(
                                    rules,
                                    item,
                                    "1," + c.willQos + "," + (c.willRetain ? 1 : 0) + ",\"" + c.willTopic + "\",\""
                                            + c.willMessage + "\"")
                            : cfgRead(rules, item, 0);
                }
                call.atMost(7);
                boolean on = call.intArg(2, 0, 1) == 1;
                if (!on) {
                    c.will = false;
                    return Reply.ok();
                }
                int qos = call.intArg(3, 0, 2);
                boolean retain = call.intArg(4, 0, 1) == 1;
                String topic = call.stringArg(5);
                String message = call.stringArg(6);
                if (topic.isEmpty() || topic.length() > rules.maxTopicLength() || message.length() > 256) {
                    return Reply.error()
                            .because("a will needs a topic of 1.." + rules.maxTopicLength()
                                    + " bytes and a message of at most 256");
                }
                c.will = true;
                c.willQos = qos;
                c.willRetain = retain;
                c.willTopic = topic;
                c.willMessage = message;
            }
            case "recv/mode" -> {
                if (!rules.recvMode()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.recvMode, c.recvLength ? 1 : 0);
                }
                call.atMost(4);
                c.recvMode = call.intArg(2, 0, 1);
                c.recvLength = call.intArg(3, 0, 1, c.recvLength ? 1 : 0) == 1;
            }
            case "showrecvlen" -> {
                if (!rules.formats()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.recvLength ? 1 : 0);
                }
                c.recvLength = call.atMost(3).intArg(2, 0, 1) == 1;
            }
            case "echomode" -> {
                if (!rules.formats()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.echo ? 1 : 0);
                }
                c.echo = call.atMost(3).intArg(2, 0, 1) == 1;
            }
            case "dataformat" -> {
                if (!rules.formats()) {
                    return unknown(item);
                }
                if (read) {
                    return cfgRead(rules, item, c.sendHex ? 1 : 0, c.recvHex ? 1 : 0);
                }
                call.atMost(4);
                c.sendHex = call.intArg(2, 0, 1) == 1;
                c.recvHex = call.intArg(3, 0, 1) == 1;
            }
            default -> {
                return unknown(item);
            }
        }
        return Reply.ok();
    }

    private static Reply unknown(String item) {
        return Reply.error().because("AT+QMTCFG has no item \"" + item + "\" here");
    }

    private static Reply cfgRead(QuectelMqttRules rules, String item, int... values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(v);
        }
        return cfgReadText(rules, item, sb.toString());
    }

    private static Reply cfgReadText(QuectelMqttRules rules, String item, String values) {
        return Reply.ok("+QMTCFG: " + (rules.namedReads() ? "\"" + item + "\"," : "") + values);
    }

    // ---- the connection ----

    private static Reply open(QuectelMqtt m, CommandCall call) {
        call.atLeast(3).atMost(3);
        int index = call.intArg(0, 0, m.rules().clients() - 1);
        String host = call.stringArg(1);
        int port = call.intArg(2, 0, 65535);
        if (host.isEmpty() || host.length() > 100) {
            return Reply.error().because("the host name must have 1..100 bytes");
        }
        if (m.client(index) != null) {
            // +QMTOPEN result 2: the client index is in use
            m.answer("+QMTOPEN: " + index + ",2");
            return Reply.ok();
        }
        m.open(index, host, port);
        return Reply.ok();
    }

    private static Reply openRead(QuectelMqtt m) {
        List<String> lines = new ArrayList<>();
        for (QuectelMqtt.Client c : m.open()) {
            if (c.state() != MqttClient.State.OPENING) {
                lines.add("+QMTOPEN: " + c.index + ",\"" + c.host + "\"," + c.port);
            }
        }
        return Reply.ok(lines);
    }

    /** AT+QMTCLOSE and AT+QMTDISC: OK, then their URC with result 0. */
    private static Reply close(QuectelMqtt m, CommandCall call, boolean disconnect) {
        int index = call.atMost(1).intArg(0, 0, m.rules().clients() - 1);
        QuectelMqtt.Client c = m.client(index);
        if (c == null) {
            return Reply.error().because("client " + index + " is not open");
        }
        m.close(c, disconnect || m.rules().closeDisconnects());
        m.answer((disconnect ? "+QMTDISC: " : "+QMTCLOSE: ") + index + ",0");
        return Reply.ok();
    }

    private static Reply conn(QuectelMqtt m, CommandCall call) {
        call.atLeast(2).atMost(4);
        int index = call.intArg(0, 0, m.rules().clients() - 1);
        String clientId = call.stringArg(1);
        String user = call.has(2) ? call.stringArg(2) : null;
        String password = call.has(3) ? call.stringArg(3) : null;
        QuectelMqtt.Client c = m.client(index);
        if (c == null || c.state() != MqttClient.State.OPEN) {
            return Reply.error()
                    .because("client " + index + " is "
                            + (c == null ? "not open" : c.state().name().toLowerCase(Locale.ROOT)));
        }
        if (clientId.isEmpty() || clientId.length() > 256 || user == null && password != null) {
            return Reply.error().because("a client ID of 1..256 bytes, and a password only with a user name");
        }
        QuectelMqtt.Config cfg = c.config;
        MqttClient.Will will = cfg.will
                ? new MqttClient.Will(
                        cfg.willQos, cfg.willRetain, MqttText.fromAt(cfg.willTopic), MqttText.bytes(cfg.willMessage))
                : null;
        m.transmit();
        c.net.connect(new MqttClient.Connect(
                cfg.version,
                MqttText.fromAt(clientId),
                user == null ? null : MqttText.fromAt(user),
                password == null ? null : MqttText.bytes(password),
                cfg.keepAlive,
                cfg.cleanSession,
                will));
        return Reply.ok();
    }

    /** {@code +QMTCONN: <idx>,<state>}: 1 initializing (open), 2 connecting, 3 connected. */
    private static Reply connRead(QuectelMqtt m) {
        List<String> lines = new ArrayList<>();
        for (QuectelMqtt.Client c : m.open()) {
            int state =
                    switch (c.state()) {
                        case OPEN -> 1;
                        case CONNECTING -> 2;
                        case CONNECTED -> 3;
                        default -> 0;
                    };
            if (state > 0) {
                lines.add("+QMTCONN: " + c.index + "," + state);
            }
        }
        return Reply.ok(lines);
    }

    // ---- subscriptions ----

    private static Reply sub(QuectelMqtt m, CommandCall call) {
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
            if (topic.isEmpty() || topic.length() > rules.maxTopicLength()) {
                return Reply.error().because("a topic has 1.." + rules.maxTopicLength() + " bytes");
            }
            topics.add(MqttText.fromAt(topic));
            qos.add(call.intArg(i + 1, 0, 2));
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return Reply.error().because("client " + index + " is not connected, or message " + msgId + " is in use");
        }
        m.transmit();
        c.net.subscribe(msgId, topics, qos);
        return Reply.ok();
    }

    private static Reply uns(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        call.atLeast(3).atMost(2 + rules.maxTopics());
        int index = call.intArg(0, 0, rules.clients() - 1);
        int msgId = call.intArg(1, 1, 65535);
        List<String> topics = new ArrayList<>();
        for (int i = 2; i < call.argCount(); i++) {
            String topic = call.stringArg(i);
            if (topic.isEmpty() || topic.length() > rules.maxTopicLength()) {
                return Reply.error().because("a topic has 1.." + rules.maxTopicLength() + " bytes");
            }
            topics.add(MqttText.fromAt(topic));
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return Reply.error().because("client " + index + " is not connected, or message " + msgId + " is in use");
        }
        m.transmit();
        c.net.unsubscribe(msgId, topics);
        return Reply.ok();
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

    private static Reply pub(QuectelMqtt m, CommandCall call) {
        QuectelMqttRules rules = m.rules();
        call.atLeast(rules.lengthPublish() ? 6 : 5).atMost(rules.lengthPublish() ? 7 : 6);
        int index = call.intArg(0, 0, rules.clients() - 1);
        int msgId = call.intArg(1, 0, 65535);
        int qos = call.intArg(2, 0, 2);
        boolean retain = call.intArg(3, 0, 1) == 1;
        String topic = call.stringArg(4);
        if (topic.isEmpty() || topic.length() > rules.maxTopicLength()) {
            return Reply.error().because("a topic has 1.." + rules.maxTopicLength() + " bytes");
        }
        if ((qos == 0) != (msgId == 0)) {
            return Reply.error().because("<msgID> is 0 exactly when <qos> is 0");
        }
        QuectelMqtt.Client c = connected(m, index, msgId);
        if (c == null) {
            return Reply.error().because("client " + index + " is not connected, or message " + msgId + " is in use");
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
            if (call.has(6)) {
                byte[] inline = MqttText.bytes(call.stringArg(6));
                if (inline.length != length * perByte) {
                    return Reply.error().because("the message has " + inline.length + " bytes, not " + length);
                }
                return publish.apply(inline);
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

    // ---- buffered messages ----

    /** {@code +QMTRECV: <idx>,<s0>,...,<s4>}: which slots hold a message, per open client. */
    private static Reply recvRead(QuectelMqtt m) {
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
    private static Reply recv(QuectelMqtt m, CommandCall call) {
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
