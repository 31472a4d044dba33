package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelSocketCommands;
import io.vmodem.dialect.quectel.QuectelSocketRules;
import io.vmodem.dialect.quectel.QuectelSocketRules.CloseAnswer;
import io.vmodem.dialect.quectel.QuectelSocketRules.Range;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.net.Addresses;
import io.vmodem.net.Datagram;
import io.vmodem.net.NetError;
import io.vmodem.net.SocketState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The BG96 socket commands (TCP/IP manual 2.1.4–2.1.9, 2.1.16, 2.1.17): open, close, state, send,
 * read, send hex, data echo and the last error.
 */
final class Bg96SocketCommands {
    static final int MAX_SEND = 1460;
    static final int MAX_READ = 1500;

    /**
     * The BG96's socket rules (2.1.4–2.1.7): contexts 1–16, four service types, remote port 0 allowed,
     * all three access modes, AT+QICLOSE waits for the FIN; UDP sends count as acknowledged and the
     * counters outlive the connection.
     */
    static final QuectelSocketRules RULES = new QuectelSocketRules(
            Bg96Session.SOCKETS, // sockets
            new Range(1, 16), // contexts
            new Range(1, 16), // usableContexts
            Set.of(ServiceType.TCP, ServiceType.UDP, ServiceType.TCP_LISTENER, ServiceType.UDP_SERVICE), // serviceTypes
            0, // firstRemotePort
            Integer.MAX_VALUE, // maxHost
            new Range(0, 2), // accessModes
            new Range(0, 2), // usableAccessModes
            AccessMode.BUFFER, // defaultAccessMode
            CloseAnswer.AFTER_FIN, // close
            true, // closeAlwaysTransmits
            true, // stateExec
            true, // udpAcknowledged
            false); // countersEndWithConnection

    private Bg96SocketCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qiopen(), qiclose(), qistate(), qisend(), qird(), qisendex(), qisde(), qigeterror());
    }

    /** 2.1.4 AT+QIOPEN=<contextID>,<connectID>,<service_type>,<IP>,<remote_port>[,<local_port>[,<access_mode>]] */
    private static AtCommand<Bg96Session> qiopen() {
        return QuectelSocketCommands.<Bg96Socket, Bg96Session>qiopen(RULES)
                .summary("Open a socket service; the outcome comes as +QIOPEN: <id>,<err>")
                .section("2.1.4")
                .test("+QIOPEN: (1-16),(0-11),\"TCP/UDP/TCP LISTENER/UDP SERVICE\","
                        + "\"<IP_address>/<domain_name>\",<remote_port>,<local_port>,(0-2)")
                .build();
    }

    /**
     * 2.1.5 AT+QICLOSE=<connectID>[,<timeout>]: answers at once for an ID that is not open, else
     * once the connection is closed (the network's close delay, at most {@code <timeout>} seconds).
     */
    private static AtCommand<Bg96Session> qiclose() {
        return QuectelSocketCommands.<Bg96Socket, Bg96Session>qiclose(RULES)
                .summary("Close a socket service")
                .section("2.1.5")
                .test("+QICLOSE: (0-11),(0-65535)")
                .build();
    }

    /** 2.1.6 AT+QISTATE / AT+QISTATE? / AT+QISTATE=<query_type>,<contextID|connectID> */
    private static AtCommand<Bg96Session> qistate() {
        return QuectelSocketCommands.<Bg96Socket, Bg96Session>qistate(RULES)
                .summary("Socket service status")
                .section("2.1.6")
                .build();
    }

    /**
     * 2.1.7 AT+QISEND=<connectID> (until Ctrl+Z), =<connectID>,<send_length> (fixed),
     * =<connectID>,<send_length>,<remoteIP>,<remote_port> (UDP service), =<connectID>,0 (query). A UDP
     * service opened with a remote port sends the first two forms there; the manual is silent on them.
     */
    private static AtCommand<Bg96Session> qisend() {
        return AtCommand.<Bg96Session>named("+QISEND")
                .summary("Send data: variable length, fixed length, to a UDP peer, or query the counters")
                .section("2.1.7")
                .test("+QISEND: (0-11),(0-1460)")
                .set(tcpip(Bg96SocketCommands::send))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply send(Bg96Session s, CommandCall call) {
        call.atMost(4);
        int id = call.intArg(0, 0, Bg96Session.SOCKETS - 1);
        Bg96Socket socket = s.socket(id);
        if (call.argCount() == 2 && call.intArg(1, 0, MAX_SEND) == 0) {
            return socket == null
                    ? s.fail(QuectelErrors.SOCKET_CLOSED, "socket " + id + " is not open")
                    : Reply.ok(QuectelSocketCommands.sendCounters(socket.net(), RULES));
        }
        if (call.argCount() == 3) {
            return s.fail(QuectelErrors.INVALID_PARAMETERS, "an address without a port");
        }
        if (socket == null || socket.net() == null || socket.net().state() != SocketState.CONNECTED) {
            return s.fail(QuectelErrors.SOCKET_CLOSED, "socket " + id + " is not connected");
        }
        boolean service = socket.type == ServiceType.UDP_SERVICE;
        if (socket.mode == AccessMode.TRANSPARENT
                || socket.type == ServiceType.TCP_LISTENER
                || !service && call.argCount() == 4
                || service && call.argCount() < 4 && socket.serviceRemote == null) {
            return s.fail(
                    QuectelErrors.NOT_ALLOWED,
                    socket.mode == AccessMode.TRANSPARENT
                            ? "socket " + id + " is in transparent mode"
                            : socket.type == ServiceType.TCP_LISTENER
                                    ? "socket " + id + " is a listener"
                                    : service
                                            ? "a UDP service opened with no remote sends to an address and a port"
                                            : "only a UDP service sends to an address and a port");
        }
        // A UDP service sends where AT+QISEND says, else to the remote AT+QIOPEN named (README).
        java.net.InetSocketAddress to = service ? socket.serviceRemote : null;
        if (call.argCount() == 4) {
            to = Addresses.literal(call.stringArg(2), call.intArg(3, 0, 65535));
            if (to == null) {
                return s.fail(QuectelErrors.INVALID_PARAMETERS);
            }
        }
        java.net.InetSocketAddress target = to;
        // AT+QICFG="dataformat",1: the host types two hex digits per byte; lengths count bytes.
        boolean hex = s.options().dataFormat().sendHex();
        int perByte = hex ? 2 : 1;
        Function<byte[], Reply> onData = typed -> {
            byte[] data = hex ? Hex.decode(new String(typed, StandardCharsets.ISO_8859_1)) : typed;
            return data == null ? s.fail(QuectelErrors.INVALID_PARAMETERS) : deliver(s, socket, data, target);
        };
        DataEntry entry = call.argCount() == 1
                ? DataEntry.untilCtrlZ(MAX_SEND * perByte, onData)
                : DataEntry.fixed(call.intArg(1, 1, MAX_SEND) * perByte, onData);
        return Reply.prompt(entry.echo(s.dataEcho()));
    }

    /**
     * SEND OK once the module took the data; SEND FAIL when its send buffer is full, when its stack
     * failed to take the data (the send-fail fault: 558 for AT+QIGETERROR), when the policy denies a
     * datagram's destination, or when the module has no network service.
     */
    static Reply deliver(Bg96Session s, Bg96Socket socket, byte[] data, java.net.InetSocketAddress to) {
        if (!s.modem().radio().carriesData()) { // no service: nothing leaves the radio
            s.lastError(QuectelErrors.WRITE_FAILED);
            return Reply.text("SEND FAIL").because("no network service");
        }
        NetError error =
                socket.net() == null ? NetError.NOT_CONNECTED : socket.net().send(data, to);
        if (error == null) {
            s.radio().uplink();
            return Reply.text("SEND OK");
        }
        if (error == NetError.BUFFER_FULL || error == NetError.SEND_FAILED || error == NetError.DENIED) {
            s.lastError(error == NetError.DENIED ? QuectelErrors.CONNECT_FAILED : QuectelErrors.WRITE_FAILED);
            return Reply.text("SEND FAIL");
        }
        return s.fail(QuectelErrors.of(error));
    }

    /** 2.1.8 AT+QIRD=<connectID>[,<read_length>]; =<connectID>,0 queries the counters. */
    private static AtCommand<Bg96Session> qird() {
        return AtCommand.<Bg96Session>named("+QIRD")
                .summary("Read received data (buffer access mode), or query the counters")
                .section("2.1.8")
                .test("+QIRD: (0-11),(0-1500)")
                .set(tcpip((s, call) -> {
                    call.atMost(2);
                    Bg96Socket socket = s.socket(call.intArg(0, 0, Bg96Session.SOCKETS - 1));
                    // Drivers sometimes ask for more than 1500: the module gives at most 1500.
                    int length = call.intArg(1, 0, 65535, MAX_READ);
                    if (socket == null || socket.net() == null || socket.type == ServiceType.TCP_LISTENER) {
                        return s.fail(
                                QuectelErrors.SOCKET_CLOSED,
                                socket == null || socket.net() == null
                                        ? "socket " + call.arg(0).text() + " is not open"
                                        : "socket " + call.arg(0).text() + " is a listener");
                    }
                    if (call.has(1) && length == 0) {
                        long received = socket.received();
                        long read = socket.readTotal();
                        return Reply.ok("+QIRD: " + received + "," + read + "," + (received - read));
                    }
                    if (socket.type == ServiceType.UDP_SERVICE) {
                        Datagram d = socket.readDatagram();
                        if (d == null) {
                            return Reply.ok("+QIRD: 0");
                        }
                        String header = "+QIRD: " + d.data().length + ",\""
                                + d.sender().getAddress().getHostAddress() + "\","
                                + d.sender().getPort();
                        return socket.readReply(header, d.data());
                    }
                    byte[] data = socket.read(Math.min(length, MAX_READ));
                    if (data.length == 0) {
                        return Reply.ok("+QIRD: 0");
                    }
                    return socket.readReply("+QIRD: " + data.length, data);
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** 2.1.9 AT+QISENDEX=<connectID>,<hex_string> */
    private static AtCommand<Bg96Session> qisendex() {
        return AtCommand.<Bg96Session>named("+QISENDEX")
                .summary("Send data given as a hex string")
                .section("2.1.9")
                .test("+QISENDEX: (0-11),<hex_string>")
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(2);
                    Bg96Socket socket = s.socket(call.intArg(0, 0, Bg96Session.SOCKETS - 1));
                    String hex = call.stringArg(1);
                    byte[] data = hex.length() <= 1024 ? Hex.decode(hex) : null;
                    if (data == null || data.length == 0) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS, "not 1..512 bytes of hex: " + hex);
                    }
                    if (socket == null
                            || socket.net() == null
                            || socket.net().state() != SocketState.CONNECTED
                            || socket.type == ServiceType.TCP_LISTENER
                            || socket.type == ServiceType.UDP_SERVICE) {
                        return s.fail(
                                QuectelErrors.SOCKET_CLOSED,
                                "socket " + call.arg(0).text() + " is not a connected client");
                    }
                    return deliver(s, socket, data, null);
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** 2.1.16 AT+QISDE=<echo>: whether AT+QISEND echoes the data. */
    private static AtCommand<Bg96Session> qisde() {
        return AtCommand.<Bg96Session>named("+QISDE")
                .summary("Echo the data of AT+QISEND or not")
                .section("2.1.16")
                .test("+QISDE: (0,1)")
                .read((s, call) -> Reply.ok("+QISDE: " + (s.dataEcho() ? 1 : 0)))
                .set(tcpip((s, call) -> {
                    s.dataEcho(call.atMost(1).intArg(0, 0, 1) == 1);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** 2.1.17 AT+QIGETERROR: the code and text of the last TCP/IP command's error. */
    private static AtCommand<Bg96Session> qigeterror() {
        return AtCommand.<Bg96Session>named("+QIGETERROR")
                .summary("The last TCP/IP error code and its description")
                .section("2.1.17")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok("+QIGETERROR: " + s.lastError() + ","
                        + QuectelErrors.text(s.lastError()).toLowerCase(java.util.Locale.ROOT)))
                .build();
    }
}
