package io.vmodem.dialect.sim7600;

import static io.vmodem.dialect.sim7600.MqttCommands.index;
import static io.vmodem.dialect.sim7600.MqttCommands.named;
import static io.vmodem.dialect.sim7600.MqttCommands.prompt;
import static io.vmodem.dialect.sim7600.MqttCommands.refuse;
import static io.vmodem.dialect.sim7600.MqttCommands.topicOf;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A SIM7600 MQTT client's session (L1606–L1609): the will typed after {@code >}, CONNECT to its
 * broker and DISCONNECT. Apart from the service and message commands because these start and end
 * the network connection a client's requests ride on.
 */
final class MqttConnectCommands {
    private MqttConnectCommands() {}

    /** L1606 AT+CMQTTWILLTOPIC=<client_index>,<req_length>: the will's topic after {@code >}. */
    static AtCommand<Sim7600Session> willTopic() {
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
    static AtCommand<Sim7600Session> willMsg() {
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
    static AtCommand<Sim7600Session> disc() {
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
    static AtCommand<Sim7600Session> connect() {
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
}
