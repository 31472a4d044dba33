package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelSocketCommands;
import io.vmodem.dialect.quectel.QuectelSocketRules;
import io.vmodem.dialect.quectel.QuectelSocketRules.CloseAnswer;
import io.vmodem.dialect.quectel.QuectelSocketRules.Range;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.net.NetError;
import java.util.List;
import java.util.Set;

/**
 * The socket commands of the BC260Y-CN TCP/IP application guide (2.3.1-2.3.5): the data format,
 * open, close, state and send with the data in the command line. Every error answers plain {@code
 * ERROR}, as the guide's tables say.
 */
final class Bc260ySocketCommands {
    /**
     * The BC260Y-CN's socket rules (2.3.2–2.3.5): five connect IDs; contexts 0–11 in the syntax but
     * only 0 in use (note 1); TCP and UDP clients, remote port from 1, a host of 150 bytes at most;
     * direct push only (buffer mode "目前不支持", not supported yet); AT+QICLOSE answers OK, then
     * CLOSE OK; acknowledgements for TCP only, and counters that end with the connection (4.1.7).
     */
    static final QuectelSocketRules RULES = new QuectelSocketRules(
            Bc260ySession.SOCKETS, // sockets
            new Range(0, 11), // contexts
            new Range(Bc260ySession.DEFAULT_CONTEXT, Bc260ySession.DEFAULT_CONTEXT), // usableContexts
            Set.of(ServiceType.TCP, ServiceType.UDP), // serviceTypes
            1, // firstRemotePort
            150, // maxHost
            new Range(0, 1), // accessModes
            new Range(1, 1), // usableAccessModes
            AccessMode.PUSH, // defaultAccessMode
            CloseAnswer.CLOSE_OK, // close
            false, // closeAlwaysTransmits
            false, // stateExec
            false, // udpAcknowledged
            true); // countersEndWithConnection

    static final Handler<Bc260ySession> INVALID = (s, call) -> Reply.error();

    private Bc260ySocketCommands() {}

    static List<AtCommand<Bc260ySession>> commands() {
        return List.of(qicfg(), qiopen(), qiclose(), qistate(), qisend());
    }

    /**
     * 2.3.1 AT+QICFG="dataformat"[,<send_data_format>,<recv_data_format>]: 0 text, 1 hex; saved to
     * the non-volatile store at once, so it survives a reboot.
     */
    private static AtCommand<Bc260ySession> qicfg() {
        return QuectelSocketCommands.qicfg(
                        List.of(QuectelSocketCommands.<Bc260ySession>dataFormat(Bc260ySession::dataFormat)))
                .summary("Data format of sent and received data, text or hex; saved in NV")
                .section("2.3.1")
                .build();
    }

    /**
     * 2.3.2 AT+QIOPEN=<contextID>,<connectID>,<service_type>,<host>,<remote_port>[,<local_port>[,
     * <access_mode>]]: OK, then +QIOPEN: <connectID>,<err>. Only context 0 and direct push (mode 1,
     * the default) are supported; the module must be attached (+IP reported) first.
     */
    private static AtCommand<Bc260ySession> qiopen() {
        return QuectelSocketCommands.<Bc260ySocket, Bc260ySession>qiopen(RULES)
                .summary("Open a TCP or UDP client; OK, then +QIOPEN: <id>,<err>")
                .section("2.3.2")
                .test("+QIOPEN: (0-11),(0-4),\"TCP/UDP\",<host>,<remote_port>,<local_port>,(1)")
                .build();
    }

    /** 2.3.3 AT+QICLOSE=<connectID>: OK, then CLOSE OK; the ID is free again. */
    private static AtCommand<Bc260ySession> qiclose() {
        return QuectelSocketCommands.<Bc260ySocket, Bc260ySession>qiclose(RULES)
                .summary("Close a socket: OK, then CLOSE OK")
                .section("2.3.3")
                .test("+QICLOSE: (0-4)")
                .build();
    }

    /** 2.3.4 AT+QISTATE? and AT+QISTATE=<query_type>,<contextID|connectID>. */
    private static AtCommand<Bc260ySession> qistate() {
        return QuectelSocketCommands.<Bc260ySocket, Bc260ySession>qistate(RULES)
                .summary("Socket status: 0 initial, 1 connecting, 2 connected, 3 closing, 4 remote closing")
                .section("2.3.4")
                .build();
    }

    /**
     * 2.3.5 AT+QISEND=<connectID>,<send_length>,<data>[,<rai_mode>]: the data in the line, text or
     * hex per the send data format, 1024 text or 512 hex bytes at most; OK, then SEND OK (the stack
     * took it) or SEND FAIL. AT+QISEND=<connectID>,0 answers the counters.
     */
    private static AtCommand<Bc260ySession> qisend() {
        return AtCommand.<Bc260ySession>named("+QISEND")
                .summary("Send text or hex given in the line: OK, then SEND OK; =<id>,0 queries the counters")
                .section("2.3.5")
                .test("+QISEND: (0-4),(0-1024),<data>,(0-2)")
                .set(Bc260ySocketCommands::send)
                .restOfLine()
                .onInvalid(INVALID)
                .build();
    }

    private static Reply send(Bc260ySession s, CommandCall call) {
        InlineData d = InlineData.parse(call.raw(), s.dataFormat().sendHex());
        if (d == null) {
            return Reply.error().because("cannot read the data or its length: " + call.raw());
        }
        Bc260ySocket socket = s.socket(d.connectId());
        if (d.query()) {
            return Reply.ok(QuectelSocketCommands.sendCounters(socket == null ? null : socket.net(), RULES));
        }
        if (socket == null || !socket.connected()) {
            return Reply.error().because("socket " + d.connectId() + " is not connected");
        }
        s.radio().uplink();
        // No service: nothing leaves the radio (README, "Faults and conditions").
        NetError error = s.modem().radio().carriesData() ? socket.send(d.data()) : NetError.IO_FAILED;
        s.urc(error == null ? "SEND OK" : "SEND FAIL");
        if (d.raiMode() == 1) {
            s.radio().releaseAfterUplink();
        } else if (d.raiMode() == 2) {
            s.radio().releaseAfterNextDownlink();
        }
        return Reply.ok();
    }
}
