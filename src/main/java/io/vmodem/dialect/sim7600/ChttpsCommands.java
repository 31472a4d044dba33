package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.net.PdpContext;
import java.util.List;

/**
 * The SIM7600's raw HTTP(S) commands (SIM7500/SIM7600 AT Command Manual, HTTPS chapter):
 * AT+CHTTPSSTART, AT+CHTTPSSTOP, AT+CHTTPSOPSE, AT+CHTTPSCLSE, AT+CHTTPSSEND, AT+CHTTPSRECV. One
 * session on a TLS (or plain TCP) connection; the host writes the request's bytes itself and reads
 * the response's as they came, notified by {@code +CHTTPS: RECV EVENT}. The outcomes come after OK
 * as {@code +CHTTPS<command>: <err>}, with the SSL chapter's codes ({@link CchService}); a command
 * out of place is {@code ERROR}. TLS is made with SSL context 0 (AT+CSSLCFG).
 */
final class ChttpsCommands {
    /** The most bytes of one AT+CHTTPSSEND. */
    static final int MAX_SEND = 4096;

    /** The most bytes one AT+CHTTPSRECV asks for. */
    static final int MAX_RECV = 65535;

    /** The SSL context the session's TLS is made with. */
    private static final int SSL_CONTEXT = 0;

    private ChttpsCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(chttpsstart(), chttpsstop(), chttpsopse(), chttpsclse(), chttpssend(), chttpsrecv());
    }

    /** AT+CHTTPSSTART: OK, then {@code +CHTTPSSTART: 0} once the service's PDP context is active. */
    private static AtCommand<Sim7600Session> chttpsstart() {
        return AtCommand.<Sim7600Session>named("+CHTTPSSTART")
                .summary("Start the raw HTTPS service (activates its PDP context): OK, then +CHTTPSSTART: <err>")
                .section("HTTPS: AT+CHTTPSSTART")
                .test()
                .exec((s, call) -> {
                    ChttpsService h = s.chttps();
                    if (h.started || h.starting) {
                        return Reply.error().because("the HTTPS service has started");
                    }
                    h.starting = true;
                    PdpContext context = s.socketContext();
                    s.modem().network().activate(context, error -> {
                        if (!h.starting) {
                            return; // a power-off or AT+CHTTPSSTOP came first
                        }
                        h.starting = false;
                        h.started = error == null;
                        s.urc("+CHTTPSSTART: " + (error == null ? CchService.OK : CchService.NETWORK_ERROR));
                    });
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CHTTPSSTOP: the session closes; OK, then {@code +CHTTPSSTOP: 0}. */
    private static AtCommand<Sim7600Session> chttpsstop() {
        return AtCommand.<Sim7600Session>named("+CHTTPSSTOP")
                .summary("Stop the raw HTTPS service: its session closes")
                .section("HTTPS: AT+CHTTPSSTOP")
                .test()
                .exec((s, call) -> {
                    ChttpsService h = s.chttps();
                    if (!h.started) {
                        return Reply.error().because("the HTTPS service is not started");
                    }
                    h.stop();
                    s.urc("+CHTTPSSTOP: " + CchService.OK);
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+CHTTPSOPSE="<host>",<port>[,<server_type>] (1 HTTP, 2 HTTPS, the default): OK, then {@code
     * +CHTTPSOPSE: 0} once connected (with TLS, once the handshake is over) or {@code +CHTTPSOPSE:
     * <err>}. ERROR while a session is open or opening.
     */
    private static AtCommand<Sim7600Session> chttpsopse() {
        return AtCommand.<Sim7600Session>named("+CHTTPSOPSE")
                .summary("Open the HTTPS session to a server (TLS, or plain TCP with server type 1)")
                .section("HTTPS: AT+CHTTPSOPSE")
                .test("+CHTTPSOPSE: \"ADDRESS\",(1-65535),(1-2)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(3);
                    String host = call.stringArg(0);
                    int port = call.intArg(1, 1, 65535);
                    int type = call.intArg(2, ChttpsSession.HTTP, ChttpsSession.HTTPS, ChttpsSession.HTTPS);
                    ChttpsService h = s.chttps();
                    if (host.isEmpty()) {
                        return Reply.error().because("no server address");
                    }
                    if (!h.started) {
                        return Reply.error().because("the HTTPS service is not started (AT+CHTTPSSTART)");
                    }
                    if (h.session != null && !h.session.closed()) {
                        return Reply.error().because("the HTTPS session is open");
                    }
                    h.closeSession(); // one the network closed: what it kept is gone
                    h.session = new ChttpsSession(s, host, port, type);
                    h.session.open(s.modem().tls(SSL_CONTEXT));
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CHTTPSCLSE: the session closes; OK, then {@code +CHTTPSCLSE: 0}. ERROR when there is none. */
    private static AtCommand<Sim7600Session> chttpsclse() {
        return AtCommand.<Sim7600Session>named("+CHTTPSCLSE")
                .summary("Close the HTTPS session")
                .section("HTTPS: AT+CHTTPSCLSE")
                .test()
                .exec((s, call) -> {
                    ChttpsService h = s.chttps();
                    if (h.session == null) {
                        return Reply.error().because("no HTTPS session");
                    }
                    h.closeSession();
                    s.urc("+CHTTPSCLSE: " + CchService.OK);
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+CHTTPSSEND=<len>: a {@code >} prompt, exactly <len> bytes (1..4096) of the request, then OK
     * and {@code +CHTTPSSEND: 0}. AT+CHTTPSSEND without a length (which ends the request on the
     * modules before the SIM7600) answers OK and {@code +CHTTPSSEND: 0}: every byte has gone already.
     */
    private static AtCommand<Sim7600Session> chttpssend() {
        return AtCommand.<Sim7600Session>named("+CHTTPSSEND")
                .summary("Send request bytes over the HTTPS session after a > prompt; +CHTTPSSEND: <err>")
                .section("HTTPS: AT+CHTTPSSEND")
                .test("+CHTTPSSEND: (1-" + MAX_SEND + ")")
                .set((s, call) -> {
                    call.atLeast(1).atMost(1);
                    int length = call.intArg(0, 1, MAX_SEND);
                    ChttpsSession session = s.chttps().session;
                    if (session == null || !session.connected()) {
                        return Reply.error().because("the HTTPS session is not connected");
                    }
                    return Reply.prompt(DataEntry.fixed(length, session::send));
                })
                .exec((s, call) -> {
                    ChttpsSession session = s.chttps().session;
                    if (session == null || !session.connected()) {
                        return Reply.error().because("the HTTPS session is not connected");
                    }
                    s.urc("+CHTTPSSEND: " + CchService.OK);
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+CHTTPSRECV? gives {@code +CHTTPSRECV: LEN,<cache_len>}; AT+CHTTPSRECV=<max_recv_len> answers
     * OK, then what the session holds, up to <max_recv_len>, in {@code +CHTTPSRECV: DATA,<len>} pieces
     * and {@code +CHTTPSRECV: 0}. A session the server closed stays readable until AT+CHTTPSCLSE.
     */
    private static AtCommand<Sim7600Session> chttpsrecv() {
        return AtCommand.<Sim7600Session>named("+CHTTPSRECV")
                .summary("Read the response bytes the HTTPS session holds, or how many it holds")
                .section("HTTPS: AT+CHTTPSRECV")
                .test("+CHTTPSRECV: (1-" + MAX_RECV + ")")
                .read((s, call) -> {
                    ChttpsSession session = s.chttps().session;
                    return Reply.ok("+CHTTPSRECV: LEN," + (session == null ? 0 : session.unread()));
                })
                .set((s, call) -> {
                    call.atLeast(1).atMost(1);
                    int max = call.intArg(0, 1, MAX_RECV);
                    ChttpsSession session = s.chttps().session;
                    if (session == null || session.opening()) {
                        return Reply.error().because("no HTTPS session to read");
                    }
                    session.read(max);
                    return Reply.ok();
                })
                .build();
    }
}
