package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.net.Addresses;
import io.vmodem.net.Datagram;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.net.SocketState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The BG96 socket commands (TCP/IP manual 2.1.4–2.1.9, 2.1.16, 2.1.17): open, close, state, send,
 * read, send hex, data echo and the last error.
 */
final class Bg96SocketCommands {
    static final int MAX_SEND = 1460;
    static final int MAX_READ = 1500;

    private Bg96SocketCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qiopen(), qiclose(), qistate(), qisend(), qird(), qisendex(), qisde(), qigeterror());
    }

    /** 2.1.4 AT+QIOPEN=<contextID>,<connectID>,<service_type>,<IP>,<remote_port>[,<local_port>[,<access_mode>]] */
    private static AtCommand<Bg96Session> qiopen() {
        return AtCommand.<Bg96Session>named("+QIOPEN")
                .summary("Open a socket service; the outcome comes as +QIOPEN: <id>,<err>")
                .section("2.1.4")
                .test("+QIOPEN: (1-16),(0-11),\"TCP/UDP/TCP LISTENER/UDP SERVICE\","
                        + "\"<IP_address>/<domain_name>\",<remote_port>,<local_port>,(0-2)")
                .set(tcpip(Bg96SocketCommands::open))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply open(Bg96Session s, CommandCall call) {
        call.atLeast(5).atMost(7);
        int cid = call.intArg(0, 1, 16);
        int id = call.intArg(1, 0, Bg96Session.SOCKETS - 1);
        ServiceType type = ServiceType.openable(call.stringArg(2));
        String host = call.stringArg(3);
        int remotePort = call.intArg(4, 0, 65535);
        int localPort = call.intArg(5, 0, 65535, 0);
        AccessMode mode = AccessMode.of(call.intArg(6, 0, 2, 0));
        boolean server = type == ServiceType.TCP_LISTENER || type == ServiceType.UDP_SERVICE;
        if (type == null || host.isEmpty() && !server || server && !call.has(5)) {
            return s.fail(
                    QuectelErrors.INVALID_PARAMETERS,
                    type == null
                            ? "unknown service type " + call.arg(2).text()
                            : server ? "a server needs its local port (parameter 6)" : "no remote host");
        }
        if (mode == AccessMode.TRANSPARENT && type == ServiceType.UDP_SERVICE) {
            // A UDP service talks to any peer: there is no one stream for the port to carry.
            return s.fail(QuectelErrors.NOT_SUPPORTED, "a UDP service has no transparent mode");
        }
        // Transparent clients answer CONNECT or ERROR once the open is over, with no OK before.
        boolean connect = mode == AccessMode.TRANSPARENT && !server;
        if (s.socket(id) != null) {
            if (connect) {
                return s.fail(QuectelErrors.ID_IN_USE, "connect ID " + id + " is in use");
            }
            s.lastError(QuectelErrors.ID_IN_USE);
            s.urc("+QIOPEN: " + id + "," + QuectelErrors.ID_IN_USE);
            return Reply.ok();
        }
        PdpContext context = s.modem().network().context(cid);
        Bg96Socket socket = new Bg96Socket(s, id, type, cid, server ? "" : host, remotePort, localPort, id, mode);
        s.claim(socket);
        Runnable start = () -> {
            var network = s.modem().network();
            socket.net = switch (type) {
                case TCP -> network.connectTcp(context, host, remotePort, localPort, socket);
                case UDP -> network.openUdp(context, host, remotePort, localPort, socket);
                case TCP_LISTENER -> network.listenTcp(context, localPort, socket);
                case UDP_SERVICE -> network.bindUdp(context, localPort, socket);
                case TCP_INCOMING -> throw new IllegalStateException("not openable");
            };
        };
        if (connect) {
            return Reply.later(done -> {
                socket.connectReply = done;
                start.run();
            });
        }
        start.run();
        return Reply.ok();
    }

    /**
     * 2.1.5 AT+QICLOSE=<connectID>[,<timeout>]: answers at once for an ID that is not open, else
     * once the connection is closed (the network's close delay, at most {@code <timeout>} seconds).
     */
    private static AtCommand<Bg96Session> qiclose() {
        return AtCommand.<Bg96Session>named("+QICLOSE")
                .summary("Close a socket service")
                .section("2.1.5")
                .test("+QICLOSE: (0-11),(0-65535)")
                .set(tcpip((s, call) -> {
                    call.atMost(2);
                    int id = call.intArg(0, 0, Bg96Session.SOCKETS - 1);
                    Duration timeout = Duration.ofSeconds(call.intArg(1, 0, 65535, 10));
                    Bg96Socket socket = s.socket(id);
                    if (socket == null) {
                        return Reply.ok();
                    }
                    socket.close();
                    // The FIN exchange takes the network's close delay, or <timeout> at most.
                    Duration delay = s.modem().network().settings().closeDelay();
                    if (timeout.compareTo(delay) < 0) {
                        delay = timeout;
                    }
                    if (delay.isZero()) {
                        s.release(socket);
                        return Reply.ok();
                    }
                    return Reply.after(delay, () -> {
                        s.release(socket);
                        return Reply.ok();
                    });
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** 2.1.6 AT+QISTATE / AT+QISTATE? / AT+QISTATE=<query_type>,<contextID|connectID> */
    private static AtCommand<Bg96Session> qistate() {
        return AtCommand.<Bg96Session>named("+QISTATE")
                .summary("Socket service status")
                .section("2.1.6")
                .test((s, call) -> Reply.ok())
                .exec(tcpip((s, call) -> states(s, -1, -1)))
                .read(tcpip((s, call) -> states(s, -1, -1)))
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int queryType = call.intArg(0, 0, 1);
                    return queryType == 0
                            ? states(s, call.intArg(1, 1, 16), -1)
                            : states(s, -1, call.intArg(1, 0, Bg96Session.SOCKETS - 1));
                }))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply states(Bg96Session s, int contextId, int connectId) {
        List<String> lines = new ArrayList<>();
        for (Bg96Socket socket : s.sockets()) {
            if ((contextId < 0 || socket.contextId == contextId) && (connectId < 0 || socket.id == connectId)) {
                lines.add(socket.stateLine());
            }
        }
        return Reply.ok(lines);
    }

    /**
     * 2.1.7 AT+QISEND=<connectID> (until Ctrl+Z), =<connectID>,<send_length> (fixed),
     * =<connectID>,<send_length>,<remoteIP>,<remote_port> (UDP service), =<connectID>,0 (query).
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
            if (socket == null) {
                return s.fail(QuectelErrors.SOCKET_CLOSED, "socket " + id + " is not open");
            }
            long sent = socket.net == null ? 0 : socket.net.sent();
            long acked = socket.net == null ? 0 : socket.net.acknowledged();
            return Reply.ok("+QISEND: " + sent + "," + acked + "," + (sent - acked));
        }
        if (call.argCount() == 3) {
            return s.fail(QuectelErrors.INVALID_PARAMETERS, "an address without a port");
        }
        if (socket == null || socket.net == null || socket.net.state() != SocketState.CONNECTED) {
            return s.fail(QuectelErrors.SOCKET_CLOSED, "socket " + id + " is not connected");
        }
        if (socket.mode == AccessMode.TRANSPARENT
                || socket.type == ServiceType.TCP_LISTENER
                || (socket.type == ServiceType.UDP_SERVICE) != (call.argCount() == 4)) {
            return s.fail(
                    QuectelErrors.NOT_ALLOWED,
                    socket.mode == AccessMode.TRANSPARENT
                            ? "socket " + id + " is in transparent mode"
                            : socket.type == ServiceType.TCP_LISTENER
                                    ? "socket " + id + " is a listener"
                                    : socket.type == ServiceType.UDP_SERVICE
                                            ? "a UDP service sends to an address and a port"
                                            : "only a UDP service sends to an address and a port");
        }
        java.net.InetSocketAddress to = null;
        if (call.argCount() == 4) {
            to = Addresses.literal(call.stringArg(2), call.intArg(3, 0, 65535));
            if (to == null) {
                return s.fail(QuectelErrors.INVALID_PARAMETERS);
            }
        }
        java.net.InetSocketAddress target = to;
        // AT+QICFG="dataformat",1: the host types two hex digits per byte; lengths count bytes.
        boolean hex = s.options().sendHex();
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

    /** SEND OK once the module took the data; SEND FAIL when its send buffer is full. */
    static Reply deliver(Bg96Session s, Bg96Socket socket, byte[] data, java.net.InetSocketAddress to) {
        NetError error = socket.net == null ? NetError.NOT_CONNECTED : socket.net.send(data, to);
        if (error == null) {
            return Reply.text("SEND OK");
        }
        if (error == NetError.BUFFER_FULL) {
            s.lastError(QuectelErrors.WRITE_FAILED);
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
                    if (socket == null || socket.net == null || socket.type == ServiceType.TCP_LISTENER) {
                        return s.fail(
                                QuectelErrors.SOCKET_CLOSED,
                                socket == null || socket.net == null
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
                            || socket.net == null
                            || socket.net.state() != SocketState.CONNECTED
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
