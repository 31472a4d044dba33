package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.modem.PowerSavingSettings;
import io.vmodem.modem.PowerSavingTimers;
import java.time.Duration;
import java.util.List;

/**
 * Quectel's own power saving commands of the BG96 (BG96 PSM Application Note; the 27.007 ones, AT+CPSMS
 * and AT+CEDRXS, are shared with the BC260Y-CN): AT+QPSMS, which sets and reads the PSM timers in
 * seconds rather than as timer bytes, and AT+QPSMCFG, the least sleep worth entering PSM for. Both
 * keep their values in the non-volatile store; AT+QPSMS writes the same settings as AT+CPSMS.
 */
final class Bg96PowerSavingCommands {
    /** AT+QPSMCFG factory values: at least 120 s of sleep; PSM version 4 (Rel-12 with context retention). */
    static final int DEFAULT_THRESHOLD = 120;

    static final int DEFAULT_VERSION = 4;

    private static final String NV_THRESHOLD = "qpsmcfg.threshold";
    private static final String NV_VERSION = "qpsmcfg.version";

    /** The longest T3412 and T3324 there are: 31 units of 320 h, 31 units of 6 min. */
    private static final long MAX_TAU = 31L * 320 * 3600;

    private static final long MAX_ACTIVE = 31L * 6 * 60;

    private Bg96PowerSavingCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qpsms(), qpsmcfg());
    }

    /** The least sleep between the end of the active time and the periodic TAU that PSM is used for. */
    static Duration minimumSleep(Bg96Session s) {
        return Duration.ofSeconds(threshold(s));
    }

    private static long threshold(Bg96Session s) {
        try {
            return Long.parseLong(s.modem().nv().get(NV_THRESHOLD, String.valueOf(DEFAULT_THRESHOLD)));
        } catch (NumberFormatException e) {
            return DEFAULT_THRESHOLD;
        }
    }

    /**
     * AT+QPSMS=[<mode>[,<Requested_Periodic-RAU>[,<Requested_GPRS-READY-timer>[,<Requested_Periodic-TAU>
     * [,<Requested_Active-Time>]]]]]: the timers in seconds, empty ones kept ({@code AT+QPSMS=0,,,,});
     * mode 2 turns PSM off and forgets the timers. The read gives the timers the network granted, in
     * seconds, quoted: {@code +QPSMS: 1,,,"46800","2880"}. A timer is granted as the shortest one its
     * encoding can hold that lasts at least as long as asked.
     */
    private static AtCommand<Bg96Session> qpsms() {
        return AtCommand.<Bg96Session>named("+QPSMS")
                .summary("PSM and its timers in seconds (T3412, T3324); kept in NV, the same settings as AT+CPSMS")
                .section("BG96 PSM note")
                .test("+QPSMS: (0-2),,,(0-" + MAX_TAU + "),(0-" + MAX_ACTIVE + ")")
                .read((s, call) -> {
                    PowerSavingSettings p = s.modem().powerSaving();
                    return Reply.ok(
                            "+QPSMS: " + p.psmMode() + ",,,\"" + seconds(PowerSavingTimers.periodicTau(p.periodicTau()))
                                    + "\",\"" + seconds(PowerSavingTimers.activeTime(p.activeTime())) + "\"");
                })
                .set((s, call) -> {
                    call.atMost(5);
                    int mode = call.intArg(0, 0, 2, 0);
                    String tau = call.has(3) ? PowerSavingTimers.periodicTauBits(seconds(call, 3, MAX_TAU)) : null;
                    String active = call.has(4) ? PowerSavingTimers.activeTimeBits(seconds(call, 4, MAX_ACTIVE)) : null;
                    s.modem().powerSaving().psm(mode, tau, active);
                    s.powerSavingChanged();
                    return Reply.ok();
                })
                .build();
    }

    private static long seconds(Duration d) {
        return d == null ? 0 : d.toSeconds();
    }

    /** Seconds, quoted or not. */
    private static long seconds(CommandCall call, int i, long max) {
        String t = call.stringArg(i);
        if (t.isEmpty() || t.length() > 10 || !t.chars().allMatch(Character::isDigit)) {
            throw new InvalidArgument("+QPSMS: " + t + " is not a number of seconds");
        }
        long v = Long.parseLong(t);
        if (v > max) {
            throw new InvalidArgument("+QPSMS: " + v + " s is longer than " + max);
        }
        return v;
    }

    /**
     * AT+QPSMCFG=<threshold>[,<version>]: PSM is entered only when the module would sleep at least
     * {@code <threshold>} seconds; {@code <version>} is a bit mask of PSM variants, kept and read back.
     */
    private static AtCommand<Bg96Session> qpsmcfg() {
        return AtCommand.<Bg96Session>named("+QPSMCFG")
                .summary("Least sleep (s) worth entering PSM for, and the PSM version mask; kept in NV")
                .section("BG96 PSM note")
                .test("+QPSMCFG: (20-4294967295),(0-15)")
                .read((s, call) -> Reply.ok(
                        "+QPSMCFG: " + threshold(s) + "," + s.modem().nv().getInt(NV_VERSION, DEFAULT_VERSION)))
                .set((s, call) -> {
                    call.atMost(2);
                    long threshold = call.longArg(0, 20, 4_294_967_295L);
                    int version = call.intArg(1, 0, 15, s.modem().nv().getInt(NV_VERSION, DEFAULT_VERSION));
                    s.modem().nv().put(NV_THRESHOLD, String.valueOf(threshold));
                    s.modem().nv().put(NV_VERSION, String.valueOf(version));
                    s.powerSavingChanged();
                    return Reply.ok();
                })
                .build();
    }
}
