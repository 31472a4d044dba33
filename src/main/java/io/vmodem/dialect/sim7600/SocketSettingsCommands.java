package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * The settings of the socket service: AT+CIPHEAD, AT+CIPSRIP, AT+CIPMODE, AT+CIPSENDMODE,
 * AT+CIPTIMEOUT and AT+CIPCCFG (L1108–L1113). A bad parameter answers plain ERROR.
 */
final class SocketSettingsCommands {
    private static final Handler<Object> PLAIN_ERROR = (s, call) -> Reply.error();

    private SocketSettingsCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(
                flag(
                        "+CIPHEAD",
                        "L1108",
                        "Header before pushed data: 1 +IPD<len> (default), 0 none",
                        1,
                        s -> s.ipHeader() ? 1 : 0,
                        (s, v) -> s.ipHeader(v == 1)),
                flag(
                        "+CIPSRIP",
                        "L1109",
                        "Show RECV FROM:<ip>:<port> before pushed data: 1 (default) or 0",
                        1,
                        s -> s.showRemote() ? 1 : 0,
                        (s, v) -> s.showRemote(v == 1)),
                flag(
                        "+CIPMODE",
                        "L1110",
                        "Transparent mode for the next AT+NETOPEN: 0 commands (default), 1 transparent on link 0",
                        0,
                        Sim7600Session::cipMode,
                        Sim7600Session::cipMode),
                flag(
                        "+CIPSENDMODE",
                        "L1111",
                        "0: +CIPSEND reports once the stack took the data (default); 1: once the peer acknowledged it",
                        -1,
                        Sim7600Session::sendMode,
                        Sim7600Session::sendMode),
                ciptimeout(),
                cipccfg());
    }

    /** A 0/1 setting: test {@code (0-1)}, read, set, and (when {@code dflt} >= 0) exec restoring the default. */
    private static AtCommand<Sim7600Session> flag(
            String name,
            String section,
            String summary,
            int dflt,
            ToIntFunction<Sim7600Session> get,
            BiConsumer<Sim7600Session, Integer> set) {
        AtCommand.Builder<Sim7600Session> b = AtCommand.<Sim7600Session>named(name)
                .summary(summary)
                .section(section)
                .test(name + ": (0-1)")
                .read((s, call) -> Reply.ok(name + ": " + get.applyAsInt(s)))
                .set((s, call) -> {
                    set.accept(s, call.atMost(1).intArg(0, 0, 1));
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR);
        if (dflt >= 0) {
            b.exec((s, call) -> {
                set.accept(s, dflt);
                return Reply.ok();
            });
        }
        return b.build();
    }

    /**
     * L1112 AT+CIPTIMEOUT=[<netopen_timeout>][,[<cipopen_timeout>][,[<cipsend_timeout>]]], each
     * 3000–120000 ms (default 120000): how long AT+NETOPEN, AT+CIPOPEN and an acknowledged
     * AT+CIPSEND may take.
     */
    private static AtCommand<Sim7600Session> ciptimeout() {
        return AtCommand.<Sim7600Session>named("+CIPTIMEOUT")
                .summary("Timeouts of AT+NETOPEN, AT+CIPOPEN and AT+CIPSEND, in ms")
                .section("L1112")
                .read((s, call) -> {
                    int[] t = s.timeouts();
                    return Reply.ok("+CIPTIMEOUT: " + t[0] + "," + t[1] + "," + t[2]);
                })
                .set((s, call) -> {
                    call.atMost(3);
                    int[] t = s.timeouts();
                    s.timeouts(
                            call.intArg(0, 3000, 120000, t[0]),
                            call.intArg(1, 3000, 120000, t[1]),
                            call.intArg(2, 3000, 120000, t[2]));
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }

    private static final int[][] CCFG_RANGES = {{0, 10}, {0, 1000}, {0, 0}, {0, 1}, {0, 1}, {0, 1}, {500, 120000}};

    /**
     * L1113 AT+CIPCCFG=[<NmRetry>][,[<DelayTm>][,[<Ack>][,[<errMode>][,[<HeaderType>][,[<AsyncMode>]
     * [,[<TimeoutVal>]]]]]]]: DelayTm delays pushed data, errMode picks +IP ERROR numbers (0) or
     * texts (1), HeaderType picks +IPD<len> (0) or +RECEIVE,<l>,<len> (1). Retries, AsyncMode and
     * the retransmission timeout are kept and reported: the host's TCP stack does the retransmitting.
     */
    private static AtCommand<Sim7600Session> cipccfg() {
        return AtCommand.<Sim7600Session>named("+CIPCCFG")
                .summary("Socket parameters: retries, receive delay, errMode (numbers or texts), header type, ...")
                .section("L1113")
                .test("+CIPCCFG: (0-10),(0-1000),(0),(0-1),(0-1),(0-1),(500-120000)")
                .read((s, call) -> {
                    int[] c = s.ccfg();
                    return Reply.ok("+CIPCCFG: " + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "," + c[4] + "," + c[5]
                            + "," + c[6]);
                })
                .set((s, call) -> {
                    call.atMost(7);
                    int[] current = s.ccfg();
                    int[] next = current.clone();
                    for (int i = 0; i < CCFG_RANGES.length; i++) {
                        next[i] = call.intArg(i, CCFG_RANGES[i][0], CCFG_RANGES[i][1], current[i]);
                    }
                    System.arraycopy(next, 0, current, 0, current.length);
                    return Reply.ok();
                })
                .exec((s, call) -> {
                    System.arraycopy(Sim7600Session.CCFG_DEFAULTS, 0, s.ccfg(), 0, s.ccfg().length);
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }
}
