package io.vmodem.dialect.sim7600;

import static io.vmodem.dialect.sim7600.MqttCommands.index;
import static io.vmodem.dialect.sim7600.MqttCommands.named;
import static io.vmodem.dialect.sim7600.MqttCommands.refuse;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.MqttText;
import java.util.ArrayList;
import java.util.List;

/**
 * The SIM7600's MQTT service and its clients (L1601–L1605, L1617): start and stop the service,
 * acquire and release a client, and the settings a client keeps between sessions (its SSL context,
 * its operation timeout). Apart from the session and message commands because these hold no
 * connection: they answer at once.
 */
final class MqttServiceCommands {
    private MqttServiceCommands() {}

    /** L1601 AT+CMQTTSTART: OK, then {@code +CMQTTSTART: <err>} once the context is active. */
    static AtCommand<Sim7600Session> start() {
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
    static AtCommand<Sim7600Session> stop() {
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
    static AtCommand<Sim7600Session> accq() {
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
    static AtCommand<Sim7600Session> rel() {
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
    static AtCommand<Sim7600Session> sslcfg() {
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

    /** L1617 AT+CMQTTCFG="optimeout",<client_index>,<timeout> and "checkUTF8" (accepted). */
    static AtCommand<Sim7600Session> cfg() {
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
