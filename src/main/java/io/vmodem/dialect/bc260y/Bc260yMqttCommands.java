package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.dialect.quectel.QuectelMqttCommands;
import io.vmodem.dialect.quectel.QuectelMqttRules;
import java.util.List;
import java.util.Map;

/**
 * The BC260Y-CN's MQTT client (its MQTT application note): five client indexes on the default
 * context, AT+QMTCFG reads that give values only, "showrecvlen", "echomode" and "dataformat" (hex
 * messages), AT+QMTPUB with {@code <length>} and the message in the line or after a prompt, and
 * AT+QMTCLOSE that disconnects first. Its notes have no TLS; AT+QMTCFG="ssl" takes the form of the
 * BC660K-GL MQTT application note (V1.2, 3.3.1), the sibling whose SSL commands the module takes.
 */
final class Bc260yMqttCommands {
    static final QuectelMqttRules RULES = new QuectelMqttRules(
            5, // <TCP_connectID> 0-4
            4, // topics per AT+QMTSUB / AT+QMTUNS
            256,
            1460,
            false, // +QMTCFG: 120
            0, // <vsn> 0: MQTT 3.1
            1, // <vsn> 1: MQTT 3.1.1
            false, // no "pdpcid": the default context carries MQTT
            Bc260ySession.DEFAULT_CONTEXT,
            false,
            true, // "showrecvlen", "echomode", "dataformat"
            true, // AT+QMTPUB=...,"<topic>",<length>[,"<message>"]
            ">\r\n",
            true, // AT+QMTCLOSE of a connected client sends DISCONNECT first
            10,
            3,
            true); // "ssl",<idx>,<SSL_enable>,<SSL_contextID>,<SSL_connectID> (BC660K-GL MQTT note)

    private Bc260yMqttCommands() {}

    static List<AtCommand<Bc260ySession>> commands() {
        return QuectelMqttCommands.commands(RULES, Map.of());
    }
}
