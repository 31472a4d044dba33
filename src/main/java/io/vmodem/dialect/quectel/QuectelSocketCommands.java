package io.vmodem.dialect.quectel;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.quectel.QuectelSocketRules.CloseAnswer;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetSocket;
import io.vmodem.net.PdpContext;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The socket commands Quectel modules share, written once: AT+QIOPEN, AT+QICLOSE, AT+QISTATE, the
 * frame of AT+QICFG with its "dataformat" setting, and the counters of AT+QISEND=<connectID>,0.
 * What differs between modules comes in as {@link QuectelSocketRules}; each dialect adds its manual's
 * section, summary and test lines to the builders returned here. Every error is the session's
 * {@link QuectelSockets#fail}, and every command clears the last error first (AT+QIGETERROR).
 */
public final class QuectelSocketCommands {
    private QuectelSocketCommands() {}

    /**
     * BG96 2.1.4, BC260Y-CN 2.3.2: {@code AT+QIOPEN=<contextID>,<connectID>,<service_type>,<host>,
     * <remote_port>[,<local_port>[,<access_mode>]]}: OK, then {@code +QIOPEN: <connectID>,<err>}; a
     * connect ID in use gives {@code <err>} 563. A transparent client answers CONNECT or ERROR once
     * the open is over, with no OK before it.
     */
    public static <T extends QuectelSocket, S extends ModemSession & QuectelSockets<T>> AtCommand.Builder<S> qiopen(
            QuectelSocketRules rules) {
        return named("+QIOPEN", (s, call) -> open(s, call, rules));
    }

    private static <T extends QuectelSocket, S extends ModemSession & QuectelSockets<T>> Reply open(
            S s, CommandCall call, QuectelSocketRules rules) {
        call.atLeast(5).atMost(7);
        int cid = call.intArg(0, rules.contexts().first(), rules.contexts().last());
        int id = call.intArg(1, 0, rules.sockets() - 1);
        ServiceType type = ServiceType.openable(call.stringArg(2));
        String host = call.stringArg(3);
        int remotePort = call.intArg(4, rules.firstRemotePort(), 65535);
        int localPort = call.intArg(5, 0, 65535, 0);
        int mode = call.intArg(
                6,
                rules.accessModes().first(),
                rules.accessModes().last(),
                rules.defaultAccessMode().code());
        QuectelOpen open = new QuectelOpen(cid, id, type, host, remotePort, localPort, AccessMode.of(mode));
        if (type == null || !rules.serviceTypes().contains(type)) {
            return s.fail(
                    QuectelErrors.INVALID_PARAMETERS,
                    "service type " + call.arg(2).text() + " is not one of " + rules.serviceTypes());
        }
        if (host.isEmpty() && !open.server() || host.length() > rules.maxHost()) {
            return s.fail(QuectelErrors.INVALID_PARAMETERS, "remote host empty or longer than " + rules.maxHost());
        }
        if (open.server() && !call.has(5)) {
            return s.fail(QuectelErrors.INVALID_PARAMETERS, "a server needs its local port (parameter 6)");
        }
        if (!rules.usableContexts().contains(cid)) {
            return s.fail(QuectelErrors.NOT_SUPPORTED, "context " + cid + " cannot carry sockets here");
        }
        if (!rules.usableAccessModes().contains(mode)) {
            return s.fail(QuectelErrors.NOT_SUPPORTED, "access mode " + mode + " is not supported");
        }
        if (!s.readyForSockets()) {
            return s.fail(QuectelErrors.NOT_SUPPORTED, "not attached yet (no +IP: reported)");
        }
        if (open.mode() == AccessMode.TRANSPARENT && type == ServiceType.UDP_SERVICE) {
            // A UDP service talks to any peer: there is no one stream for the port to carry.
            return s.fail(QuectelErrors.NOT_SUPPORTED, "a UDP service has no transparent mode");
        }
        boolean connect = open.mode() == AccessMode.TRANSPARENT && !open.server();
        // A leaked ID (README, "Faults and conditions") answers as a busy one, for good.
        if (s.socket(id) != null || s.modem().connectIdLeaks().leaked(id)) {
            if (connect) {
                return s.fail(QuectelErrors.ID_IN_USE, "connect ID " + id + " is in use");
            }
            s.lastError(QuectelErrors.ID_IN_USE);
            s.urc("+QIOPEN: " + id + "," + QuectelErrors.ID_IN_USE);
            return Reply.ok();
        }
        if (type == ServiceType.TCP && !s.modem().radio().carriesData()) {
            // No service: the SYN cannot leave the radio; the open fails as a connect that failed.
            if (connect) {
                return s.fail(QuectelErrors.CONNECT_FAILED, "no network service");
            }
            s.lastError(QuectelErrors.CONNECT_FAILED);
            s.urc("+QIOPEN: " + id + "," + QuectelErrors.CONNECT_FAILED);
            return Reply.ok();
        }
        T socket = s.newSocket(open);
        s.claim(socket);
        s.radio().uplink();
        if (connect) {
            return Reply.later(done -> {
                socket.answerOpenWith(done);
                start(s, socket, open);
            });
        }
        start(s, socket, open);
        return Reply.ok();
    }

    private static void start(ModemSession s, QuectelSocket socket, QuectelOpen o) {
        ModemNetwork network = s.modem().network();
        PdpContext context = network.context(o.contextId());
        socket.net = switch (o.type()) {
            case TCP -> network.connectTcp(context, o.host(), o.remotePort(), o.localPort(), socket);
            case UDP -> network.openUdp(context, o.host(), o.remotePort(), o.localPort(), socket);
            case TCP_LISTENER -> network.listenTcp(context, o.localPort(), socket);
            case UDP_SERVICE -> network.bindUdp(context, o.localPort(), socket);
            case TCP_INCOMING -> throw new IllegalStateException("not openable");
        };
    }

    /**
     * BG96 2.1.5, BC260Y-CN 2.3.3: {@code AT+QICLOSE=<connectID>[,<timeout>]}, answered as
     * {@link QuectelSocketRules#close()} says; the connect ID is free again.
     */
    public static <T extends QuectelSocket, S extends ModemSession & QuectelSockets<T>> AtCommand.Builder<S> qiclose(
            QuectelSocketRules rules) {
        return named("+QICLOSE", (s, call) -> close(s, call, rules));
    }

    private static <T extends QuectelSocket, S extends ModemSession & QuectelSockets<T>> Reply close(
            S s, CommandCall call, QuectelSocketRules rules) {
        boolean afterFin = rules.close() == CloseAnswer.AFTER_FIN;
        call.atMost(afterFin ? 2 : 1);
        T socket = s.socket(call.intArg(0, 0, rules.sockets() - 1));
        Duration timeout = afterFin ? Duration.ofSeconds(call.intArg(1, 0, 65535, 10)) : Duration.ZERO;
        if (socket != null) {
            if (rules.closeAlwaysTransmits() || finGoesOut(socket.net())) {
                s.radio().uplink();
            }
            socket.close();
        }
        if (!afterFin) {
            if (socket != null) {
                s.release(socket);
            }
            s.urc("CLOSE OK");
            return Reply.ok();
        }
        if (socket == null) {
            return Reply.ok();
        }
        return okAfterFin(s, timeout, () -> s.release(socket));
    }

    /**
     * OK once a closed connection's FIN exchange is over: the network's close delay, or {@code
     * timeout} at most (BG96 AT+QICLOSE and AT+QSSLCLOSE); {@code release} frees the ID then.
     */
    public static Reply okAfterFin(ModemSession s, Duration timeout, Runnable release) {
        Duration delay = s.modem().network().settings().closeDelay();
        if (timeout.compareTo(delay) < 0) {
            delay = timeout;
        }
        if (delay.isZero()) {
            release.run();
            return Reply.ok();
        }
        return Reply.after(delay, () -> {
            release.run();
            return Reply.ok();
        });
    }

    private static boolean finGoesOut(NetSocket net) {
        return net instanceof TcpConnection && net.state() == SocketState.CONNECTED;
    }

    /**
     * BG96 2.1.6, BC260Y-CN 2.3.4: {@code AT+QISTATE?}, {@code AT+QISTATE=<query_type>,<contextID>}
     * (0) and {@code =<query_type>,<connectID>} (1): a {@code +QISTATE:} line per socket, then OK.
     */
    public static <T extends QuectelSocket, S extends ModemSession & QuectelSockets<T>> AtCommand.Builder<S> qistate(
            QuectelSocketRules rules) {
        Handler<S> all = tcpip((s, call) -> states(s, -1, -1));
        AtCommand.Builder<S> b = AtCommand.<S>named("+QISTATE")
                .test((s, call) -> Reply.ok())
                .read(all)
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int queryType = call.intArg(0, 0, 1);
                    return queryType == 0
                            ? states(
                                    s,
                                    call.intArg(
                                            1,
                                            rules.contexts().first(),
                                            rules.contexts().last()),
                                    -1)
                            : states(s, -1, call.intArg(1, 0, rules.sockets() - 1));
                }))
                .onInvalid(invalid());
        if (rules.stateExec()) {
            b.exec(all);
        }
        return b;
    }

    private static <T extends QuectelSocket> Reply states(QuectelSockets<T> s, int contextId, int connectId) {
        List<String> lines = new ArrayList<>();
        for (T socket : s.sockets()) {
            if ((contextId < 0 || socket.contextId() == contextId) && (connectId < 0 || socket.id() == connectId)) {
                lines.add(socket.stateLine());
            }
        }
        return Reply.ok(lines);
    }

    /**
     * {@code +QISEND: <sent>,<acked>,<unacked>}, the answer to {@code AT+QISEND=<connectID>,0} (BG96
     * 2.1.7, BC260Y-CN 2.3.5): acknowledgements as the kernel counts them.
     */
    public static String sendCounters(NetSocket net, QuectelSocketRules rules) {
        if (net == null || rules.countersEndWithConnection() && net.state() != SocketState.CONNECTED) {
            return "+QISEND: 0,0,0";
        }
        long sent = net.sent();
        boolean tcp = net instanceof TcpConnection;
        long acked = tcp || rules.udpAcknowledged() ? net.acknowledged() : 0;
        return "+QISEND: " + sent + "," + acked + "," + (tcp ? sent - acked : 0);
    }

    /**
     * One {@code AT+QICFG="<name>"[,...]} setting: its test line, its values as the query (the name
     * alone) answers them, and how a call sets it (throwing for a bad parameter).
     */
    public record Setting<S>(
            String name, String test, Function<? super S, String> values, BiConsumer<? super S, CommandCall> set) {}

    /**
     * BG96 2.1.15, BC260Y-CN 2.3.1: {@code AT+QICFG="<name>"[,<values>]} over a module's settings; the
     * name alone queries ({@code +QICFG: "<name>",<values>}), an unknown name is an error.
     */
    public static <S extends QuectelSockets<?>> AtCommand.Builder<S> qicfg(List<Setting<S>> settings) {
        return AtCommand.<S>named("+QICFG")
                .test(settings.stream().map(Setting::test).toArray(String[]::new))
                .set(tcpip((s, call) -> {
                    String name = call.stringArg(0).toLowerCase(Locale.ROOT);
                    for (Setting<S> setting : settings) {
                        if (setting.name().equals(name)) {
                            if (call.argCount() == 1) {
                                return Reply.ok("+QICFG: \"" + name + "\","
                                        + setting.values().apply(s));
                            }
                            setting.set().accept(s, call);
                            return Reply.ok();
                        }
                    }
                    return s.fail(QuectelErrors.INVALID_PARAMETERS);
                }))
                .onInvalid(invalid());
    }

    /** {@code "dataformat",<send_data_format>,<recv_data_format>}: 0 text, 1 hex, both required. */
    public static <S> Setting<S> dataFormat(Function<? super S, DataFormat> format) {
        return new Setting<>(
                "dataformat",
                "+QICFG: \"dataformat\",(0,1),(0,1)",
                s -> {
                    DataFormat f = format.apply(s);
                    return (f.sendHex() ? 1 : 0) + "," + (f.recvHex() ? 1 : 0);
                },
                (s, call) -> {
                    call.atLeast(3).atMost(3);
                    format.apply(s).set(call.intArg(1, 0, 1) == 1, call.intArg(2, 0, 1) == 1);
                });
    }

    /** A TCP/IP command with its set form: errors are the module's, the last error is cleared first. */
    private static <S extends QuectelSockets<?>> AtCommand.Builder<S> named(String name, Handler<S> set) {
        return AtCommand.<S>named(name).set(tcpip(set)).onInvalid(invalid());
    }

    /** Every TCP/IP command records its outcome for AT+QIGETERROR; success clears it. */
    public static <S extends QuectelSockets<?>> Handler<S> tcpip(Handler<S> h) {
        return (s, call) -> {
            s.lastError(QuectelErrors.OK);
            return h.handle(s, call);
        };
    }

    /** A bad parameter: the module's error for invalid parameters. */
    public static <S extends QuectelSockets<?>> Handler<S> invalid() {
        return (s, call) -> s.fail(QuectelErrors.INVALID_PARAMETERS);
    }
}
