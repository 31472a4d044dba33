package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The socket commands of the BC260Y-CN TCP/IP application guide (2.3.1-2.3.5): the data format,
 * open, close, state and send with the data in the command line. Every error answers plain {@code
 * ERROR}, as the guide's tables say.
 */
final class Bc260ySocketCommands {
    /** Longest {@code <host>}: 150 bytes (2.3.2). */
    static final int MAX_HOST = 150;

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
        return AtCommand.<Bc260ySession>named("+QICFG")
                .summary("Data format of sent and received data, text or hex; saved in NV")
                .section("2.3.1")
                .test("+QICFG: \"dataformat\",(0,1),(0,1)")
                .set((s, call) -> {
                    call.atMost(3);
                    if (!call.stringArg(0).toLowerCase(Locale.ROOT).equals("dataformat")) {
                        return Reply.error()
                                .because("unknown setting " + call.arg(0).text() + ": only \"dataformat\"");
                    }
                    if (call.argCount() == 1) {
                        return Reply.ok(
                                "+QICFG: \"dataformat\"," + (s.sendHex() ? 1 : 0) + "," + (s.receiveHex() ? 1 : 0));
                    }
                    int send = call.intArg(1, 0, 1);
                    int recv = call.intArg(2, 0, 1);
                    s.nv().put(Bc260ySession.NV_SEND_FORMAT, String.valueOf(send));
                    s.nv().put(Bc260ySession.NV_RECV_FORMAT, String.valueOf(recv));
                    return Reply.ok();
                })
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.3.2 AT+QIOPEN=<contextID>,<connectID>,<service_type>,<host>,<remote_port>[,<local_port>[,
     * <access_mode>]]: OK, then +QIOPEN: <connectID>,<err>. Only context 0 and direct push (mode 1,
     * the default) are supported; the module must be attached (+IP reported) first.
     */
    private static AtCommand<Bc260ySession> qiopen() {
        return AtCommand.<Bc260ySession>named("+QIOPEN")
                .summary("Open a TCP or UDP client; OK, then +QIOPEN: <id>,<err>")
                .section("2.3.2")
                .test("+QIOPEN: (0-11),(0-4),\"TCP/UDP\",<host>,<remote_port>,<local_port>,(1)")
                .set(Bc260ySocketCommands::open)
                .onInvalid(INVALID)
                .build();
    }

    private static Reply open(Bc260ySession s, CommandCall call) {
        call.atLeast(5).atMost(7);
        int cid = call.intArg(0, 0, 11);
        int id = call.intArg(1, 0, Bc260ySession.SOCKETS - 1);
        String type = call.stringArg(2).toUpperCase(Locale.ROOT);
        String host = call.stringArg(3);
        int remotePort = call.intArg(4, 1, 65535);
        int localPort = call.intArg(5, 0, 65535, 0);
        int accessMode = call.intArg(6, 0, 1, Bc260ySocket.DIRECT_PUSH);
        boolean tcp = type.equals("TCP");
        if (!tcp && !type.equals("UDP") || host.isEmpty() || host.length() > MAX_HOST) {
            return Reply.error()
                    .because(
                            !tcp && !type.equals("UDP")
                                    ? "service type " + type + ": TCP or UDP"
                                    : "host name empty or longer than " + MAX_HOST);
        }
        // 2.3.2: context 0 only (note 1), buffer access mode "目前不支持" (not supported), and not
        // before the module has reported its address (note 4).
        if (cid != Bc260ySession.DEFAULT_CONTEXT || accessMode != Bc260ySocket.DIRECT_PUSH || !s.attached()) {
            return Reply.error()
                    .because(
                            cid != Bc260ySession.DEFAULT_CONTEXT
                                    ? "context " + cid + ": only context 0"
                                    : accessMode != Bc260ySocket.DIRECT_PUSH
                                            ? "access mode " + accessMode + ": only direct push (1)"
                                            : "not attached yet (no +IP: reported)");
        }
        if (s.socket(id) != null) {
            s.urc("+QIOPEN: " + id + "," + QuectelErrors.ID_IN_USE);
            return Reply.ok();
        }
        PdpContext context = s.defaultContext();
        Bc260ySocket socket = new Bc260ySocket(s, id, tcp, cid, host, remotePort, localPort);
        s.claim(socket);
        s.radio().uplink();
        var network = s.modem().network();
        socket.net = tcp
                ? network.connectTcp(context, host, remotePort, localPort, socket)
                : network.openUdp(context, host, remotePort, localPort, socket);
        return Reply.ok();
    }

    /** 2.3.3 AT+QICLOSE=<connectID>: OK, then CLOSE OK; the ID is free again. */
    private static AtCommand<Bc260ySession> qiclose() {
        return AtCommand.<Bc260ySession>named("+QICLOSE")
                .summary("Close a socket: OK, then CLOSE OK")
                .section("2.3.3")
                .test("+QICLOSE: (0-4)")
                .set((s, call) -> {
                    int id = call.atMost(1).intArg(0, 0, Bc260ySession.SOCKETS - 1);
                    Bc260ySocket socket = s.socket(id);
                    if (socket != null) {
                        if (socket.connected() && socket.tcp) {
                            s.radio().uplink(); // the FIN goes out
                        }
                        socket.close();
                        s.release(socket);
                    }
                    s.urc("CLOSE OK");
                    return Reply.ok();
                })
                .onInvalid(INVALID)
                .build();
    }

    /** 2.3.4 AT+QISTATE? and AT+QISTATE=<query_type>,<contextID|connectID>. */
    private static AtCommand<Bc260ySession> qistate() {
        return AtCommand.<Bc260ySession>named("+QISTATE")
                .summary("Socket status: 0 initial, 1 connecting, 2 connected, 3 closing, 4 remote closing")
                .section("2.3.4")
                .test((s, call) -> Reply.ok())
                .read((s, call) -> states(s, -1, -1))
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int queryType = call.intArg(0, 0, 1);
                    return queryType == 0
                            ? states(s, call.intArg(1, 0, 11), -1)
                            : states(s, -1, call.intArg(1, 0, Bc260ySession.SOCKETS - 1));
                })
                .onInvalid(INVALID)
                .build();
    }

    private static Reply states(Bc260ySession s, int contextId, int connectId) {
        List<String> lines = new ArrayList<>();
        for (Bc260ySocket socket : s.sockets()) {
            if ((contextId < 0 || socket.contextId == contextId) && (connectId < 0 || socket.id == connectId)) {
                lines.add(socket.stateLine());
            }
        }
        return Reply.ok(lines);
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
        InlineData d = InlineData.parse(call.raw(), s.sendHex());
        if (d == null) {
            return Reply.error().because("cannot read the data or its length: " + call.raw());
        }
        Bc260ySocket socket = s.socket(d.connectId());
        if (d.query()) {
            return socket == null ? Reply.ok("+QISEND: 0,0,0") : Reply.ok(socket.sendCounters());
        }
        if (socket == null || !socket.connected()) {
            return Reply.error().because("socket " + d.connectId() + " is not connected");
        }
        s.radio().uplink();
        NetError error = socket.send(d.data());
        s.urc(error == null ? "SEND OK" : "SEND FAIL");
        if (d.raiMode() == 1) {
            s.radio().releaseAfterUplink();
        } else if (d.raiMode() == 2) {
            s.radio().releaseAfterNextDownlink();
        }
        return Reply.ok();
    }
}
