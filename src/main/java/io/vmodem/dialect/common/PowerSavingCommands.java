package io.vmodem.dialect.common;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.modem.PowerSavingSettings;
import io.vmodem.modem.PowerSavingTimers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 27.007 power saving commands, as the BG96 and the BC260Y-CN have them: {@code AT+CPSMS},
 * {@code AT+CEDRXS} and {@code AT+CEDRXRDP}. The settings live in the modem's non-volatile store
 * ({@link PowerSavingSettings}); the session hears of each change ({@link
 * ModemSession#powerSavingChanged}) and tells the radio link. The modules differ only in the eDRX
 * access technologies they take.
 */
public final class PowerSavingCommands {
    private PowerSavingCommands() {}

    /**
     * @param edrxActTypes the {@code <AcT-type>}s {@code AT+CEDRXS} takes: 4 (WB-S1, LTE-M) and 5
     *     (NB-S1, NB-IoT)
     */
    public static List<AtCommand<ModemSession>> commands(int... edrxActTypes) {
        return List.of(cpsms(), cedrxs(edrxActTypes), cedrxrdp());
    }

    /**
     * AT+CPSMS=[<mode>[,<RAU>[,<GPRS-READY>[,<Periodic-TAU>[,<Active-Time>]]]]] (27.007 7.38): mode
     * 2 turns PSM off and forgets the timers; the timers are eight binary digits (24.008).
     */
    private static AtCommand<ModemSession> cpsms() {
        return AtCommand.<ModemSession>named("+CPSMS")
                .summary("Power saving mode and its timers: stored, reported, and PSM modelled")
                .section("27.007 7.38")
                .test("+CPSMS: (0-2),,,(\"00000000\"-\"11111111\"),(\"00000000\"-\"11111111\")")
                .read((s, call) -> {
                    PowerSavingSettings p = s.modem().powerSaving();
                    return Reply.ok(
                            "+CPSMS: " + p.psmMode() + ",,,\"" + p.periodicTau() + "\",\"" + p.activeTime() + "\"");
                })
                .set((s, call) -> {
                    call.atMost(5);
                    int mode = call.intArg(0, 0, 2, 0);
                    String tau = timer(call, 3);
                    String active = timer(call, 4);
                    s.modem().powerSaving().psm(mode, tau, active);
                    s.powerSavingChanged();
                    return Reply.ok();
                })
                .build();
    }

    private static String timer(CommandCall call, int i) {
        if (!call.has(i)) {
            return null;
        }
        String bits = call.stringArg(i);
        if (!PowerSavingTimers.isTimerByte(bits)) {
            throw new InvalidArgument("timer " + bits);
        }
        return bits;
    }

    /**
     * AT+CEDRXS=[<mode>[,<AcT-type>[,<Requested_eDRX_value>]]] (27.007 7.40): mode 0 off, 1 on, 2 on
     * with +CEDRXP reports, 3 off and forgotten; the value four binary digits. An omitted AcT-type
     * means the one the module uses.
     */
    private static AtCommand<ModemSession> cedrxs(int... actTypes) {
        String acts = Arrays.stream(actTypes).mapToObj(String::valueOf).collect(Collectors.joining(","));
        return AtCommand.<ModemSession>named("+CEDRXS")
                .summary("eDRX setting: stored, reported, and the paging cycle modelled")
                .section("27.007 7.40")
                .test("+CEDRXS: (0-3),(" + acts + "),(\"0000\"-\"1111\")")
                .read((s, call) -> {
                    PowerSavingSettings p = s.modem().powerSaving();
                    List<String> lines = new ArrayList<>();
                    for (int act : actTypes) {
                        if (p.edrxOn(act)) {
                            lines.add("+CEDRXS: " + act + ",\"" + p.edrxValue(act) + "\"");
                        }
                    }
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atMost(3);
                    PowerSavingSettings p = s.modem().powerSaving();
                    int mode = call.intArg(0, 0, 3, 0);
                    int act = p.servingEdrxActType();
                    if (call.has(1)) {
                        act = call.intArg(1, 0, 9);
                        if (!takes(actTypes, act)) {
                            throw new InvalidArgument("+CEDRXS: AcT-type " + act);
                        }
                    }
                    String value = null;
                    if (call.has(2)) {
                        value = call.stringArg(2);
                        if (!PowerSavingTimers.isEdrxValue(value)) {
                            throw new InvalidArgument("eDRX value " + value);
                        }
                    }
                    p.edrx(act, mode, value);
                    s.powerSavingChanged();
                    if (mode == 2
                            && act == p.servingEdrxActType()
                            && s.modem().radio().registered()) {
                        s.engine().urc("+CEDRXP: " + granted(p));
                    }
                    return Reply.ok();
                })
                .build();
    }

    private static boolean takes(int[] actTypes, int act) {
        for (int a : actTypes) {
            if (a == act) {
                return true;
            }
        }
        return false;
    }

    /** {@code <AcT-type>,"<requested>","<provided>","<paging time window>"}: the network grants the request. */
    private static String granted(PowerSavingSettings p) {
        int act = p.servingEdrxActType();
        String value = p.edrxValue(act);
        return act + ",\"" + value + "\",\"" + value + "\",\"0000\"";
    }

    /** AT+CEDRXRDP (27.007 7.41): the eDRX the network granted, or {@code +CEDRXRDP: 0} when none is in use. */
    private static AtCommand<ModemSession> cedrxrdp() {
        return AtCommand.<ModemSession>named("+CEDRXRDP")
                .summary("eDRX parameters the network provided")
                .section("27.007 7.41")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> {
                    PowerSavingSettings p = s.modem().powerSaving();
                    if (!p.edrxOn(p.servingEdrxActType()) || !s.modem().radio().registered()) {
                        return Reply.ok("+CEDRXRDP: 0");
                    }
                    return Reply.ok("+CEDRXRDP: " + granted(p));
                })
                .build();
    }
}
