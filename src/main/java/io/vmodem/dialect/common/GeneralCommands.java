package io.vmodem.dialect.common;

import io.vmodem.at.AtCommand;
import io.vmodem.at.AtSettings;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.net.PdpContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 3GPP 27.007 and V.250 general commands every dialect shares: identity, SIM and signal,
 * registration, operator, attach, functionality and the clock (PDP contexts: {@link PdpCommands}). Their
 * wording comes from the session ({@link ModemSession#identification()} and friends).
 */
public final class GeneralCommands {
    private static final Pattern CLOCK =
            Pattern.compile("(\\d{2}|\\d{4})/(\\d{2})/(\\d{2}),(\\d{2}):(\\d{2}):(\\d{2})([+-]\\d{1,2})?");
    private static final String[] REGISTRATION = {"+CREG", "+CGREG", "+CEREG"};

    private GeneralCommands() {}

    public static List<AtCommand<ModemSession>> commands() {
        List<AtCommand<ModemSession>> list = new ArrayList<>();
        list.addAll(identity());
        list.addAll(status());
        for (int i = 0; i < REGISTRATION.length; i++) {
            list.add(registration(i));
        }
        list.add(cops());
        list.add(cgatt());
        list.add(cgerep());
        list.add(cesq());
        list.add(cfun());
        list.addAll(PdpCommands.commands());
        list.add(cclk());
        list.add(cmee());
        list.add(SimCommands.crsm());
        list.add(AtCommand.<ModemSession>named("+CPAS")
                .summary("Phone activity status: 0 ready")
                .section("27.007 8.1")
                .test("+CPAS: (0-5)")
                .exec((s, call) -> Reply.ok("+CPAS: 0"))
                .build());
        return list;
    }

    private static List<AtCommand<ModemSession>> identity() {
        return List.of(
                AtCommand.<ModemSession>named("I")
                        .summary("Identification: manufacturer, model, revision")
                        .execOrSet((s, call) -> {
                            call.intArg(0, 0, 0, 0);
                            return Reply.ok(s.identification());
                        })
                        .onInvalid((s, call) -> Reply.error())
                        .build(),
                text("+CGMI", "Manufacturer", ModemSession::manufacturerReply),
                text("+GMI", "Manufacturer", ModemSession::manufacturerReply),
                text("+CGMM", "Model", ModemSession::modelReply),
                text("+GMM", "Model", ModemSession::modelReply),
                text("+CGMR", "Firmware revision", ModemSession::revisionReply),
                text("+GMR", "Firmware revision", ModemSession::revisionReply),
                text("+CGSN", "IMEI", s -> s.modem().identity().imei()),
                text("+GSN", "IMEI", s -> s.modem().identity().imei()),
                AtCommand.<ModemSession>named("+CIMI")
                        .summary("IMSI (needs the SIM)")
                        .test((s, call) -> Reply.ok())
                        .exec(needsSim(
                                (s, call) -> Reply.ok(s.modem().identity().imsi())))
                        .build());
    }

    /**
     * A command that reads the SIM: refused as the module refuses it while the card is missing
     * ({@code +CME ERROR: 10}) or not ready ({@code 14}, SIM busy).
     */
    public static <S extends ModemSession> Handler<S> needsSim(Handler<S> handler) {
        return (s, call) -> {
            Reply.Done refused = s.simRefusal();
            return refused != null ? refused : handler.handle(s, call);
        };
    }

    private static AtCommand<ModemSession> text(
            String name, String summary, java.util.function.Function<ModemSession, String> value) {
        return AtCommand.<ModemSession>named(name)
                .summary(summary)
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok(value.apply(s)))
                .build();
    }

    private static List<AtCommand<ModemSession>> status() {
        return List.of(
                AtCommand.<ModemSession>named("+CPIN")
                        .summary("SIM PIN state (no PIN is set): READY, NOT READY, or +CME ERROR: 10 without a SIM")
                        .section("27.007 8.3")
                        .test((s, call) -> Reply.ok())
                        .read((s, call) -> switch (s.modem().sim().state()) {
                            case READY -> Reply.ok("+CPIN: READY");
                            case NOT_READY -> Reply.ok("+CPIN: NOT READY");
                            case REMOVED -> s.simRefusal();
                        })
                        .set(needsSim((s, call) -> Reply.cme(CmeErrors.OPERATION_NOT_ALLOWED)))
                        .build(),
                AtCommand.<ModemSession>named("+CSQ")
                        .summary("Signal quality")
                        .test("+CSQ: (0-31,99),(0-7,99)")
                        .exec((s, call) -> {
                            var radio = s.modem().radio();
                            return Reply.ok("+CSQ: " + radio.rssi() + "," + radio.ber());
                        })
                        .build());
    }

    /** {@code AT+CREG}, {@code AT+CGREG}, {@code AT+CEREG}: {@code <n>} 0-2, read with stat. */
    private static AtCommand<ModemSession> registration(int which) {
        String name = REGISTRATION[which];
        return AtCommand.<ModemSession>named(name)
                .summary("Network registration status and its URC")
                .test(name + ": (0-2)")
                .read((s, call) -> {
                    int n = s.registrationMode(which);
                    int stat = s.registrationStatus(which);
                    return Reply.ok(name + ": " + n + "," + stat + s.registrationDetail(which, n, stat));
                })
                .set((s, call) -> {
                    s.registrationMode(which, call.atMost(1).intArg(0, 0, 2, 0));
                    return Reply.ok();
                })
                .build();
    }

    private static AtCommand<ModemSession> cops() {
        return AtCommand.<ModemSession>named("+COPS")
                .summary("Operator selection; =3,<format> picks the read format")
                .test((s, call) -> {
                    var p = s.modem().profile();
                    return Reply.ok("+COPS: (2,\"" + p.operatorName() + "\",\"" + p.operatorName() + "\",\"" + p.plmn()
                            + "\"," + p.accessTechnology() + "),,(0-4),(0-2)");
                })
                .read((s, call) -> {
                    if (!s.modem().radio().registered()) {
                        return Reply.ok("+COPS: 0");
                    }
                    var p = s.modem().profile();
                    String oper = s.copsFormat() == 2 ? p.plmn() : p.operatorName();
                    return Reply.ok("+COPS: 0," + s.copsFormat() + ",\"" + oper + "\"," + p.accessTechnology());
                })
                .set((s, call) -> {
                    int mode = call.intArg(0, 0, 4);
                    int format = call.intArg(1, 0, 2, s.copsFormat());
                    if (mode == 1 || mode == 4) {
                        String oper = call.stringArg(2);
                        var p = s.modem().profile();
                        boolean ours = oper.equals(p.plmn()) || oper.equalsIgnoreCase(p.operatorName());
                        if (!ours && mode == 1) {
                            return Reply.cme(CmeErrors.NO_NETWORK_SERVICE);
                        }
                    }
                    if (mode == 3 || call.has(1)) {
                        s.copsFormat(format);
                    }
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+CGATT (27.007 10.1.9): {@code +CGATT: 1} while attached; =0 detaches (the contexts go, {@code
     * +CGREG}/{@code +CEREG} say 0) until =1 attaches again, which fails while the module is not
     * registered (30) or the network refuses the attach (148).
     */
    private static AtCommand<ModemSession> cgatt() {
        return AtCommand.<ModemSession>named("+CGATT")
                .summary("Packet domain attach: =0 detaches until =1")
                .section("27.007 10.1.9")
                .test("+CGATT: (0,1)")
                .read((s, call) -> Reply.ok("+CGATT: " + (s.modem().radio().attached() ? 1 : 0)))
                .set((s, call) -> {
                    int state = call.atMost(1).intArg(0, 0, 1);
                    var radio = s.modem().radio();
                    if (state == 1) {
                        radio.attach(true);
                        return attachRefusal(s) == null ? Reply.ok() : attachRefusal(s);
                    }
                    radio.attach(false);
                    s.modem().dropContexts();
                    return Reply.ok();
                })
                .build();
    }

    /**
     * Why the module cannot attach now, as 27.007 9.2 words it ({@code 30} no network service, {@code
     * 148} the network refuses the packet domain), or null when it can.
     */
    public static Reply.Done attachRefusal(ModemSession s) {
        var radio = s.modem().radio();
        if (!radio.registered()) {
            return Reply.cme(CmeErrors.NO_NETWORK_SERVICE).because("not registered to a network");
        }
        if (!radio.packetService()) {
            return Reply.cme(CmeErrors.GPRS_UNSPECIFIED).because("the network refuses the packet attach");
        }
        return null;
    }

    /**
     * AT+CGEREP=[<mode>[,<bfr>]] (27.007 10.1.19): packet domain events ({@code +CGEV: NW DETACH},
     * {@code +CGEV: NW PDN DEACT <cid>}) reported while {@code <mode>} is 1 or 2; the dialect sets the
     * mode at power-up.
     */
    private static AtCommand<ModemSession> cgerep() {
        return AtCommand.<ModemSession>named("+CGEREP")
                .summary("Packet domain event reports (+CGEV: NW DETACH, NW PDN DEACT)")
                .section("27.007 10.1.19")
                .test("+CGEREP: (0-2),(0-1)")
                .read((s, call) -> Reply.ok("+CGEREP: " + s.packetEventMode() + "," + s.packetEventBuffer()))
                .set((s, call) -> {
                    call.atMost(2);
                    s.packetEvents(call.intArg(0, 0, 2), call.intArg(1, 0, 1, s.packetEventBuffer()));
                    return Reply.ok();
                })
                .exec((s, call) -> Reply.ok())
                .build();
    }

    /**
     * AT+CESQ (27.007 8.69): {@code +CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>}; an LTE module
     * has only the last two, from the radio's level (255 when nothing is heard).
     */
    private static AtCommand<ModemSession> cesq() {
        return AtCommand.<ModemSession>named("+CESQ")
                .summary("Extended signal quality: RSRQ and RSRP, from the same level as +CSQ")
                .section("27.007 8.69")
                .test("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)")
                .exec((s, call) -> {
                    var q = s.modem().radio().quality();
                    return Reply.ok("+CESQ: 99,99,255,255," + q.cesqRsrq() + "," + q.cesqRsrp());
                })
                .build();
    }

    private static AtCommand<ModemSession> cfun() {
        return AtCommand.<ModemSession>named("+CFUN")
                .summary("Functionality level; =1,1 reboots")
                .test("+CFUN: (0,1,4),(0-1)")
                .read((s, call) -> Reply.ok("+CFUN: " + s.modem().radio().functionality()))
                .set((s, call) -> {
                    int fun = call.atMost(2).intArg(0, 0, 4);
                    int rst = call.intArg(1, 0, 1, 0);
                    if (fun != 0 && fun != 1 && fun != 4) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    if (rst == 1) {
                        s.reboot(s.rebootUrcs());
                        return Reply.ok();
                    }
                    if (fun != 1) {
                        for (PdpContext c : s.modem().network().contexts()) {
                            s.modem().network().dropContext(c);
                        }
                    }
                    s.modem().radio().functionality(fun);
                    return Reply.ok();
                })
                .build();
    }

    private static AtCommand<ModemSession> cclk() {
        return AtCommand.<ModemSession>named("+CCLK")
                .summary("Real-time clock")
                .test((s, call) -> Reply.ok())
                .read((s, call) -> Reply.ok("+CCLK: \"" + s.clockText() + "\""))
                .set((s, call) -> {
                    Matcher m = CLOCK.matcher(call.stringArg(0));
                    if (!m.matches()) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    int year = Integer.parseInt(m.group(1));
                    if (year < 100) {
                        year += 2000;
                    }
                    int zone = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
                    try {
                        LocalDateTime t = LocalDateTime.of(
                                year,
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)),
                                Integer.parseInt(m.group(4)),
                                Integer.parseInt(m.group(5)),
                                Integer.parseInt(m.group(6)));
                        if (zone < -48 || zone > 56) {
                            return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                        }
                        s.modem().clock().setLocal(t, zone);
                    } catch (java.time.DateTimeException e) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    return Reply.ok();
                })
                .build();
    }

    private static AtCommand<ModemSession> cmee() {
        return AtCommand.<ModemSession>named("+CMEE")
                .summary("Error reports: 0 ERROR, 1 numeric, 2 verbose")
                .test("+CMEE: (0-2)")
                .read((s, call) -> Reply.ok("+CMEE: " + call.settings().cmee().ordinal()))
                .set((s, call) -> {
                    int n = call.atMost(1).intArg(0, 0, 2, 0);
                    call.settings().cmee(AtSettings.CmeeMode.values()[n]);
                    return Reply.ok();
                })
                .exec((s, call) -> {
                    call.settings().cmee(AtSettings.CmeeMode.OFF);
                    return Reply.ok();
                })
                .build();
    }

    /** Settings drivers send at start-up that change nothing here: each answers {@code OK}. */
    public static List<AtCommand<ModemSession>> accepted(String... names) {
        List<AtCommand<ModemSession>> list = new ArrayList<>();
        for (String name : names) {
            list.add(AtCommand.<ModemSession>named(name)
                    .summary("Accepted; no effect on the emulation")
                    .acceptAnything()
                    .build());
        }
        return list;
    }

    /** Whether the radio is registered (for commands that need the network). */
    public static boolean registered(ModemSession s) {
        return s.modem().radio().registered();
    }
}
