package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.GeneralCommands;
import io.vmodem.net.AuthType;
import io.vmodem.net.PdpContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SIMCom's own general commands, as REAL-MODULES.md records them: SIM and network information
 * ({@code AT+CICCID}, {@code AT+CPSI}, {@code AT+CNMP}), power ({@code AT+CRESET},
 * {@code AT+CPOF}), context authentication ({@code AT+CGAUTH}, SIMCom's parameter order) and the
 * context the sockets use ({@code AT+CSOCKSETPN}) and {@code ATO}.
 */
final class SimcomCommands {
    /** The network modes AT+CNMP accepts; 38 is LTE only. */
    private static final Set<Integer> NETWORK_MODES =
            Set.of(2, 9, 10, 13, 14, 19, 22, 38, 39, 48, 51, 54, 59, 60, 63, 67);

    private static final Handler<Object> PLAIN_ERROR = (s, call) -> Reply.error();

    private SimcomCommands() {}

    static List<AtCommand<? super Sim7600Session>> commands() {
        List<AtCommand<? super Sim7600Session>> list = new ArrayList<>();
        list.add(AtCommand.<Sim7600Session>named("+CICCID")
                .summary("SIM ICCID")
                .test((s, call) -> Reply.ok())
                .exec(GeneralCommands.needsSim(
                        (s, call) -> Reply.ok("+ICCID: " + s.modem().identity().iccid())))
                .build());
        list.add(AtCommand.<Sim7600Session>named("+GCAP")
                .summary("Capabilities")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok("+GCAP: +CGSM"))
                .build());
        list.add(cpsi());
        list.add(AtCommand.<Sim7600Session>named("+CNSMOD")
                .summary("Network system mode: 8 LTE, 0 no service; =1 reports each change as +CNSMOD: <stat>")
                .section("SIM7600 AT manual")
                .test("+CNSMOD: (0-1)")
                .read((s, call) -> Reply.ok("+CNSMOD: " + s.networkMode().reports() + ","
                        + s.networkMode().mode()))
                .set((s, call) -> {
                    s.networkMode().reports(call.atMost(1).intArg(0, 0, 1));
                    return Reply.ok();
                })
                .build());
        list.add(AtCommand.<Sim7600Session>named("+CBC")
                .summary("Supply voltage, as +CBC: <vol>V")
                .section("SIM7600 AT manual")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    int mv = s.modem().supply().millivolts();
                    return Reply.ok(String.format("+CBC: %d.%03dV", mv / 1000, mv % 1000));
                })
                .build());
        list.add(AtCommand.<Sim7600Session>named("+CNMP")
                .summary("Preferred network mode (38: LTE only); kept in non-volatile memory")
                .test("+CNMP: (2,9,10,13,14,19,22,38,39,48,51,54,59,60,63,67)")
                .read((s, call) -> Reply.ok("+CNMP: " + s.modem().nv().get("cnmp", "38")))
                .set((s, call) -> {
                    int mode = call.atMost(1).intArg(0, 0, 99);
                    if (!NETWORK_MODES.contains(mode)) {
                        return Reply.error().because("no network mode " + mode);
                    }
                    s.modem().nv().put("cnmp", String.valueOf(mode));
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build());
        list.add(AtCommand.<Sim7600Session>named("+CRESET")
                .summary("Reboot: OK, then silence, then the power-up URCs")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    s.reboot(List.of());
                    return Reply.ok();
                })
                .build());
        list.add(AtCommand.<Sim7600Session>named("+CPOF")
                .summary("Power off: OK, then silent until power is cycled")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    s.shutdown(List.of());
                    return Reply.ok();
                })
                .build());
        list.add(cgauth());
        list.add(AtCommand.<Sim7600Session>named("+CSOCKSETPN")
                .summary("The PDP context AT+NETOPEN and the sockets use")
                .test("+CSOCKSETPN: (1-16)")
                .read((s, call) -> Reply.ok("+CSOCKSETPN: " + s.settings().contextId))
                .set((s, call) -> {
                    s.settings().contextId = call.atMost(1).intArg(0, 1, 16);
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build());
        list.add(AtCommand.<Sim7600Session>named("O")
                .summary("Back to transparent (data) mode on link 0: CONNECT 115200")
                .execOrSet((s, call) -> {
                    call.intArg(0, 0, 0, 0);
                    CchSession cch = s.cch().session(0);
                    if (cch != null && cch.canReturn()) {
                        return Reply.connect("115200", cch.goOnline());
                    }
                    Sim7600Link link = s.link(0);
                    if (!s.transparentService()
                            || link == null
                            || !link.transparent
                            || !(link.established() || link.closed() && link.unread() > 0)) {
                        return Reply.error().because("no transparent link to return to");
                    }
                    return Reply.connect("115200", link.goOnline());
                })
                .onInvalid(PLAIN_ERROR)
                .build());
        list.add(AtCommand.<Sim7600Session>named("+IPR")
                .summary("UART baud rate (the link has none; 115200 is reported)")
                .test("+IPR: (0,300,600,1200,2400,4800,9600,19200,38400,57600,115200,230400,460800,921600,"
                        + "3000000,3200000,3686400)")
                .read((s, call) -> Reply.ok("+IPR: 115200"))
                .set((s, call) -> {
                    call.atMost(1).intArg(0, 0, 4_000_000);
                    return Reply.ok();
                })
                .build());
        list.add(AtCommand.<Sim7600Session>named("H")
                .summary("Hang up (no call to end)")
                .execOrSet((s, call) -> Reply.ok())
                .build());
        list.addAll(GeneralCommands.accepted("+CSCLK", "+IFC", "+CTZU", "+CTZR", "+CSCS", "+CMGF", "+CNMI"));
        return list;
    }

    /** AT+CPSI? (system information) and AT+CPSI=<time> (the same line every <time> seconds). */
    private static AtCommand<Sim7600Session> cpsi() {
        return AtCommand.<Sim7600Session>named("+CPSI")
                .summary("System information: LTE, online, PLMN, cell, band, signal; =<time> reports it periodically")
                .test("+CPSI: (0-255)")
                .read((s, call) -> Reply.ok(cpsiLine(s)))
                .set((s, call) -> {
                    s.cpsiEvery(call.atMost(1).intArg(0, 0, 255), () -> cpsiLine(s));
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }

    /**
     * {@code +CPSI: LTE,Online,<MCC>-<MNC>,<TAC>,<SCellID>,<PCellID>,<band>,<earfcn>,<dlbw>,<ulbw>,<RSRQ>,
     * <RSRP>,<RSSI>,<RSSNR>}: RSRQ, RSRP and RSSI in tenths of a dB (SIMCom's habit), SNR in dB, all from
     * the level {@code AT+CSQ} shows.
     */
    static String cpsiLine(ModemSession s) {
        var q = s.modem().radio().quality();
        if (!s.modem().radio().registered() || !q.heard()) {
            return "+CPSI: NO SERVICE,Online";
        }
        var p = s.modem().profile();
        long cell = 0x29A7DF4L + s.modem().identity().serial() % 0xFF;
        return "+CPSI: LTE,Online," + p.mcc() + "-" + p.mnc() + ",0x5650," + cell
                + ",257,EUTRAN-BAND3,1300,5,5," + q.rsrqHalfDb() * 5 + "," + q.rsrpDbm() * 10 + ","
                + q.rssiDbm() * 10 + "," + q.sinrDb();
    }

    /**
     * AT+CGAUTH=<cid>[,<auth_type>[,<passwd>[,<user>]]]: SIMCom puts the password before the user
     * name. {@code <cid>} alone removes the authentication.
     */
    private static AtCommand<Sim7600Session> cgauth() {
        return AtCommand.<Sim7600Session>named("+CGAUTH")
                .summary("Authentication of a PDP context: type, password, user (SIMCom's order)")
                .test("+CGAUTH: (1-16),(0-3),127,127")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (PdpContext c : s.modem().network().contexts()) {
                        if (c.id() > 0
                                && (c.auth() != AuthType.NONE || !c.user().isEmpty())) {
                            lines.add("+CGAUTH: " + c.id() + "," + c.auth().ordinal() + ",\"" + c.user() + "\"");
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atMost(4);
                    PdpContext c = s.modem().network().context(call.intArg(0, 1, 16));
                    int auth = call.intArg(1, 0, 3, 0);
                    String password = call.stringArg(2, "");
                    String user = call.stringArg(3, "");
                    if (password.length() > 127 || user.length() > 127) {
                        return Reply.error().because("user or password longer than 127 characters");
                    }
                    c.configure(c.type(), c.apn(), user, password, AuthType.values()[auth]);
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }
}
