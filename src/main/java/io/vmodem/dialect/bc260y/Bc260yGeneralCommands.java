package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.GeneralCommands;
import io.vmodem.net.PdpContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The general commands where the BC260Y-CN differs from the shared ones: its identity numbers,
 * NB-IoT registration and attach, the default context 0, the signalling connection, bands, sleep,
 * PSM and eDRX, and its reboot (REAL-MODULES.md, BC260Y-CN section; 3GPP 27.007).
 */
final class Bc260yGeneralCommands {
    /** The bands of the BC260Y-CN, in the order the module reports them. */
    static final String DEFAULT_BANDS = "5,8,3";

    static final String NV_BANDS = "qband";
    static final String NV_SLEEP = "qsclk";

    private Bc260yGeneralCommands() {}

    /** Commands that replace shared ones of the same name. */
    static List<AtCommand<Bc260ySession>> replacements() {
        return List.of(cgsn(), cereg(), cgatt(), cgpaddr(), qsclk());
    }

    /** Commands only this dialect has. */
    static List<AtCommand<Bc260ySession>> commands() {
        return List.of(cscon(), qband(), qrst());
    }

    /**
     * AT+CGSN[=<snt>] (27.007 7.2; the BC26 manual's form, the BC260Y-CN's not being public): with
     * {@code <snt>} 0 or omitted the serial number alone, no prefix (27.007: typically the IMEI, which
     * is what drivers read it as); 1 {@code +CGSN: <imei>}, 2 the IMEISV, 3 the SVN.
     */
    private static AtCommand<Bc260ySession> cgsn() {
        return AtCommand.<Bc260ySession>named("+CGSN")
                .summary("Serial number (the IMEI, no prefix), or +CGSN: IMEI, IMEISV or SVN (<snt> 1-3)")
                .section("27.007 7.2")
                .test("+CGSN: (0-3)")
                .exec((s, call) -> Reply.ok(identityNumber(s, 0)))
                .set((s, call) -> {
                    int snt = call.atMost(1).intArg(0, 0, 3);
                    return Reply.ok(snt == 0 ? identityNumber(s, 0) : "+CGSN: " + identityNumber(s, snt));
                })
                .build();
    }

    /** The software version number the IMEISV ends with. */
    static final String SVN = "01";

    private static String identityNumber(Bc260ySession s, int snt) {
        String imei = s.modem().identity().imei();
        return switch (snt) {
            case 0, 1 -> imei;
            case 2 -> imei.substring(0, 14) + SVN;
            default -> SVN;
        };
    }

    /** AT+CEREG=<n> 0-5: 4 and 5 add the PSM timers (27.007 10.1.22). */
    private static AtCommand<Bc260ySession> cereg() {
        return AtCommand.<Bc260ySession>named("+CEREG")
                .summary("EPS registration status and its URC; n 0-5")
                .test("+CEREG: (0-5)")
                .read((s, call) -> {
                    int n = s.registrationMode(2);
                    int stat = s.registrationStatus(2);
                    return Reply.ok("+CEREG: " + n + "," + stat + s.registrationDetail(2, n, stat));
                })
                .set((s, call) -> {
                    s.registrationMode(2, call.atMost(1).intArg(0, 0, 5, 0));
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CGATT: attached means the default context is up; =1 attaches (then +IP), =0 detaches. */
    private static AtCommand<Bc260ySession> cgatt() {
        return AtCommand.<Bc260ySession>named("+CGATT")
                .summary("Attach (then +IP: <address>) or detach")
                .test("+CGATT: (0,1)")
                .read((s, call) -> Reply.ok("+CGATT: " + (s.attached() ? 1 : 0)))
                .set((s, call) -> {
                    int state = call.atMost(1).intArg(0, 0, 1);
                    if (state == 0) {
                        s.detach();
                        return Reply.ok();
                    }
                    s.attach();
                    Reply.Done refused = GeneralCommands.attachRefusal(s);
                    return refused == null ? Reply.ok() : refused;
                })
                .build();
    }

    /** AT+CGPADDR: {@code +CGPADDR: <cid>,"<address>"}, context 0 included (REAL-MODULES.md). */
    private static AtCommand<Bc260ySession> cgpaddr() {
        return AtCommand.<Bc260ySession>named("+CGPADDR")
                .summary("Addresses of the active PDP contexts, context 0 included")
                .test((s, call) -> Reply.ok("+CGPADDR: (" + activeIds(s) + ")"))
                .exec((s, call) -> addresses(s))
                .read((s, call) -> addresses(s))
                .set((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < call.argCount(); i++) {
                        PdpContext c = s.modem().network().context(call.intArg(i, 0, 10));
                        lines.add(c.active() ? addressLine(c) : "+CGPADDR: " + c.id());
                    }
                    return Reply.ok(lines);
                })
                .build();
    }

    private static String activeIds(Bc260ySession s) {
        return s.modem().network().contexts().stream()
                .filter(PdpContext::active)
                .map(c -> String.valueOf(c.id()))
                .collect(Collectors.joining(","));
    }

    private static Reply addresses(Bc260ySession s) {
        List<String> lines = new ArrayList<>();
        for (PdpContext c : s.modem().network().contexts()) {
            if (c.active()) {
                lines.add(addressLine(c));
            }
        }
        return Reply.ok(lines);
    }

    private static String addressLine(PdpContext c) {
        return "+CGPADDR: " + c.id() + ",\"" + c.addressText() + "\"";
    }

    /** AT+CSCON: the signalling connection, 1 connected or 0 idle; =1 reports changes. */
    private static AtCommand<Bc260ySession> cscon() {
        return AtCommand.<Bc260ySession>named("+CSCON")
                .summary("Signalling connection status (1 connected, 0 idle) and its URC")
                .test("+CSCON: (0,1)")
                .read((s, call) -> Reply.ok(
                        "+CSCON: " + s.signallingReports() + "," + s.radio().signallingMode()))
                .set((s, call) -> {
                    s.signallingReports(call.atMost(1).intArg(0, 0, 1, 0));
                    return Reply.ok();
                })
                .build();
    }

    /** AT+QBAND=<number>,<band>...: the bands to search, saved; 0 means all. */
    private static AtCommand<Bc260ySession> qband() {
        return AtCommand.<Bc260ySession>named("+QBAND")
                .summary("Bands to search (3, 5, 8): stored and reported")
                .test("+QBAND: (3,5,8)")
                .read((s, call) -> Reply.ok("+QBAND: " + s.nv().get(NV_BANDS, DEFAULT_BANDS)))
                .set((s, call) -> {
                    int count = call.intArg(0, 0, 3);
                    if (call.argCount() != count + 1) {
                        throw new InvalidArgument("+QBAND: " + count + " bands announced");
                    }
                    List<Integer> bands = new ArrayList<>();
                    for (int i = 1; i <= count; i++) {
                        int band = call.intArg(i, 3, 8);
                        if (band != 3 && band != 5 && band != 8 || bands.contains(band)) {
                            throw new InvalidArgument("+QBAND: band " + band);
                        }
                        bands.add(band);
                    }
                    s.nv().put(
                                    NV_BANDS,
                                    count == 0
                                            ? DEFAULT_BANDS
                                            : bands.stream()
                                                    .map(String::valueOf)
                                                    .collect(Collectors.joining(",")));
                    return Reply.ok();
                })
                .build();
    }

    /** AT+QSCLK=<mode>: 0 no sleep, 1 light and deep sleep, 2 light sleep only; saved. */
    private static AtCommand<Bc260ySession> qsclk() {
        return AtCommand.<Bc260ySession>named("+QSCLK")
                .summary("Sleep mode (0 none, 1 light and deep, 2 light): stored and reported")
                .test("+QSCLK: (0-2)")
                .read((s, call) -> Reply.ok("+QSCLK: " + s.nv().getInt(NV_SLEEP, 1)))
                .set((s, call) -> {
                    s.nv().put(NV_SLEEP, String.valueOf(call.atMost(1).intArg(0, 0, 2)));
                    return Reply.ok();
                })
                .build();
    }

    /** AT+QRST=1: OK, then the module reboots: RDY, +CFUN: 1, +CPIN: READY, +IP: <address>. */
    private static AtCommand<Bc260ySession> qrst() {
        return AtCommand.<Bc260ySession>named("+QRST")
                .summary("Reboot: OK, then RDY, +CFUN: 1, +CPIN: READY and +IP once attached")
                .test("+QRST: (1)")
                .set((s, call) -> {
                    call.atMost(1).intArg(0, 1, 1);
                    s.reboot(List.of());
                    return Reply.ok();
                })
                .build();
    }

    /** Shared commands this module does not have (BG96 and 2G/3G ones): removed from its table. */
    static final List<String> NOT_ON_THIS_MODULE = Arrays.asList("+CREG", "+CGREG", "+QCSQ", "+QNWINFO");
}
