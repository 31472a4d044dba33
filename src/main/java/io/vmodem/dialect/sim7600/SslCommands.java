package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Handler;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.modem.SslContext;
import io.vmodem.net.PdpContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SIM7600's SSL commands (SIM7500/SIM7600 AT Command Manual, the SSL chapter; SSL Application
 * Note): the SSL contexts (AT+CSSLCFG) and the SSL client service (AT+CCHSET, AT+CCHMODE,
 * AT+CCHSTART, AT+CCHSSLCFG, AT+CCHOPEN, AT+CCHSEND, AT+CCHRECV, AT+CCHCLOSE, AT+CCHSTOP). Every
 * refusal is plain ERROR, as with the module's other SIMCom commands.
 */
final class SslCommands {
    static final int CONTEXTS = 10;
    static final int MAX_SEND = 2048;

    private static final Handler<Sim7600Session> ERROR = (s, call) -> Reply.error();

    private SslCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(
                csslcfg(),
                cchset(),
                cchmode(),
                cchstart(),
                cchstop(),
                cchsslcfg(),
                cchopen(),
                cchsend(),
                cchrecv(),
                cchclose());
    }

    // ---- AT+CSSLCFG ----

    /** {@code +CSSLCFG: <ctx>,<sslversion>,<authmode>,<ignorelocaltime>,<negotiatetime>,<ca>,<cert>,<key>}. */
    private static String line(int index, SslContext c) {
        return "+CSSLCFG: " + index + "," + c.version() + "," + c.securityLevel() + "," + (c.ignoreLocalTime() ? 1 : 0)
                + "," + c.negotiateSeconds() + ",\"" + c.caCertificate() + "\",\"" + c.clientCertificate() + "\",\""
                + c.clientKey() + "\"";
    }

    /**
     * AT+CSSLCFG="<name>",<ssl_ctx_index>,<value> sets one setting of a context: "sslversion" (0–4),
     * "authmode" (0 none, 1 server, 2 server and client, 3 client only), "ignorelocaltime",
     * "negotiatetime" (10–300 s), "cacert", "clientcert", "clientkey" (file names of AT+CCERTDOWN),
     * "enableSNI". AT+CSSLCFG=<ssl_ctx_index> and AT+CSSLCFG? show them.
     */
    private static AtCommand<Sim7600Session> csslcfg() {
        return AtCommand.<Sim7600Session>named("+CSSLCFG")
                .summary("Configure an SSL context: version, authentication mode, time check, certificates, SNI")
                .section("SSL: AT+CSSLCFG")
                .test(
                        "+CSSLCFG: \"sslversion\",(0-9),(0-4)",
                        "+CSSLCFG: \"authmode\",(0-9),(0-3)",
                        "+CSSLCFG: \"ignorelocaltime\",(0-9),(0-1)",
                        "+CSSLCFG: \"negotiatetime\",(0-9),(10-300)",
                        "+CSSLCFG: \"cacert\",(0-9),(5-108)",
                        "+CSSLCFG: \"clientcert\",(0-9),(5-108)",
                        "+CSSLCFG: \"clientkey\",(0-9),(5-108)",
                        "+CSSLCFG: \"enableSNI\",(0-9),(0-1)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < CONTEXTS; i++) {
                        lines.add(line(i, s.modem().ssl().context(i)));
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atMost(3);
                    if (call.argCount() == 1) {
                        int index = call.intArg(0, 0, CONTEXTS - 1);
                        return Reply.ok(line(index, s.modem().ssl().context(index)));
                    }
                    call.atLeast(3);
                    String name = call.stringArg(0).toLowerCase(Locale.ROOT);
                    SslContext c = s.modem().ssl().context(call.intArg(1, 0, CONTEXTS - 1));
                    try {
                        switch (name) {
                            case "sslversion" -> c.version(call.intArg(2, 0, 4));
                            case "authmode" -> c.securityLevel(call.intArg(2, 0, 3));
                            case "ignorelocaltime" -> c.ignoreLocalTime(call.intArg(2, 0, 1) == 1);
                            case "negotiatetime" -> c.negotiateSeconds(call.intArg(2, 10, 300));
                            case "cacert" -> c.caCertificate(fileName(call));
                            case "clientcert" -> c.clientCertificate(fileName(call));
                            case "clientkey" -> c.clientKey(fileName(call));
                            case "enablesni" -> c.sni(call.intArg(2, 0, 1) == 1);
                            default -> throw new InvalidArgument(
                                    "no SSL setting " + call.arg(0).text());
                        }
                    } catch (IllegalArgumentException e) {
                        throw new InvalidArgument(e.getMessage());
                    }
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    /** A certificate's file name: 5..108 characters (the manual's range). */
    private static String fileName(CommandCall call) {
        String name = call.stringArg(2);
        if (name.length() < 5 || name.length() > 108) {
            throw new InvalidArgument("a file name has 5 to 108 characters: " + name);
        }
        return name;
    }

    // ---- the service ----

    /** AT+CCHSET=<report_send_result>[,<recv_mode>]: +CCHSEND reports; 0 push data, 1 cache it. */
    private static AtCommand<Sim7600Session> cchset() {
        return AtCommand.<Sim7600Session>named("+CCHSET")
                .summary("Report each send's result; receive data pushed (0) or cached for AT+CCHRECV (1)")
                .section("SSL: AT+CCHSET")
                .test("+CCHSET: (0,1),(0,1)")
                .read((s, call) -> Reply.ok("+CCHSET: " + (s.cch().reportSendResult() ? 1 : 0) + ","
                        + (s.cch().manualReceive() ? 1 : 0)))
                .set((s, call) -> {
                    call.atMost(2);
                    boolean report = call.intArg(0, 0, 1) == 1;
                    boolean manual = call.intArg(1, 0, 1, s.cch().manualReceive() ? 1 : 0) == 1;
                    s.cch().set(report, manual);
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    /** AT+CCHMODE=<mode>: 1 opens session 0 in transparent mode; only while the service is stopped. */
    private static AtCommand<Sim7600Session> cchmode() {
        return AtCommand.<Sim7600Session>named("+CCHMODE")
                .summary("Normal (0) or transparent (1) mode for the SSL client service, before AT+CCHSTART")
                .section("SSL: AT+CCHMODE")
                .test("+CCHMODE: (0-1)")
                .read((s, call) -> Reply.ok("+CCHMODE: " + (s.cch().transparent() ? 1 : 0)))
                .set((s, call) -> {
                    int mode = call.atMost(1).intArg(0, 0, 1);
                    if (s.cch().started() || s.cch().starting()) {
                        return Reply.error().because("the SSL service has started");
                    }
                    s.cch().transparent(mode == 1);
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    /** AT+CCHSTART: OK, then {@code +CCHSTART: 0} once the service's PDP context is active. */
    private static AtCommand<Sim7600Session> cchstart() {
        return AtCommand.<Sim7600Session>named("+CCHSTART")
                .summary("Start the SSL client service (activates its PDP context): OK, then +CCHSTART: <err>")
                .section("SSL: AT+CCHSTART")
                .test()
                .exec((s, call) -> {
                    CchService cch = s.cch();
                    if (cch.started() || cch.starting()) {
                        return Reply.error().because("the SSL service has started");
                    }
                    cch.starting(true);
                    PdpContext context = s.socketContext();
                    s.modem().network().activate(context, error -> {
                        if (!cch.starting()) {
                            return; // a power-off came first
                        }
                        cch.starting(false);
                        cch.started(error == null);
                        s.urc("+CCHSTART: " + (error == null ? CchService.OK : CchService.NETWORK_ERROR));
                    });
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CCHSTOP: every session closes; OK, then {@code +CCHSTOP: 0}. */
    private static AtCommand<Sim7600Session> cchstop() {
        return AtCommand.<Sim7600Session>named("+CCHSTOP")
                .summary("Stop the SSL client service: its sessions close")
                .section("SSL: AT+CCHSTOP")
                .test()
                .exec((s, call) -> {
                    if (!s.cch().started()) {
                        return Reply.error().because("the SSL service is not started");
                    }
                    s.cch().stop();
                    s.urc("+CCHSTOP: 0");
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CCHSSLCFG=<session_id>,<ssl_ctx_index>: the SSL context a session's TLS uses (0 by default). */
    private static AtCommand<Sim7600Session> cchsslcfg() {
        return AtCommand.<Sim7600Session>named("+CCHSSLCFG")
                .summary("Set the SSL context of a session")
                .section("SSL: AT+CCHSSLCFG")
                .test("+CCHSSLCFG: (0-1),(0-9)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int session = call.intArg(0, 0, CchService.SESSIONS - 1);
                    int context = call.intArg(1, 0, CONTEXTS - 1);
                    if (s.cch().session(session) != null) {
                        return Reply.error().because("session " + session + " is open");
                    }
                    s.cch().sslContext(session, context);
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    // ---- the sessions ----

    /**
     * AT+CCHOPEN=<session_id>,"<host>",<port>[,<client_type>[,<bind_port>]]: OK, then {@code +CCHOPEN:
     * <session_id>,<err>} once connected (with TLS, once the handshake is over); in transparent mode
     * CONNECT 115200, or {@code +CCHOPEN: 0,<err>} and ERROR. AT+CCHOPEN? shows each session.
     */
    private static AtCommand<Sim7600Session> cchopen() {
        return AtCommand.<Sim7600Session>named("+CCHOPEN")
                .summary("Connect a session to a server, with TLS (client type 2) or plain TCP (1)")
                .section("SSL: AT+CCHOPEN")
                .test("+CCHOPEN: (0-1),\"ADDRESS\",(1-65535)[,(1-2)[,(1-65535)]]")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < CchService.SESSIONS; i++) {
                        CchSession c = s.cch().session(i);
                        lines.add(
                                c != null && c.connected()
                                        ? "+CCHOPEN: " + i + ",\"" + c.host + "\"," + c.port + "," + c.clientType + ","
                                                + c.net.localAddress().getPort()
                                        : "+CCHOPEN: " + i + ",\"\",,,");
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atLeast(3).atMost(5);
                    int id = call.intArg(0, 0, CchService.SESSIONS - 1);
                    String host = call.stringArg(1);
                    int port = call.intArg(2, 1, 65535);
                    int type = call.intArg(3, 1, 2, CchService.TLS);
                    int bind = call.intArg(4, 1, 65535, 0);
                    CchService cch = s.cch();
                    if (host.isEmpty()) {
                        return Reply.error().because("no server address");
                    }
                    if (!cch.started()) {
                        return Reply.error().because("the SSL service is not started (AT+CCHSTART)");
                    }
                    if (cch.session(id) != null) {
                        return Reply.error().because("session " + id + " is in use");
                    }
                    if (cch.transparent() && id != 0) {
                        return Reply.error().because("transparent mode has session 0 only");
                    }
                    CchSession session = new CchSession(s, cch, id, host, port, type, bind);
                    cch.claim(session);
                    var tls = s.modem().tls(cch.sslContext(id));
                    if (session.transparent) {
                        return Reply.later(done -> {
                            session.opening = done;
                            session.open(tls);
                        });
                    }
                    session.open(tls);
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    /** AT+CCHSEND=<session_id>,<len>: a {@code >} prompt, exactly <len> bytes (1..2048), then OK. */
    private static AtCommand<Sim7600Session> cchsend() {
        return AtCommand.<Sim7600Session>named("+CCHSEND")
                .summary("Send data over a session after a > prompt; +CCHSEND: <id>,<err> when AT+CCHSET asks")
                .section("SSL: AT+CCHSEND")
                .test("+CCHSEND: (0-1),(1-2048)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    int id = call.intArg(0, 0, CchService.SESSIONS - 1);
                    int length = call.intArg(1, 1, MAX_SEND);
                    CchSession session = s.cch().session(id);
                    if (session == null || !session.connected() || session.transparent) {
                        return Reply.error().because("session " + id + " is not connected in normal mode");
                    }
                    return Reply.prompt(DataEntry.fixed(length, session::send));
                })
                .onInvalid(ERROR)
                .build();
    }

    /**
     * AT+CCHRECV? gives {@code +CCHRECV: LEN,<cache_len_0>,<cache_len_1>}; AT+CCHRECV=<session_id>[,
     * <max_recv_len>] (AT+CCHSET's manual receive mode) answers OK, then the cached data in {@code
     * +CCHRECV: DATA,<id>,<len>} pieces and {@code +CCHRECV: <id>,0}.
     */
    private static AtCommand<Sim7600Session> cchrecv() {
        return AtCommand.<Sim7600Session>named("+CCHRECV")
                .summary("Read a session's cached data (manual receive mode), or how much is cached")
                .section("SSL: AT+CCHRECV")
                .test("+CCHRECV: (0-1),(0-2048)")
                .read((s, call) -> {
                    CchSession a = s.cch().session(0);
                    CchSession b = s.cch().session(1);
                    return Reply.ok(
                            "+CCHRECV: LEN," + (a == null ? 0 : a.unread()) + "," + (b == null ? 0 : b.unread()));
                })
                .set((s, call) -> {
                    call.atMost(2);
                    int id = call.intArg(0, 0, CchService.SESSIONS - 1);
                    int max = call.intArg(1, 0, MAX_SEND, 0);
                    CchSession session = s.cch().session(id);
                    if (!s.cch().manualReceive() || session == null || session.transparent) {
                        return Reply.error().because("nothing to read on session " + id + " in this receive mode");
                    }
                    session.readCached(max == 0 ? Integer.MAX_VALUE : max);
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }

    /** AT+CCHCLOSE=<session_id>: OK, then {@code +CCHCLOSE: <session_id>,0}; the session is free. */
    private static AtCommand<Sim7600Session> cchclose() {
        return AtCommand.<Sim7600Session>named("+CCHCLOSE")
                .summary("Close a session")
                .section("SSL: AT+CCHCLOSE")
                .test("+CCHCLOSE: (0-1)")
                .set((s, call) -> {
                    int id = call.atMost(1).intArg(0, 0, CchService.SESSIONS - 1);
                    CchSession session = s.cch().session(id);
                    if (session == null) {
                        return Reply.error().because("session " + id + " is not open");
                    }
                    session.close();
                    s.cch().release(session);
                    s.urc("+CCHCLOSE: " + id + ",0");
                    return Reply.ok();
                })
                .onInvalid(ERROR)
                .build();
    }
}
