package io.vmodem.dialect.quectel;

import io.vmodem.at.CommandCall;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Quectel MQTT client's session: AT+QMTOPEN and AT+QMTCLOSE (the network connection to its
 * broker), AT+QMTCONN and AT+QMTDISC (CONNECT and DISCONNECT), and their reads. Apart from the
 * message commands because these make and end what the messages ride on.
 */
final class QuectelMqttSessionCommands {
    private QuectelMqttSessionCommands() {}

    /** AT+QMTOPEN=<idx>,"<host_name>",<port>: OK, then {@code +QMTOPEN: <idx>,<result>}. */
    static Reply open(QuectelMqtt m, CommandCall call) {
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

    /** {@code +QMTOPEN: <idx>,"<host_name>",<port>} per client past opening. */
    static Reply openRead(QuectelMqtt m) {
        List<String> lines = new ArrayList<>();
        for (QuectelMqtt.Client c : m.open()) {
            if (c.state() != MqttClient.State.OPENING) {
                lines.add("+QMTOPEN: " + c.index + ",\"" + c.host + "\"," + c.port);
            }
        }
        return Reply.ok(lines);
    }

    /** AT+QMTCLOSE and AT+QMTDISC: OK, then their URC with result 0. */
    static Reply close(QuectelMqtt m, CommandCall call, boolean disconnect) {
        int index = call.atMost(1).intArg(0, 0, m.rules().clients() - 1);
        QuectelMqtt.Client c = m.client(index);
        if (c == null) {
            return Reply.error().because("client " + index + " is not open");
        }
        m.close(c, disconnect || m.rules().closeDisconnects());
        m.answer((disconnect ? "+QMTDISC: " : "+QMTCLOSE: ") + index + ",0");
        return Reply.ok();
    }

    /** AT+QMTCONN=<idx>,"<clientID>"[,"<username>"[,"<password>"]]: CONNECT with the client's AT+QMTCFG. */
    static Reply conn(QuectelMqtt m, CommandCall call) {
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
    static Reply connRead(QuectelMqtt m) {
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
}
