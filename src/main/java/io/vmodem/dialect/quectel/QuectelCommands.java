package io.vmodem.dialect.quectel;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ClockText;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.GeneralCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Quectel's own general commands (BG96 AT Commands Manual, chapters 2 and 4): firmware and SIM
 * identity, extended signal and network information, network time, power-down, and the
 * configuration commands drivers send at start-up.
 */
public final class QuectelCommands {
    private QuectelCommands() {}

    public static List<AtCommand<ModemSession>> commands() {
        List<AtCommand<ModemSession>> list = new ArrayList<>();
        list.add(AtCommand.<ModemSession>named("+QGMR")
                .summary("Detailed firmware revision")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok(s.modem().profile().fullRevision()))
                .build());
        list.add(AtCommand.<ModemSession>named("+QCCID")
                .summary("SIM ICCID")
                .test((s, call) -> Reply.ok())
                .exec(GeneralCommands.needsSim(
                        (s, call) -> Reply.ok("+QCCID: " + s.modem().identity().iccid())))
                .build());
        list.add(AtCommand.<ModemSession>named("+CBC")
                .summary("Battery charge: +CBC: <bcs>,<bcl>,<voltage in mV>")
                .section("BG96 AT manual")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    var supply = s.modem().supply();
                    return Reply.ok("+CBC: 0," + supply.chargePercent() + "," + supply.millivolts());
                })
                .build());
        list.add(AtCommand.<ModemSession>named("+QCSQ")
                .summary("Extended signal quality: RAT, RSSI, RSRP, SINR (1/5 dB from -20), RSRQ; the level of +CSQ")
                .section("BG96 AT manual")
                .test("+QCSQ")
                .exec((s, call) -> Reply.ok(qcsq(s)))
                .build());
        list.add(AtCommand.<ModemSession>named("+QNWINFO")
                .summary("Network information: RAT, operator, band, channel")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok(
                        s.modem().radio().registered()
                                ? "+QNWINFO: \"" + ratName(s) + "\",\""
                                        + s.modem().profile().plmn() + "\",\"LTE BAND 4\",2250"
                                : "+QNWINFO: No Service"))
                .build());
        list.add(AtCommand.<ModemSession>named("+QSPN")
                .summary("Registered network name")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    var p = s.modem().profile();
                    return Reply.ok("+QSPN: \"" + p.operatorName() + "\",\"" + p.operatorName() + "\",\"\",0,\""
                            + p.plmn() + "\"");
                })
                .build());
        list.add(AtCommand.<ModemSession>named("+QLTS")
                .summary("Network time: 0 last synchronised, 1 GMT, 2 local")
                .test("+QLTS: (0-2)")
                .exec((s, call) -> Reply.ok("+QLTS: \"" + networkTime(s, 2) + "\""))
                .set((s, call) ->
                        Reply.ok("+QLTS: \"" + networkTime(s, call.atMost(1).intArg(0, 0, 2)) + "\""))
                .build());
        list.add(AtCommand.<ModemSession>named("+QPOWD")
                .summary("Power down: OK, then POWERED DOWN")
                .test("+QPOWD: (0,1)")
                .execOrSet((s, call) -> {
                    call.atMost(1).intArg(0, 0, 1, 1);
                    s.shutdown(List.of("POWERED DOWN"));
                    return Reply.ok();
                })
                .build());
        list.addAll(
                GeneralCommands.accepted("+QURCCFG", "+IFC", "+CTZR", "+CTZU", "+CSCS", "+CMGF", "+CNMI", "+QSCLK"));
        list.add(AtCommand.<ModemSession>named("H")
                .summary("Hang up (no call to end)")
                .execOrSet((s, call) -> Reply.ok())
                .build());
        return list;
    }

    /**
     * {@code +QCSQ: <sysmode>,<lte_rssi>,<lte_rsrp>,<lte_sinr>,<lte_rsrq>}: dBm, dBm, SINR in fifths of a
     * dB above -20 (0-250), RSRQ in dB; {@code "NOSERVICE"} while not registered.
     */
    static String qcsq(ModemSession s) {
        var q = s.modem().radio().quality();
        if (!s.modem().radio().registered() || !q.heard()) {
            return "+QCSQ: \"NOSERVICE\"";
        }
        return "+QCSQ: \"" + ratName(s) + "\"," + q.rssiDbm() + "," + q.rsrpDbm() + "," + (q.sinrDb() + 20) * 5 + ","
                + q.rsrqHalfDb() / 2;
    }

    /** The RAT name Quectel's information commands use for the profile's access technology. */
    public static String ratName(ModemSession s) {
        return switch (s.modem().profile().accessTechnology()) {
            case 8 -> "CAT-M1";
            case 9 -> "CAT-NB1";
            default -> "LTE";
        };
    }

    private static String networkTime(ModemSession s, int mode) {
        var clock = s.modem().clock();
        int zone = mode == 1 ? 0 : clock.zoneQuarters();
        return ClockText.of(clock.now(), zone, true) + ",0";
    }
}
