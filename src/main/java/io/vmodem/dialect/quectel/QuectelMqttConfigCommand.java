package io.vmodem.dialect.quectel;

import io.vmodem.at.CommandCall;
import io.vmodem.at.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AT+QMTCFG, the settings a Quectel MQTT client keeps between sessions (version, context, SSL,
 * keep-alive, session, timeouts, will, receive mode and formats), for each client index, read and
 * set item by item; which items a module has comes from its {@link QuectelMqttRules}. Apart from the
 * other MQTT commands because it touches no connection (the timeouts aside, which an open client
 * takes at once).
 */
final class QuectelMqttConfigCommand {
    private QuectelMqttConfigCommand() {}

    /** The test command's lines: the items this module has, with their ranges. */
    static String[] test(QuectelMqttRules rules, String ids) {
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
        if (rules.sslConnect()) {
            lines.add("+QMTCFG: \"ssl\"," + ids + ",(0,1),(0-10),(0-4)");
        }
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

    /** AT+QMTCFG="<item>",<idx>[,<values>...]: sets the item, or without values reads it. */
    static Reply set(QuectelMqtt m, CommandCall call) {
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
                if (rules.sslConnect()) {
                    return sslWithConnect(rules, c, call);
                }
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

    /**
     * BC660K-GL MQTT note 3.3.1: AT+QMTCFG="ssl",<idx>[,<SSL_enable>[,<SSL_contextID>,<SSL_connectID>]],
     * read as {@code +QMTCFG: <SSL_enable>[,<SSL_contextID>,<SSL_connectID>]} (the IDs when it is
     * on). The IDs range 0-10 and 0-4, but only 0 works, as for AT+QSSLOPEN.
     */
    private static Reply sslWithConnect(QuectelMqttRules rules, QuectelMqtt.Config c, CommandCall call) {
        if (!call.has(2)) {
            return c.ssl ? cfgRead(rules, "ssl", 1, c.sslContext, 0) : cfgRead(rules, "ssl", 0);
        }
        call.atMost(5);
        boolean on = call.intArg(2, 0, 1) == 1;
        if (call.has(3) != call.has(4)) {
            return Reply.error().because("<SSL_contextID> and <SSL_connectID> come together");
        }
        if (call.intArg(3, 0, 10, 0) != 0 || call.intArg(4, 0, 4, 0) != 0) {
            return Reply.error().because("only SSL context 0, connection 0 is supported");
        }
        c.ssl = on;
        c.sslContext = 0;
        return Reply.ok();
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
}
