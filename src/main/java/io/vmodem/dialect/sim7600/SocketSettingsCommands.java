package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.sim7600.SocketSettings.Ccfg;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The settings of the socket service: AT+CIPHEAD, AT+CIPSRIP, AT+CIPMODE, AT+CIPSENDMODE,
 * AT+CIPTIMEOUT and AT+CIPCCFG (L1108–L1113). A bad parameter answers plain ERROR.
 */
final class SocketSettingsCommands {
    private static final Handler<Object> PLAIN_ERROR = (s, call) -> Reply.error();
    private static final int MOST = SocketSettings.Timeouts.MOST;

    private SocketSettingsCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(
                flag(
                        "+CIPHEAD",
                        "L1108",
                        "Header before pushed data: 1 +IPD<len> (default), 0 none",
                        1,
                        s -> s.settings().ipHeader,
                        (s, on) -> s.settings().ipHeader = on),
                flag(
                        "+CIPSRIP",
                        "L1109",
                        "Show RECV FROM:<ip>:<port> before pushed data: 1 (default) or 0",
                        1,
                        s -> s.settings().showRemote,
                        (s, on) -> s.settings().showRemote = on),
                flag(
                        "+CIPMODE",
                        "L1110",
                        "Transparent mode for the next AT+NETOPEN: 0 commands (default), 1 transparent on link 0",
                        0,
                        s -> s.settings().transparent,
                        (s, on) -> s.settings().transparent = on),
                flag(
                        "+CIPSENDMODE",
                        "L1111",
                        "0: +CIPSEND reports once the stack took the data (default); 1: once the peer acknowledged it",
                        -1,
                        s -> s.settings().reportOnAck,
                        (s, on) -> s.settings().reportOnAck = on),
                ciptimeout(),
                cipccfg());
    }

    /** A 0/1 setting: test {@code (0-1)}, read, set, and (when {@code dflt} >= 0) exec restoring the default. */
    private static AtCommand<Sim7600Session> flag(
            String name,
            String section,
            String summary,
            int dflt,
            Predicate<Sim7600Session> get,
            BiConsumer<Sim7600Session, Boolean> set) {
        AtCommand.Builder<Sim7600Session> b = AtCommand.<Sim7600Session>named(name)
                .summary(summary)
                .section(section)
                .test(name + ": (0-1)")
                .read((s, call) -> Reply.ok(name + ": " + (get.test(s) ? 1 : 0)))
                .set((s, call) -> {
                    set.accept(s, call.atMost(1).intArg(0, 0, 1) == 1);
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR);
        if (dflt >= 0) {
            b.exec((s, call) -> {
                set.accept(s, dflt == 1);
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
                .read((s, call) -> Reply.ok(s.settings().timeouts.line()))
                .set((s, call) -> {
                    call.atMost(3);
                    SocketSettings.Timeouts t = s.settings().timeouts;
                    s.settings().timeouts = new SocketSettings.Timeouts(
                            call.intArg(0, 3000, MOST, t.netopenMillis()),
                            call.intArg(1, 3000, MOST, t.cipopenMillis()),
                            call.intArg(2, 3000, MOST, t.cipsendMillis()));
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }

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
                .read((s, call) -> Reply.ok(s.settings().ccfg.line()))
                .set((s, call) -> {
                    call.atMost(7);
                    Ccfg c = s.settings().ccfg;
                    s.settings().ccfg = new Ccfg(
                            call.intArg(0, 0, 10, c.nmRetry()),
                            call.intArg(1, 0, 1000, c.delayTm()),
                            call.intArg(2, 0, 0, c.ack()),
                            call.intArg(3, 0, 1, c.errMode()),
                            call.intArg(4, 0, 1, c.headerType()),
                            call.intArg(5, 0, 1, c.asyncMode()),
                            call.intArg(6, 500, 120_000, c.timeoutVal()));
                    return Reply.ok();
                })
                .exec((s, call) -> {
                    s.settings().ccfg = Ccfg.DEFAULT;
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }
}
