package io.vmodem.dialect.common;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PdpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The 3GPP 27.007 PDP context commands every dialect shares: define, activate, and read addresses. */
final class PdpCommands {
    private PdpCommands() {}

    static List<AtCommand<ModemSession>> commands() {
        AtCommand<ModemSession> cgdcont = AtCommand.<ModemSession>named("+CGDCONT")
                .summary("Define a PDP context")
                .test(
                        "+CGDCONT: (1-16),\"IP\",,,(0-2),(0-4)",
                        "+CGDCONT: (1-16),\"IPV6\",,,(0-2),(0-4)",
                        "+CGDCONT: (1-16),\"IPV4V6\",,,(0-2),(0-4)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (PdpContext c : s.modem().network().contexts()) {
                        if (c.id() > 0 && (!c.apn().isEmpty() || c.active())) {
                            lines.add("+CGDCONT: " + c.id() + ",\"" + pdpTypeName(c.type()) + "\",\"" + c.apn()
                                    + "\",\"" + c.addressText() + "\",0,0");
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    int cid = call.intArg(0, 1, 16);
                    PdpContext c = s.modem().network().context(cid);
                    PdpType type = call.has(1) ? pdpType(call.stringArg(1)) : c.type();
                    if (type == null) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    c.configure(type, call.stringArg(2, ""), c.user(), c.password(), c.auth());
                    return Reply.ok();
                })
                .build();
        AtCommand<ModemSession> cgact = AtCommand.<ModemSession>named("+CGACT")
                .summary("Activate or deactivate a PDP context")
                .test("+CGACT: (0,1)")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (PdpContext c : s.modem().network().contexts()) {
                        if (c.id() > 0) {
                            lines.add("+CGACT: " + c.id() + "," + (c.active() ? 1 : 0));
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    int state = call.intArg(0, 0, 1);
                    int cid = call.intArg(1, 1, 16, 1);
                    if (state == 1) {
                        // 27.007 10.1.10: an activation attaches first.
                        s.modem().radio().attach(true);
                        Reply.Done refused = GeneralCommands.attachRefusal(s);
                        if (refused != null) {
                            return refused;
                        }
                    }
                    PdpContext c = s.modem().network().context(cid);
                    return Reply.later(done -> {
                        if (state == 1) {
                            s.modem()
                                    .network()
                                    .activate(
                                            c,
                                            err -> done.complete(
                                                    err == null ? Reply.ok() : Reply.cme(CmeErrors.UNKNOWN)));
                        } else {
                            s.modem().network().deactivate(c, err -> done.complete(Reply.ok()));
                        }
                    });
                })
                .build();
        AtCommand<ModemSession> cgpaddr = AtCommand.<ModemSession>named("+CGPADDR")
                .summary("Addresses of PDP contexts")
                .test("+CGPADDR: (1-16)")
                .exec((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (PdpContext c : s.modem().network().contexts()) {
                        if (c.active()) {
                            lines.add("+CGPADDR: " + c.id() + "," + c.addressText());
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < call.argCount(); i++) {
                        PdpContext c = s.modem().network().context(call.intArg(i, 1, 16));
                        lines.add("+CGPADDR: " + c.id() + "," + c.addressText());
                    }
                    return Reply.ok(lines);
                })
                .build();
        return List.of(cgdcont, cgact, cgpaddr);
    }

    /** The type name the 27.007 commands use for a context: IP, IPV6, IPV4V6. */
    static String pdpTypeName(PdpType type) {
        return switch (type) {
            case IPV4 -> "IP";
            case IPV6 -> "IPV6";
            case IPV4V6 -> "IPV4V6";
        };
    }

    static PdpType pdpType(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "IP", "IPV4" -> PdpType.IPV4;
            case "IPV6" -> PdpType.IPV6;
            case "IPV4V6" -> PdpType.IPV4V6;
            default -> null;
        };
    }
}
