package io.vmodem.dialect.quectel;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The MQTT commands Quectel modules share (AT+QMTCFG, AT+QMTOPEN, AT+QMTCLOSE, AT+QMTCONN,
 * AT+QMTDISC, AT+QMTSUB, AT+QMTUNS, AT+QMTPUB, AT+QMTRECV), written once; what differs between the
 * modules comes in as {@link QuectelMqttRules}, and each dialect gives the sections of its note. A
 * command that cannot be carried out answers ERROR at once, with the reason for the trace; what the
 * network makes of an accepted one comes later in the URCs {@link QuectelMqtt} words.
 *
 * <p>This class is the table; the commands are in {@link QuectelMqttConfigCommand} (AT+QMTCFG),
 * {@link QuectelMqttSessionCommands} (open, close, connect, disconnect) and {@link
 * QuectelMqttMessageCommands} (subscribe, unsubscribe, publish, read buffered messages).
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
                .test(QuectelMqttConfigCommand.test(rules, ids))
                .set((s, call) -> QuectelMqttConfigCommand.set(s.mqtt(), call)));
        list.add(named.apply("+QMTOPEN")
                .summary("Open the network connection of an MQTT client; the outcome comes as +QMTOPEN: <idx>,<result>")
                .test("+QMTOPEN: " + ids + ",\"<host_name>\",(0-65535)")
                .read((s, call) -> QuectelMqttSessionCommands.openRead(s.mqtt()))
                .set((s, call) -> s.mqttReady()
                        ? QuectelMqttSessionCommands.open(s.mqtt(), call)
                        : Reply.error().because("not attached yet (no +IP: reported)")));
        list.add(named.apply("+QMTCLOSE")
                .summary("Close the network connection of an MQTT client; +QMTCLOSE: <idx>,<result> follows")
                .test("+QMTCLOSE: " + ids)
                .set((s, call) -> QuectelMqttSessionCommands.close(s.mqtt(), call, false)));
        list.add(named.apply("+QMTCONN")
                .summary("Connect a client to its MQTT broker (CONNECT); +QMTCONN: <idx>,<result>,<ret_code> follows")
                .test("+QMTCONN: " + ids + ",\"<clientID>\",\"<username>\",\"<password>\"")
                .read((s, call) -> QuectelMqttSessionCommands.connRead(s.mqtt()))
                .set((s, call) -> QuectelMqttSessionCommands.conn(s.mqtt(), call)));
        list.add(named.apply("+QMTDISC")
                .summary("Disconnect a client from its broker (DISCONNECT) and close its connection")
                .test("+QMTDISC: " + ids)
                .set((s, call) -> QuectelMqttSessionCommands.close(s.mqtt(), call, true)));
        list.add(named.apply("+QMTSUB")
                .summary("Subscribe to topics; +QMTSUB: <idx>,<msgID>,<result>,<granted QoS> follows")
                .test("+QMTSUB: " + ids + ",(1-65535),\"<topic>\",(0-2)")
                .set((s, call) -> QuectelMqttMessageCommands.sub(s.mqtt(), call)));
        list.add(named.apply("+QMTUNS")
                .summary("Unsubscribe from topics; +QMTUNS: <idx>,<msgID>,<result> follows")
                .test("+QMTUNS: " + ids + ",(1-65535),\"<topic>\"")
                .set((s, call) -> QuectelMqttMessageCommands.uns(s.mqtt(), call)));
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
                .set((s, call) -> QuectelMqttMessageCommands.pub(s.mqtt(), call)));
        if (rules.lengthPublish()) {
            // The message in the line may hold quotes and commas (a JSON object): its length decides.
            list.get(list.size() - 1).restOfLine();
        }
        if (rules.recvMode()) {
            list.add(named.apply("+QMTRECV")
                    .summary("Read MQTT messages the module buffered (AT+QMTCFG=\"recv/mode\",<idx>,1)")
                    .test("+QMTRECV: " + ids + ",(0-" + (QuectelMqtt.RECV_SLOTS - 1) + ")")
                    .read((s, call) -> QuectelMqttMessageCommands.recvRead(s.mqtt()))
                    .set((s, call) -> QuectelMqttMessageCommands.recv(s.mqtt(), call)));
        }
        return list.stream().map(AtCommand.Builder::build).toList();
    }
}
