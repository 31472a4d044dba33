package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelSocketCommands;
import io.vmodem.net.AuthType;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PdpType;
import java.util.ArrayList;
import java.util.List;

/** AT+QICSGP, AT+QIACT and AT+QIDEACT: configuring and activating PDP contexts (2.1.1–2.1.3). */
final class Bg96ContextCommands {
    private Bg96ContextCommands() {}

    /** Every TCP/IP command records its outcome for AT+QIGETERROR; success clears it. */
    static Handler<Bg96Session> tcpip(Handler<Bg96Session> h) {
        return QuectelSocketCommands.tcpip(h);
    }

    static final Handler<Bg96Session> INVALID = QuectelSocketCommands.invalid();

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qicsgp(), qiact(), qideact());
    }

    /** 2.1.1 AT+QICSGP=<contextID>[,<context_type>,<APN>[,<username>,<password>)[,<authentication>]]] */
    private static AtCommand<Bg96Session> qicsgp() {
        return AtCommand.<Bg96Session>named("+QICSGP")
                .summary("Configure APN, user, password and authentication of a context")
                .section("2.1.1")
                .test("+QICSGP: (1-16),(1,2),<APN>,<username>,<password>,(0-3)")
                .set(tcpip((s, call) -> {
                    call.atMost(6);
                    PdpContext c = s.modem().network().context(call.intArg(0, 1, 16));
                    if (call.argCount() == 1) {
                        return Reply.ok("+QICSGP: " + typeCode(c.type()) + ",\"" + c.apn() + "\",\"" + c.user()
                                + "\",\"" + c.password() + "\"," + c.auth().ordinal());
                    }
                    int type = call.intArg(1, 1, 3);
                    String apn = call.stringArg(2);
                    String user = call.stringArg(3, "");
                    String password = call.stringArg(4, "");
                    int auth = call.intArg(5, 0, 3, 0);
                    if (call.argCount() == 5 && !call.arg(4).quoted()) {
                        // The manual's own example, AT+QICSGP=1,1,"UNINET","",1: the number is the authentication.
                        password = "";
                        auth = call.intArg(4, 0, 3);
                    }
                    PdpType pdp = type == 1 ? PdpType.IPV4 : type == 2 ? PdpType.IPV6 : PdpType.IPV4V6;
                    c.configure(pdp, apn, user, password, AuthType.values()[auth]);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    static int typeCode(PdpType type) {
        return switch (type) {
            case IPV4 -> 1;
            case IPV6 -> 2;
            case IPV4V6 -> 3;
        };
    }

    /** 2.1.2 AT+QIACT=<contextID>; read form lists active contexts and their addresses. */
    private static AtCommand<Bg96Session> qiact() {
        return AtCommand.<Bg96Session>named("+QIACT")
                .summary("Activate a PDP context")
                .section("2.1.2")
                .test("+QIACT: (1-16)")
                .read(tcpip((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (PdpContext c : s.modem().network().contexts()) {
                        if (c.active() && c.id() > 0) {
                            lines.add(
                                    "+QIACT: " + c.id() + ",1," + typeCode(c.type()) + ",\"" + c.addressText() + "\"");
                        }
                    }
                    return Reply.ok(lines);
                }))
                .set(tcpip((s, call) -> {
                    PdpContext c = s.modem().network().context(call.atMost(1).intArg(0, 1, 16));
                    s.modem().radio().attach(true); // an activation attaches first (27.007 10.1.10)
                    if (c.state() != PdpContext.State.INACTIVE
                            || !s.modem().radio().canAttach()) {
                        return s.fail(
                                QuectelErrors.OPEN_PDP_FAILED,
                                s.modem().radio().canAttach()
                                        ? "context " + c.id() + " is "
                                                + c.state().name().toLowerCase(java.util.Locale.ROOT)
                                        : "not registered to a network, or not let attach");
                    }
                    return Reply.later(
                            done -> s.modem().network().activate(c, err -> done.complete(activated(s, err))));
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * The network's answer to AT+QIACT: OK, or its refusal as the module reports an error of the
     * network, per AT+CMEE ({@code ERROR}, {@code +CME ERROR: 561}, or the code's text), with 561
     * for AT+QIGETERROR.
     */
    private static Reply activated(Bg96Session s, io.vmodem.net.NetError err) {
        if (err == null) {
            return Reply.ok();
        }
        s.lastError(QuectelErrors.OPEN_PDP_FAILED);
        return Reply.cme(QuectelErrors.OPEN_PDP_FAILED).because("the network refused the activation");
    }

    /** 2.1.3 AT+QIDEACT=<contextID>: closes the context's sockets too. */
    private static AtCommand<Bg96Session> qideact() {
        return AtCommand.<Bg96Session>named("+QIDEACT")
                .summary("Deactivate a PDP context and close its sockets")
                .section("2.1.3")
                .test("+QIDEACT: (1-16)")
                .set(tcpip((s, call) -> {
                    PdpContext c = s.modem().network().context(call.atMost(1).intArg(0, 1, 16));
                    for (Bg96Socket socket : s.sockets()) {
                        if (socket.contextId() == c.id()) {
                            socket.close();
                            s.release(socket);
                        }
                    }
                    return Reply.later(done -> s.modem().network().deactivate(c, err -> done.complete(Reply.ok())));
                }))
                .onInvalid(INVALID)
                .build();
    }
}
