package io.vmodem.dialect.quectel;

/**
 * Where Quectel modules' MQTT commands differ, as values; the commands themselves are written once
 * in {@link QuectelMqttCommands}. The BG96 (MQTT application note) and the BC260Y-CN (its MQTT
 * application note) share the commands, their URCs and their result codes; they differ in how many
 * clients, in the AT+QMTCFG items, in how a read of an item answers, and in how AT+QMTPUB takes its
 * message.
 *
 * @param clients how many client indexes ({@code <TCP_connectID>}), numbered from 0
 * @param maxTopics the most topics one AT+QMTSUB or AT+QMTUNS takes
 * @param maxTopicLength the longest topic, in bytes
 * @param maxPayload the longest message AT+QMTPUB takes, in bytes
 * @param namedReads whether a read of an AT+QMTCFG item names it ({@code +QMTCFG: "keepalive",120},
 *     BG96) or gives only its values ({@code +QMTCFG: 120}, BC260Y-CN)
 * @param version31 the {@code <vsn>} of MQTT 3.1 (BG96 3, BC260Y-CN 0)
 * @param version311 the {@code <vsn>} of MQTT 3.1.1 (BG96 4, BC260Y-CN 1)
 * @param pdpcid whether AT+QMTCFG has "pdpcid" (BG96), else the module's default context carries MQTT
 * @param defaultContext the context MQTT uses when nothing else is configured
 * @param recvMode whether AT+QMTCFG has "recv/mode" and the module buffers messages for AT+QMTRECV
 * @param formats whether AT+QMTCFG has "showrecvlen", "echomode" and "dataformat" (BC260Y-CN)
 * @param lengthPublish whether AT+QMTPUB takes {@code <length>} and, optionally, the message in the
 *     line (BC260Y-CN), rather than a message ended by Ctrl+Z or of an optional fixed length (BG96)
 * @param prompt the data prompt of AT+QMTPUB
 * @param closeDisconnects whether AT+QMTCLOSE of a connected client sends DISCONNECT first (BC260Y-CN)
 * @param packetTimeout the default {@code <pkt_timeout>}, in seconds
 * @param retries the default {@code <retry_times>}
 * @param sslConnect whether AT+QMTCFG has {@code "ssl",<idx>[,<SSL_enable>[,<SSL_contextID>,
 *     <SSL_connectID>]]} without "pdpcid" (the BC660K-GL MQTT note's form, taken by the BC260Y-CN),
 *     the only pair that works being 0,0
 */
public record QuectelMqttRules(
        int clients,
        int maxTopics,
        int maxTopicLength,
        int maxPayload,
        boolean namedReads,
        int version31,
        int version311,
        boolean pdpcid,
        int defaultContext,
        boolean recvMode,
        boolean formats,
        boolean lengthPublish,
        String prompt,
        boolean closeDisconnects,
        int packetTimeout,
        int retries,
        boolean sslConnect) {

    /** The MQTT protocol level (3 or 4) of a {@code <vsn>}, or -1 when it names none. */
    int level(int vsn) {
        return vsn == version31 ? 3 : vsn == version311 ? 4 : -1;
    }

    /** The {@code <vsn>} of a protocol level. */
    int vsn(int level) {
        return level == 3 ? version31 : version311;
    }
}
