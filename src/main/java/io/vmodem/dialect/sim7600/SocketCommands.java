package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Final;
import io.vmodem.at.Handler;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.Hex;
import io.vmodem.net.Addresses;
import io.vmodem.net.PdpContext;
import io.vmodem.net.TcpConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The link commands: AT+CIPOPEN, AT+CIPCLOSE, AT+CIPSEND, AT+CIPRXGET and AT+CIPACK (L1103–L1106,
 * L1116).
 */
final class SocketCommands {
    static final int MAX_SEND = 1500;
    static final int MAX_READ = 1500;
    static final int MAX_HEX_READ = 750;

    private SocketCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(cipopen(), cipclose(), cipsend(), ciprxget(), cipack());
    }

    /** A link number 0–9; {@code +IP ERROR: Invalid parameter} for anything else. */
    private static int linkArg(CommandCall call, int i) {
        return call.intArg(i, 0, Sim7600Session.LINKS - 1);
    }

    private static final Handler<Sim7600Session> INVALID_IP = (s, call) -> s.ipFail(Sim7600Errors.IP_INVALID_PARAMETER);

    /**
     * L1103 AT+CIPOPEN=<link_num>,"TCP",<serverIP>,<serverPort>[,<localPort>] (OK, then
     * {@code +CIPOPEN: <l>,<err>}), =<link_num>,"UDP",,,<localPort> ({@code +CIPOPEN: <l>,0} before
     * OK); with AT+CIPMODE=1 at AT+NETOPEN, link 0 only and {@code CONNECT 115200}. The read form
     * lists all ten links.
     */
    private static AtCommand<Sim7600Session> cipopen() {
        return AtCommand.<Sim7600Session>named("+CIPOPEN")
                .summary("Open a TCP or UDP link: TCP answers +CIPOPEN: <l>,<err> after OK, UDP before it")
                .section("L1103")
                .test("+CIPOPEN: (0-9),(\"TCP\",\"UDP\")")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < Sim7600Session.LINKS; i++) {
                        Sim7600Link link = s.link(i);
                        lines.add(
                                link != null && link.established() && link.described()
                                        ? link.describe()
                                        : "+CIPOPEN: " + i);
                    }
                    return Reply.ok(lines);
                })
                .set(SocketCommands::open)
                .onInvalid(INVALID_IP)
                .build();
    }

    private static Reply open(Sim7600Session s, CommandCall call) {
        call.atLeast(2).atMost(5);
        int id = linkArg(call, 0);
        String type = call.stringArg(1).toUpperCase(Locale.ROOT);
        boolean tcp = type.equals("TCP");
        if (!tcp && !type.equals("UDP")) {
            return fail(id, Sim7600Errors.WRONG_PARAMETER);
        }
        String host = call.stringArg(2, "");
        int port;
        int localPort;
        try {
            port = call.intArg(3, 0, 65535, 0);
            localPort = call.intArg(4, 0, 65535, 0);
        } catch (InvalidArgument e) {
            return fail(id, Sim7600Errors.WRONG_PARAMETER);
        }
        boolean transparent = s.transparentService();
        if ((tcp || transparent) && (host.isEmpty() || port == 0)) {
            return fail(id, Sim7600Errors.WRONG_PARAMETER);
        }
        if (!s.netOpen()) {
            return fail(id, Sim7600Errors.NETWORK_NOT_OPENED);
        }
        if (transparent && id != 0) {
            return s.ipFail(Sim7600Errors.IP_INVALID_PARAMETER);
        }
        Sim7600Link old = s.link(id);
        // A leaked link (README, "Faults and conditions") answers as one in use, for good.
        if (old != null && !old.closed() || s.modem().connectIdLeaks().leaked(id)) {
            return fail(id, Sim7600Errors.NOT_SUPPORTED);
        }
        if (tcp && !s.modem().radio().carriesData()) {
            return fail(id, Sim7600Errors.NETWORK_FAILURE);
        }
        if (old != null) {
            s.free(old);
        }
        PdpContext context = s.socketContext();
        var network = s.modem().network();
        Sim7600Link link = new Sim7600Link(s, id, tcp, host, tcp || transparent ? port : localPort, -1, transparent);
        s.claim(link);
        if (tcp && !transparent) {
            link.net = network.connectTcp(context, host, port, localPort, link);
            link.openTimeout(s.settings().timeouts.cipopen());
            return Reply.ok();
        }
        return Reply.later(done -> {
            link.opening = done;
            if (tcp) {
                link.net = network.connectTcp(context, host, port, localPort, link);
            } else if (transparent) {
                link.net = network.openUdp(context, host, port, localPort, link);
            } else {
                // A bind succeeds or fails at once: no timeout to wait for.
                link.net = network.bindUdp(context, localPort, link);
                return;
            }
            link.openTimeout(s.settings().timeouts.cipopen());
        });
    }

    private static Reply fail(int id, int err) {
        return Reply.of(Final.ERROR, "+CIPOPEN: " + id + "," + err).because(Sim7600Errors.text(err));
    }

    /**
     * L1104 AT+CIPCLOSE=<link_num>: TCP {@code OK} then {@code +CIPCLOSE: <l>,0}; UDP
     * {@code +CIPCLOSE: <l>,0} then OK; transparent links add {@code CLOSED}. Not open:
     * {@code +CIPCLOSE: <l>,4} then ERROR. The read form gives the ten link states.
     */
    private static AtCommand<Sim7600Session> cipclose() {
        return AtCommand.<Sim7600Session>named("+CIPCLOSE")
                .summary("Close a link; the read form gives the states of all ten")
                .section("L1104")
                .test("+CIPCLOSE: (0-9)")
                .read((s, call) -> {
                    StringBuilder sb = new StringBuilder("+CIPCLOSE: ");
                    for (int i = 0; i < Sim7600Session.LINKS; i++) {
                        Sim7600Link link = s.link(i);
                        sb.append(i == 0 ? "" : ",").append(link != null && link.established() ? 1 : 0);
                    }
                    return Reply.ok(sb.toString());
                })
                .set((s, call) -> {
                    int id = linkArg(call.atMost(1), 0);
                    Sim7600Link link = s.link(id);
                    if (link == null || link.closed()) {
                        if (link != null) {
                            s.free(link);
                        }
                        return Reply.of(
                                Final.ERROR,
                                "+CIPCLOSE: " + id + ","
                                        + (s.netOpen()
                                                ? Sim7600Errors.NOT_SUPPORTED
                                                : Sim7600Errors.NETWORK_NOT_OPENED));
                    }
                    s.free(link);
                    String done = "+CIPCLOSE: " + id + ",0";
                    if (link.tcp) {
                        if (link.transparent) {
                            s.urc("CLOSED");
                        }
                        s.urc(done);
                        return Reply.ok();
                    }
                    return link.transparent ? Reply.ok("CLOSED", done) : Reply.ok(done);
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    /**
     * L1105 AT+CIPSEND=<link_num>,[<length>] (TCP) and =<link_num>,[<length>],<serverIP>,<serverPort>
     * (UDP): a {@code >} prompt, then exactly {@code <length>} bytes, or bytes up to Ctrl+Z with
     * ETX escaping Ctrl+Z, ESC and ETX (ESC cancels); {@code OK}, then
     * {@code +CIPSEND: <l>,<req>,<cnf>}. Failures: {@code +CIPERROR: <err>} then ERROR.
     */
    private static AtCommand<Sim7600Session> cipsend() {
        return AtCommand.<Sim7600Session>named("+CIPSEND")
                .summary("Send on a link: fixed length or Ctrl+Z-ended with ETX escapes, TCP or UDP;"
                        + " OK then +CIPSEND: <l>,<req>,<cnf>")
                .section("L1105")
                .test("+CIPSEND: (0-9),(1-1500)")
                .read((s, call) -> Reply.ok("+CIPSEND: (0-9),(1-1500)"))
                .set(SocketCommands::send)
                .onInvalid((s, call) -> Sim7600Session.cipError(Sim7600Errors.WRONG_PARAMETER))
                .build();
    }

    private static Reply send(Sim7600Session s, CommandCall call) {
        call.atMost(4);
        int id = linkArg(call, 0);
        int length = call.has(1) ? call.intArg(1, 1, MAX_SEND) : -1;
        Sim7600Link link = s.link(id);
        if (link == null || !link.established() || link.transparent) {
            return Sim7600Session.cipError(Sim7600Errors.NOT_SUPPORTED);
        }
        InetSocketAddress to = null;
        if (call.argCount() > 2) {
            String host = call.stringArg(2);
            int port = call.intArg(3, 0, 65535);
            to = Addresses.literal(host, port);
            if (!link.tcp && (to == null || port == 0)) {
                return Sim7600Session.cipError(Sim7600Errors.WRONG_PARAMETER);
            }
        } else if (!link.tcp) {
            return Sim7600Session.cipError(Sim7600Errors.WRONG_PARAMETER);
        }
        if (link.awaitingAck() || !link.writable()) {
            return Sim7600Session.cipError(Sim7600Errors.BUSY);
        }
        if (!s.modem().radio().carriesData()) {
            return Sim7600Session.cipError(Sim7600Errors.NETWORK_FAILURE);
        }
        InetSocketAddress target = link.tcp ? null : to;
        DataEntry entry = length > 0
                ? DataEntry.fixed(length, data -> link.send(data, target))
                : DataEntry.untilCtrlZWithEtx(MAX_SEND, data -> link.send(data, target));
        return Reply.prompt(entry);
    }

    /**
     * L1106 AT+CIPRXGET=<mode>: 0 push (default), 1 buffer and report {@code +CIPRXGET: 1,<l>};
     * =2,<l>[,<len>] reads text, =3,<l>[,<len>] hex, both as
     * {@code +CIPRXGET: <mode>,<l>,<read_len>,<rest_len>}; =4,<l> gives the rest.
     */
    private static AtCommand<Sim7600Session> ciprxget() {
        return AtCommand.<Sim7600Session>named("+CIPRXGET")
                .summary("Receive mode (0 push, 1 buffer), read as text (2) or hex (3), or the unread length (4)")
                .section("L1106")
                .test("+CIPRXGET: (0-4),(0-9),(1-1500)")
                .read((s, call) -> Reply.ok("+CIPRXGET: " + (s.settings().readManually ? 1 : 0)))
                .set(SocketCommands::rxget)
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    private static Reply rxget(Sim7600Session s, CommandCall call) {
        int mode = call.intArg(0, 0, 4);
        if (mode <= 1) {
            call.atMost(1);
            s.readManually(mode == 1);
            return Reply.ok();
        }
        int id;
        int length;
        try {
            call.atMost(mode == 4 ? 2 : 3);
            id = linkArg(call, 1);
            // Drivers sometimes ask for more than the module gives in one read.
            length = call.intArg(2, 1, 65535, mode == 2 ? MAX_READ : MAX_HEX_READ);
        } catch (InvalidArgument e) {
            return s.ipFail(Sim7600Errors.IP_INVALID_PARAMETER);
        }
        if (!s.settings().readManually) {
            return s.ipFail(Sim7600Errors.IP_NOT_SUPPORTED);
        }
        Sim7600Link link = s.link(id);
        if (link == null || link.opening()) {
            return s.ipFail(s.netOpen() ? Sim7600Errors.IP_NOT_CREATED : Sim7600Errors.IP_NOT_OPENED);
        }
        if (link.transparent) {
            return s.ipFail(Sim7600Errors.IP_NOT_SUPPORTED);
        }
        if (mode == 4) {
            return Reply.ok("+CIPRXGET: 4," + id + "," + link.unread());
        }
        if (link.unread() == 0) {
            return s.ipFail(Sim7600Errors.IP_NO_DATA);
        }
        byte[] data = link.read(Math.min(length, mode == 2 ? MAX_READ : MAX_HEX_READ));
        String header = "+CIPRXGET: " + mode + "," + id + "," + data.length + "," + link.unread();
        Reply.Builder reply = Reply.builder().line(header);
        return mode == 2 ? reply.data(data).ok() : reply.line(Hex.encode(data)).ok();
    }

    /** L1116 AT+CIPACK=<link_num>: {@code +CIPACK: <sent>,<acknowledged>,<received>} of a TCP link. */
    private static AtCommand<Sim7600Session> cipack() {
        return AtCommand.<Sim7600Session>named("+CIPACK")
                .summary("Bytes sent, acknowledged by the peer (from the kernel) and received on a TCP link")
                .section("L1116")
                .test("+CIPACK: (0-9)")
                .set((s, call) -> {
                    int id = linkArg(call.atMost(1), 0);
                    if (!s.netOpen()) {
                        return s.ipFail(Sim7600Errors.IP_NOT_OPENED);
                    }
                    Sim7600Link link = s.link(id);
                    if (link == null || !link.established()) {
                        return s.ipFail(Sim7600Errors.IP_NOT_CREATED);
                    }
                    if (!(link.net instanceof TcpConnection c)) {
                        return s.ipFail(Sim7600Errors.IP_NOT_SUPPORTED);
                    }
                    return Reply.ok("+CIPACK: " + c.sent() + "," + c.acknowledged() + "," + c.received());
                })
                .onInvalid(INVALID_IP)
                .build();
    }
}
