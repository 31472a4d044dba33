package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SIM7600's MQTT commands (manual L1601–L1617): the service, the clients, the topic and payload
 * prompts, connect, subscribe, publish. A command refused at once answers {@code +CMQTT<NAME>:
 * <client_index>,<err>} then ERROR (a bad parameter: ERROR alone); one accepted answers OK, and what
 * the network makes of it comes as {@code +CMQTT<NAME>: <client_index>,<err>} later.
 */
final class MqttCommands {
    private MqttCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(
                start(),
                stop(),
                accq(),
                rel(),
                sslcfg(),
                willTopic(),
                willMsg(),
                disc(),
                connect(),
                topic(),
                payload(),
                pub(),
                subTopic(),
                sub(),
                unsubTopic(),
                unsub(),
                cfg());
    }

    private static AtCommand.Builder<Sim7600Session> named(String name, String section) {
        return AtCommand.<Sim7600Session>named(name).section(section).onInvalid((s, call) -> Reply.error());
    }

    /** {@code +CMQTT<NAME>: <client_index>,<err>} then ERROR. */
    private static Reply refuse(String name, int index, int err, String why) {
        return Reply.of(Final.ERROR, name + ": " + index + "," + err).because(why);
    }

    private static int index(CommandCall call) {
        return call.intArg(0, 0, Sim7600Mqtt.CLIENTS - 1);
    }

    /** L1601 AT+CMQTTSTART: OK, then {@code +CMQTTSTART: <err>} once the context is active. */
    private static AtCommand<Sim7600Session> start() {
        return named("+CMQTTSTART", "L1601")
                .summary("Start the MQTT service (activates its context); +CMQTTSTART: <err> follows")
                .exec((s, call) -> {
                    if (s.mqtt().started()) {
                        return Reply.of(Final.ERROR, "+CMQTTSTART: " + Sim7600Mqtt.NETWORK_OPENED)
                                .because("the MQTT service is started already");
                    }
                    s.mqtt().start();
                    return Reply.ok();
                })
                .build();
    }

    /** L1602 AT+CMQTTSTOP: OK, then {@code +CMQTTSTOP: 0}; every client must be released first. */
    private static AtCommand<Sim7600Session> stop() {
        return named("+CMQTTSTOP", "L1602")
                .summary("Stop the MQTT service; +CMQTTSTOP: <err> follows")
                .exec((s, call) -> {
                    if (!s.mqtt().started()) {
                        return Reply.error().because("the MQTT service is not started");
                    }
                    if (!s.mqtt().acquired().isEmpty()) {
                        return Reply.of(Final.ERROR, "+CMQTTSTOP: " + Sim7600Mqtt.CLIENT_NOT_RELEASED)
                                .because("a client is still acquired (AT+CMQTTREL)");
                    }
                    s.mqtt().stop();
                    s.mqtt().answer("+CMQTTSTOP: 0");
                    return Reply.ok();
                })
                .build();
    }

    /** L1603 AT+CMQTTACCQ=<client_index>,"<clientID>"[,<server_type>]: a client with its ID. */
    private static AtCommand<Sim7600Session> accq() {
        return named("+CMQTTACCQ", "L1603")
                .summary("Acquire an MQTT client with its client ID; server_type 0 TCP, 1 SSL/TLS")
                .test("+CMQTTACCQ: (0-1),(1-128),(0-1)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (Sim7600Mqtt.Client c : s.mqtt().acquired()) {
                        lines.add("+CMQTTACCQ: " + c.index + ",\"" + c.clientId + "\"," + (c.ssl ? 1 : 0));
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(2).atMost(3);
                    int index = index(call);
                    String clientId = call.stringArg(1);
                    int serverType = call.intArg(2, 0, 1, 0);
                    if (clientId.isEmpty() || clientId.length() > 128) {
                        return Reply.error().because("a client ID has 1..128 bytes");
                    }
                    if (!s.mqtt().started()) {
                        return refuse("+CMQTTACCQ", index, Sim7600Mqtt.NETWORK_NOT_OPENED, "AT+CMQTTSTART first");
                    }
                    if (s.mqtt().client(index) != null) {
                        return refuse("+CMQTTACCQ", index, Sim7600Mqtt.CLIENT_USED, "client " + index + " is acquired");
                    }
                    s.mqtt().acquire(index, MqttText.fromAt(clientId), serverType == 1);
                    return Reply.ok();
                })
                .build();
    }

    /** L1604 AT+CMQTTREL=<client_index>: releases a client that is not connected. */
    private static AtCommand<Sim7600Session> rel() {
        return named("+CMQTTREL", "L1604")
                .summary("Release an MQTT client")
                .test("+CMQTTREL: (0-1)")
                .set((s, call) -> {
                    int index = index(call.atMost(1));
                    Sim7600Mqtt.Client c = s.mqtt().client(index);
                    if (c == null) {
                        return refuse("+CMQTTREL", index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "not acquired");
                    }
                    if (c.net != null) {
                        return refuse("+CMQTTREL", index, Sim7600Mqtt.CLIENT_USED, "still connected (AT+CMQTTDISC)");
                    }
                    s.mqtt().release(c);
                    return Reply.ok();
                })
                .build();
    }

    /**
     * L1605 AT+CMQTTSSLCFG=<session_id>,<ssl_ctx_index>: the SSL context (AT+CSSLCFG) a session of
     * {@code <server_type>} 1 connects with; unset, session n uses context n.
     */
    private static AtCommand<Sim7600Session> sslcfg() {
        return named("+CMQTTSSLCFG", "L1605")
                .summary("Set the SSL context an MQTT session connects with over SSL/TLS")
                .test("+CMQTTSSLCFG: (0-1),(0-9)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < Sim7600Mqtt.CLIENTS; i++) {
                        lines.add("+CMQTTSSLCFG: " + i + "," + s.mqtt().sslContext(i));
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int index = index(call);
                    s.mqtt().sslContext(index, call.intArg(1, 0, 9));
                    return Reply.ok();
                })
                .build();
    }

    /**
     * A topic or message typed after {@code >}: exactly {@code length} bytes, then OK; the client
     * must be acquired.
     */
    private static Reply prompt(Sim7600Session s, String name, int index, int length, Consumer<byte[]> take) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        if (c == null) {
            return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client " + index + " is not acquired");
        }
        return Reply.prompt(DataEntry.fixed(length, data -> {
            if (s.mqtt().client(index) != c) {
                return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client released meanwhile");
            }
            take.accept(data);
            return Reply.ok();
        }));
    }

    private static String topicOf(byte[] typed) {
        return new String(typed, StandardCharsets.UTF_8);
    }

    /** L1606 AT+CMQTTWILLTOPIC=<client_index>,<req_length>: the will's topic after {@code >}. */
    private static AtCommand<Sim7600Session> willTopic() {
        return named("+CMQTTWILLTOPIC", "L1606")
                .summary("Input the topic of the will message after a > prompt")
                .test("+CMQTTWILLTOPIC: (0-1),(1-1024)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    return prompt(
                            s,
                            "+CMQTTWILLTOPIC",
                            index,
                            length,
                            data -> s.mqtt().client(index).willTopic = topicOf(data));
                })
                .build();
    }

    /** L1607 AT+CMQTTWILLMSG=<client_index>,<req_length>,<qos>: the will's message after {@code >}. */
    private static AtCommand<Sim7600Session> willMsg() {
        return named("+CMQTTWILLMSG", "L1607")
                .summary("Input the will message and its QoS after a > prompt")
                .test("+CMQTTWILLMSG: (0-1),(1-1024),(0-2)")
                .set((s, call) -> {
                    call.atMost(3);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    int qos = call.intArg(2, 0, 2);
                    return prompt(s, "+CMQTTWILLMSG", index, length, data -> {
                        Sim7600Mqtt.Client c = s.mqtt().client(index);
                        c.willMessage = data;
                        c.willQos = qos;
                    });
                })
                .build();
    }

    /** L1608 AT+CMQTTDISC=<client_index>,<timeout>: DISCONNECT; OK, then {@code +CMQTTDISC: <idx>,<err>}. */
    private static AtCommand<Sim7600Session> disc() {
        return named("+CMQTTDISC", "L1608")
                .summary("Disconnect a client from its broker; +CMQTTDISC: <idx>,<err> follows")
                .test("+CMQTTDISC: (0-1),(0-180)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (Sim7600Mqtt.Client c : s.mqtt().acquired()) {
                        lines.add("+CMQTTDISC: " + c.index + "," + (c.connected ? 0 : 1));
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    int index = index(call);
                    call.intArg(1, 0, 180, 0);
                    Sim7600Mqtt.Client c = s.mqtt().client(index);
                    if (c == null || c.net == null || !c.connected) {
                        return refuse(
                                "+CMQTTDISC",
                                index,
                                Sim7600Mqtt.NO_CONNECTION,
                                "client " + index + " is not connected");
                    }
                    MqttClient net = c.net;
                    c.net = null;
                    c.connected = false;
                    c.publishing = c.subscribing = c.unsubscribing = -1;
                    s.services().transmit();
                    net.disconnect();
                    s.mqtt().answer("+CMQTTDISC: " + index + ",0");
                    return Reply.ok();
                })
                .build();
    }

    /**
     * L1609 AT+CMQTTCONNECT=<client_index>,"tcp://<host>:<port>",<keepalive_time>[,<clean_session>[,
     * "<user_name>"[,"<pass_word>"]]]: OK, then {@code +CMQTTCONNECT: <idx>,<err>}.
     */
    private static AtCommand<Sim7600Session> connect() {
        return named("+CMQTTCONNECT", "L1609")
                .summary("Connect a client to its broker (tcp://host:port); +CMQTTCONNECT: <idx>,<err> follows")
                .test("+CMQTTCONNECT: (0-1),(9-256),(1-64800),(0-1),(1-256),(1-256)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (Sim7600Mqtt.Client c : s.mqtt().acquired()) {
                        if (c.connected) {
                            lines.add("+CMQTTCONNECT: " + c.index + ",\"" + c.server + "\"," + c.keepAlive + ","
                                    + (c.clean ? 1 : 0)
                                    + (c.user == null ? "" : ",\"" + c.user + "\"")
                                    + (c.password == null ? "" : ",\"" + c.password + "\""));
                        } else {
                            lines.add("+CMQTTCONNECT: " + c.index);
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(3).atMost(6);
                    int index = index(call);
                    String server = call.stringArg(1);
                    int keepAlive = call.intArg(2, 1, 64800);
                    boolean clean = call.intArg(3, 0, 1, 0) == 1;
                    String user = call.has(4) ? call.stringArg(4) : null;
                    String password = call.has(5) ? call.stringArg(5) : null;
                    String address = server.regionMatches(true, 0, "tcp://", 0, 6) ? server.substring(6) : null;
                    int colon = address == null ? -1 : address.lastIndexOf(':');
                    if (colon <= 0 || server.length() > 256) {
                        return Reply.error().because("the server is tcp://<host>:<port>: " + server);
                    }
                    int port;
                    try {
                        port = Integer.parseInt(address.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        return Reply.error().because("no port in " + server);
                    }
                    if (port < 1 || port > 65535) {
                        return Reply.error().because("port out of range: " + server);
                    }
                    Sim7600Mqtt.Client c = s.mqtt().client(index);
                    if (c == null) {
                        return refuse("+CMQTTCONNECT", index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "not acquired");
                    }
                    if (c.net != null) {
                        return refuse("+CMQTTCONNECT", index, Sim7600Mqtt.CLIENT_USED, "connected already");
                    }
                    if (!s.mqtt().started()) {
                        return refuse("+CMQTTCONNECT", index, Sim7600Mqtt.NETWORK_NOT_OPENED, "the service stopped");
                    }
                    c.server = server;
                    c.keepAlive = keepAlive;
                    c.clean = clean;
                    c.user = user == null ? null : MqttText.fromAt(user);
                    c.password = password;
                    s.mqtt().connect(c, address.substring(0, colon), port);
                    return Reply.ok();
                })
                .build();
    }

    /** L1610 AT+CMQTTTOPIC=<client_index>,<req_length>: the next publish's topic after {@code >}. */
    private static AtCommand<Sim7600Session> topic() {
        return named("+CMQTTTOPIC", "L1610")
                .summary("Input the topic of the message to publish after a > prompt")
                .test("+CMQTTTOPIC: (0-1),(1-1024)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    return prompt(
                            s, "+CMQTTTOPIC", index, length, data -> s.mqtt().client(index).topic = topicOf(data));
                })
                .build();
    }

    /** L1611 AT+CMQTTPAYLOAD=<client_index>,<req_length>: the next publish's payload after {@code >}. */
    private static AtCommand<Sim7600Session> payload() {
        return named("+CMQTTPAYLOAD", "L1611")
                .summary("Input the message to publish after a > prompt, exactly <req_length> bytes")
                .test("+CMQTTPAYLOAD: (0-1),(1-10240)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 10240);
                    return prompt(
                            s, "+CMQTTPAYLOAD", index, length, data -> s.mqtt().client(index).payload = data);
                })
                .build();
    }

    /**
     * L1612 AT+CMQTTPUB=<client_index>,<qos>,<pub_timeout>[,<retained>[,<dup>]]: OK, then
     * {@code +CMQTTPUB: <idx>,<err>}; the topic and payload are used up.
     */
    private static AtCommand<Sim7600Session> pub() {
        return named("+CMQTTPUB", "L1612")
                .summary("Publish the message input before to its topic; +CMQTTPUB: <idx>,<err> follows")
                .test("+CMQTTPUB: (0-1),(0-2),(60-180),(0-1),(0-1)")
                .set((s, call) -> {
                    call.atLeast(3).atMost(5);
                    int index = index(call);
                    int qos = call.intArg(1, 0, 2);
                    int timeout = call.intArg(2, 60, 180);
                    boolean retained = call.intArg(3, 0, 1, 0) == 1;
                    call.intArg(4, 0, 1, 0); // <dup>: the client sets DUP itself when it sends again
                    Sim7600Mqtt.Client c = ready(s, "+CMQTTPUB", index);
                    if (c == null) {
                        return refused(s, "+CMQTTPUB", index);
                    }
                    if (c.topic == null) {
                        return refuse("+CMQTTPUB", index, Sim7600Mqtt.TOPIC_EMPTY, "no topic (AT+CMQTTTOPIC)");
                    }
                    int id = qos == 0 ? 0 : c.net.freePacketId();
                    c.publishing = id;
                    c.net.timing(c.timing(Duration.ofSeconds(timeout)));
                    s.services().transmit();
                    c.net.publish(id, qos, retained, c.topic, c.payload == null ? new byte[0] : c.payload);
                    c.topic = null;
                    c.payload = null;
                    return Reply.ok();
                })
                .build();
    }

    /** The connected, idle client, or null (the refusal comes from {@link #refused}). */
    private static Sim7600Mqtt.Client ready(Sim7600Session s, String name, int index) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        return c == null || !c.connected || c.net == null || c.busy() ? null : c;
    }

    private static Reply refused(Sim7600Session s, String name, int index) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        if (c == null) {
            return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client " + index + " is not acquired");
        }
        if (!c.connected || c.net == null) {
            return refuse(name, index, Sim7600Mqtt.NO_CONNECTION, "client " + index + " is not connected");
        }
        return refuse(name, index, Sim7600Mqtt.CLIENT_BUSY, "client " + index + " waits for an answer");
    }

    /** L1613 AT+CMQTTSUBTOPIC=<client_index>,<req_length>,<qos>: one more topic for AT+CMQTTSUB. */
    private static AtCommand<Sim7600Session> subTopic() {
        return named("+CMQTTSUBTOPIC", "L1613")
                .summary("Input a topic (with its QoS) to subscribe to after a > prompt")
                .test("+CMQTTSUBTOPIC: (0-1),(1-1024),(0-2)")
                .set((s, call) -> {
                    call.atMost(3);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    int qos = call.intArg(2, 0, 2);
                    return prompt(s, "+CMQTTSUBTOPIC", index, length, data -> {
                        Sim7600Mqtt.Client c = s.mqtt().client(index);
                        c.subTopics.add(topicOf(data));
                        c.subQos.add(qos);
                    });
                })
                .build();
    }

    /**
     * L1614 AT+CMQTTSUB=<client_index>[,<dup>] subscribes to the topics input before,
     * AT+CMQTTSUB=<client_index>,<reqLength>,<qos>[,<dup>] to the one typed after {@code >}; OK, then
     * {@code +CMQTTSUB: <idx>,<err>}.
     */
    private static AtCommand<Sim7600Session> sub() {
        return named("+CMQTTSUB", "L1614")
                .summary(
                        "Subscribe to the topics input before, or to one typed after a > prompt; +CMQTTSUB: <idx>,<err> follows")
                .test("+CMQTTSUB: (0-1),(1-1024),(0-2),(0-1)")
                .set((s, call) -> {
                    call.atMost(4);
                    int index = index(call);
                    if (call.argCount() <= 2) {
                        call.intArg(1, 0, 1, 0); // <dup>
                        Sim7600Mqtt.Client c = ready(s, "+CMQTTSUB", index);
                        if (c == null) {
                            return refused(s, "+CMQTTSUB", index);
                        }
                        if (c.subTopics.isEmpty()) {
                            return refuse("+CMQTTSUB", index, Sim7600Mqtt.TOPIC_EMPTY, "no topic (AT+CMQTTSUBTOPIC)");
                        }
                        subscribe(s, c, List.copyOf(c.subTopics), List.copyOf(c.subQos));
                        return Reply.ok();
                    }
                    int length = call.intArg(1, 1, 1024);
                    int qos = call.intArg(2, 0, 2);
                    call.intArg(3, 0, 1, 0);
                    if (ready(s, "+CMQTTSUB", index) == null) {
                        return refused(s, "+CMQTTSUB", index);
                    }
                    return Reply.prompt(DataEntry.fixed(length, data -> {
                        Sim7600Mqtt.Client c = ready(s, "+CMQTTSUB", index);
                        if (c == null) {
                            return refused(s, "+CMQTTSUB", index);
                        }
                        subscribe(s, c, List.of(topicOf(data)), List.of(qos));
                        return Reply.ok();
                    }));
                })
                .build();
    }

    private static void subscribe(Sim7600Session s, Sim7600Mqtt.Client c, List<String> topics, List<Integer> qos) {
        int id = c.net.freePacketId();
        c.subscribing = id;
        c.subTopics.clear();
        c.subQos.clear();
        c.net.timing(c.timing(Duration.ofSeconds(c.opTimeout)));
        s.services().transmit();
        c.net.subscribe(id, topics, qos);
    }

    /** L1615 AT+CMQTTUNSUBTOPIC=<client_index>,<req_length>: one more topic for AT+CMQTTUNSUB. */
    private static AtCommand<Sim7600Session> unsubTopic() {
        return named("+CMQTTUNSUBTOPIC", "L1615")
                .summary("Input a topic to unsubscribe from after a > prompt")
                .test("+CMQTTUNSUBTOPIC: (0-1),(1-1024)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    return prompt(s, "+CMQTTUNSUBTOPIC", index, length, data -> s.mqtt()
                            .client(index)
                            .unsubTopics
                            .add(topicOf(data)));
                })
                .build();
    }

    /**
     * L1616 AT+CMQTTUNSUB=<client_index>[,<dup>] unsubscribes from the topics input before,
     * AT+CMQTTUNSUB=<client_index>,<reqLength>,<dup> from the one typed after {@code >}; OK, then
     * {@code +CMQTTUNSUB: <idx>,<err>}.
     */
    private static AtCommand<Sim7600Session> unsub() {
        return named("+CMQTTUNSUB", "L1616")
                .summary("Unsubscribe from the topics input before, or from one typed after a > prompt")
                .test("+CMQTTUNSUB: (0-1),(1-1024),(0-1)")
                .set((s, call) -> {
                    call.atMost(3);
                    int index = index(call);
                    if (call.argCount() <= 2) {
                        call.intArg(1, 0, 1, 0); // <dup>
                        Sim7600Mqtt.Client c = ready(s, "+CMQTTUNSUB", index);
                        if (c == null) {
                            return refused(s, "+CMQTTUNSUB", index);
                        }
                        if (c.unsubTopics.isEmpty()) {
                            return refuse(
                                    "+CMQTTUNSUB", index, Sim7600Mqtt.TOPIC_EMPTY, "no topic (AT+CMQTTUNSUBTOPIC)");
                        }
                        unsubscribe(s, c, List.copyOf(c.unsubTopics));
                        return Reply.ok();
                    }
                    int length = call.intArg(1, 1, 1024);
                    call.intArg(2, 0, 1, 0);
                    if (ready(s, "+CMQTTUNSUB", index) == null) {
                        return refused(s, "+CMQTTUNSUB", index);
                    }
                    return Reply.prompt(DataEntry.fixed(length, data -> {
                        Sim7600Mqtt.Client c = ready(s, "+CMQTTUNSUB", index);
                        if (c == null) {
                            return refused(s, "+CMQTTUNSUB", index);
                        }
                        unsubscribe(s, c, List.of(topicOf(data)));
                        return Reply.ok();
                    }));
                })
                .build();
    }

    private static void unsubscribe(Sim7600Session s, Sim7600Mqtt.Client c, List<String> topics) {
        int id = c.net.freePacketId();
        c.unsubscribing = id;
        c.unsubTopics.clear();
        c.net.timing(c.timing(Duration.ofSeconds(c.opTimeout)));
        s.services().transmit();
        c.net.unsubscribe(id, topics);
    }

    /** L1617 AT+CMQTTCFG="optimeout",<client_index>,<timeout> and "checkUTF8" (accepted). */
    private static AtCommand<Sim7600Session> cfg() {
        return named("+CMQTTCFG", "L1617")
                .summary("Configure a client: \"optimeout\" (how long requests wait), \"checkUTF8\"")
                .test("+CMQTTCFG: \"checkUTF8\",(0-1),(0-1)", "+CMQTTCFG: \"optimeout\",(0-1),(20-120)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(3);
                    String item = call.stringArg(0);
                    int index = call.intArg(1, 0, Sim7600Mqtt.CLIENTS - 1);
                    Sim7600Mqtt.Client c = s.mqtt().client(index);
                    if (c == null) {
                        return refuse("+CMQTTCFG", index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "not acquired");
                    }
                    if (item.equalsIgnoreCase("optimeout")) {
                        c.opTimeout = call.intArg(2, 20, 120);
                    } else if (item.equalsIgnoreCase("checkUTF8")) {
                        call.intArg(2, 0, 1);
                    } else {
                        return Reply.error().because("AT+CMQTTCFG has no item \"" + item + "\"");
                    }
                    return Reply.ok();
                })
                .build();
    }
}
