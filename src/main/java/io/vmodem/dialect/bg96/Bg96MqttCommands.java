package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.dialect.quectel.QuectelMqttCommands;
import io.vmodem.dialect.quectel.QuectelMqttRules;
import java.util.List;
import java.util.Map;

/**
 * The BG96's MQTT client (BG96 MQTT Application Note, chapter 3): six client indexes, the AT+QMTCFG
 * items of the note ("recv/mode" and AT+QMTRECV as the later Quectel LPWA notes have them), AT+QMTPUB
 * ended by Ctrl+Z or of a fixed length, up to 4096 bytes.
 */
final class Bg96MqttCommands {
    /** The BG96's MQTT, as {@link QuectelMqttRules}. */
    static final QuectelMqttRules RULES = new QuectelMqttRules(
            6, // <tcpconnectID> 0-5
            5, // topics per AT+QMTSUB / AT+QMTUNS
            256, 4096, true, // +QMTCFG: "keepalive",120
            3, 4, true, // "pdpcid", "ssl"
            1, true, // "recv/mode", AT+QMTRECV
            false, false, // AT+QMTPUB=...,"<topic>"[,<msglen>], then > and the message
            "> ", false, // AT+QMTCLOSE closes the connection without DISCONNECT
            5, 3, false); // "ssl",<idx>,<SSL_enable>,<ctx> names an SSL context, not the BC660K-GL's pair

    private Bg96MqttCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return QuectelMqttCommands.commands(
                RULES,
                Map.of(
                        "+QMTCFG", "3.2.1",
                        "+QMTOPEN", "3.2.2",
                        "+QMTCLOSE", "3.2.3",
                        "+QMTCONN", "3.2.4",
                        "+QMTDISC", "3.2.5",
                        "+QMTSUB", "3.2.6",
                        "+QMTUNS", "3.2.7",
                        "+QMTPUB", "3.2.8",
                        "+QMTRECV", "3.2.9"));
    }
}
