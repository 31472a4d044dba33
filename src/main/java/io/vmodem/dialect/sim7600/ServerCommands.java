package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import java.util.ArrayList;
import java.util.List;

/** AT+SERVERSTART and AT+SERVERSTOP: TCP servers on the context's address (L1114, L1115). */
final class ServerCommands {
    private ServerCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(serverstart(), serverstop());
    }

    /**
     * L1114 AT+SERVERSTART=<port>,<server_index>[,<backlog>]: OK once listening; each accepted
     * client is {@code +CLIENT: <l>,<server_index>,<ip>:<port>}. Failures: {@code +CIPERROR: <err>}.
     * The read form lists {@code +SERVERSTART: <server_index>,<port>}.
     */
    private static AtCommand<Sim7600Session> serverstart() {
        return AtCommand.<Sim7600Session>named("+SERVERSTART")
                .summary("Start a TCP server (index 0-3); clients arrive as +CLIENT: <l>,<server>,<ip>:<port>")
                .section("L1114")
                .test("+SERVERSTART: (0-65535),(0-3)")
                .read((s, call) -> {
                    if (!s.netOpen()) {
                        return Sim7600Session.cipError(Sim7600Errors.NETWORK_NOT_OPENED);
                    }
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < Sim7600Session.SERVERS; i++) {
                        Sim7600Server server = s.server(i);
                        if (server != null && server.starting == null) {
                            lines.add("+SERVERSTART: " + i + "," + server.port());
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(2).atMost(3);
                    int port = call.intArg(0, 0, 65535);
                    int index = call.intArg(1, 0, Sim7600Session.SERVERS - 1);
                    int backlog = call.intArg(2, 1, 3, 3);
                    if (!s.netOpen()) {
                        return Sim7600Session.cipError(Sim7600Errors.NETWORK_NOT_OPENED);
                    }
                    if (s.transparentService()) {
                        return Sim7600Session.cipError(Sim7600Errors.NOT_SUPPORTED);
                    }
                    if (s.server(index) != null) {
                        return Sim7600Session.cipError(Sim7600Errors.SERVER_LISTENING);
                    }
                    Sim7600Server server = new Sim7600Server(s, index, port, backlog);
                    s.server(index, server);
                    return Reply.later(done -> {
                        server.starting = done;
                        server.net = s.modem().network().listenTcp(s.socketContext(), port, server);
                    });
                })
                .onInvalid((s, call) -> Sim7600Session.cipError(Sim7600Errors.WRONG_PARAMETER))
                .build();
    }

    /**
     * L1115 AT+SERVERSTOP=<server_index>: {@code +SERVERSTOP: <i>,0} then OK. The server's clients
     * must be closed first ({@code +SERVERSTOP: <i>,9} then ERROR while one is open).
     */
    private static AtCommand<Sim7600Session> serverstop() {
        return AtCommand.<Sim7600Session>named("+SERVERSTOP")
                .summary("Stop a TCP server; its clients must be closed first")
                .section("L1115")
                .test("+SERVERSTOP: (0-3)")
                .set((s, call) -> {
                    int index = call.atMost(1).intArg(0, 0, Sim7600Session.SERVERS - 1);
                    Sim7600Server server = s.server(index);
                    if (server == null || server.starting != null) {
                        return stopFailed(
                                index, s.netOpen() ? Sim7600Errors.NOT_SUPPORTED : Sim7600Errors.NETWORK_NOT_OPENED);
                    }
                    for (Sim7600Link link : s.links()) {
                        if (link.serverIndex == index && link.established()) {
                            return stopFailed(index, Sim7600Errors.SOCKETS_OPENED);
                        }
                    }
                    server.close();
                    s.server(index, null);
                    return Reply.ok("+SERVERSTOP: " + index + ",0");
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    private static Reply stopFailed(int index, int err) {
        return Reply.of(Final.ERROR, "+SERVERSTOP: " + index + "," + err).because(Sim7600Errors.text(err));
    }
}
