package io.vmodem.dialect.quectel;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ClockText;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.GeneralCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
                .exec((s, call) -> Reply.ok("+QCCID: " + s.modem().identity().iccid()))
                .build());
        list.add(AtCommand.<ModemSession>named("+QSIMSTAT")
                .summary("SIM inserted status report")
                .test("+QSIMSTAT: (0,1)")
                .read((s, call) -> Reply.ok("+QSIMSTAT: 0,1"))
                .set((s, call) -> {
                    call.atMost(1).intArg(0, 0, 1);
                    return Reply.ok();
                })
                .build());
        list.add(AtCommand.<ModemSession>named("+QCSQ")
                .summary("Extended signal quality: RAT, RSSI, RSRP, SINR, RSRQ")
                .test("+QCSQ")
                .exec((s, call) -> Reply.ok(
                        s.modem().radio().registered()
                                ? "+QCSQ: \"" + ratName(s) + "\",-52,-81,195,-10"
                                : "+QCSQ: \"NOSERVICE\""))
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
        list.add(qcfg());
        list.addAll(GeneralCommands.accepted(
                "+QURCCFG", "+QINDCFG", "+IFC", "+CTZR", "+CTZU", "+CGEREP", "+CSCS", "+CMGF", "+CNMI", "+QSCLK"));
        list.add(AtCommand.<ModemSession>named("H")
                .summary("Hang up (no call to end)")
                .execOrSet((s, call) -> Reply.ok())
                .build());
        return list;
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

    /** Values {@code AT+QCFG} reports for the settings drivers query; setting them only stores them. */
    private static final Map<String, String> QCFG_DEFAULTS = Map.of(
            "band", "0xf,0x100002000000000f0e189f,0x10004200000000090e189f",
            "nwscanmode", "0",
            "nwscanseq", "020103",
            "iotopmode", "0",
            "servicedomain", "1",
            "roamservice", "255",
            "urc/ri/ring", "\"pulse\",120,1000,5000,\"off\",1");

    private static AtCommand<ModemSession> qcfg() {
        return AtCommand.<ModemSession>named("+QCFG")
                .summary("Extended configuration (band, scan mode, ...): stored and reported")
                .test((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    QCFG_DEFAULTS.keySet().stream().sorted().forEach(k -> lines.add("+QCFG: \"" + k + "\""));
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    String key = call.stringArg(0).toLowerCase(Locale.ROOT);
                    String dflt = QCFG_DEFAULTS.get(key);
                    if (dflt == null) {
                        return Reply.error().because("unknown setting \"" + key + "\"");
                    }
                    String storeKey = "qcfg." + key;
                    if (call.argCount() == 1) {
                        return Reply.ok(
                                "+QCFG: \"" + key + "\"," + s.modem().nv().get(storeKey, dflt));
                    }
                    s.modem()
                            .nv()
                            .put(
                                    storeKey,
                                    call.raw()
                                            .substring(call.raw().indexOf(',') + 1)
                                            .trim());
                    return Reply.ok();
                })
                .build();
    }
}
