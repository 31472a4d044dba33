package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import java.util.List;

/** General commands only the BG96 of the three modules has (BG96 AT Commands Manual). */
final class Bg96GeneralCommands {
    private Bg96GeneralCommands() {}

    /** The fixed rates of AT+IPR; 0 is auto-bauding. */
    private static final List<Integer> RATES =
            List.of(0, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600);

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(ccid(), ipr(), qinistat(), qsimstat());
    }

    /**
     * AT+IPR=<rate> (V.250 6.2.10): the UART's rate. The link has none; the factory 115200 is reported
     * and a supported rate is accepted, as the module accepts it.
     */
    private static AtCommand<Bg96Session> ipr() {
        return AtCommand.<Bg96Session>named("+IPR")
                .summary("UART baud rate (the link has none; 115200 is reported)")
                .section("V.250 6.2.10")
                .test("+IPR: (4800,9600,19200,38400,57600,115200,230400,460800,921600)")
                .read((s, call) -> Reply.ok("+IPR: 115200"))
                .set((s, call) -> {
                    int rate = call.atMost(2).intArg(0, 0, 4_000_000);
                    call.intArg(1, 0, 1, 0); // <save>, on later firmware
                    return RATES.contains(rate) ? Reply.ok() : Reply.error();
                })
                .build();
    }

    /**
     * AT+QINISTAT: how far the (U)SIM's initialisation is, a bit mask: 1 CPIN READY, 2 SMS done, 4
     * phonebook done. A ready card is all three once the module has booted: 7; without one, 0.
     */
    private static AtCommand<Bg96Session> qinistat() {
        return AtCommand.<Bg96Session>named("+QINISTAT")
                .summary("SIM initialisation status: 7 (PIN ready, SMS and phonebook done)")
                .section("BG96 AT manual")
                .test("+QINISTAT: (0-7)")
                .exec((s, call) -> Reply.ok("+QINISTAT: " + (s.modem().sim().ready() ? 7 : 0)))
                .build();
    }

    /**
     * AT+QSIMSTAT=<enable>: report the SIM's insertion and removal as {@code +QSIMSTAT: <enable>,
     * <inserted_status>} (1 inserted, 0 removed); the read form gives both. Off at power-up.
     */
    private static AtCommand<Bg96Session> qsimstat() {
        return AtCommand.<Bg96Session>named("+QSIMSTAT")
                .summary("SIM inserted status and its report (+QSIMSTAT: 1,<inserted>)")
                .section("BG96 AT manual")
                .test("+QSIMSTAT: (0,1)")
                .read((s, call) -> Reply.ok("+QSIMSTAT: " + (s.simStatusReports() ? 1 : 0) + ","
                        + (s.modem().sim().state() == io.vmodem.modem.SimCard.State.REMOVED ? 0 : 1)))
                .set((s, call) -> {
                    s.simStatusReports(call.atMost(1).intArg(0, 0, 1) == 1);
                    return Reply.ok();
                })
                .build();
    }

    /** AT+CCID: the ICCID, as {@code +CCID: <iccid>}; the same as AT+QCCID, under the generic name. */
    private static AtCommand<Bg96Session> ccid() {
        return AtCommand.<Bg96Session>named("+CCID")
                .summary("SIM ICCID, as +CCID: <iccid>")
                .section("BG96 AT manual")
                .test((s, call) -> Reply.ok())
                .exec(io.vmodem.dialect.common.GeneralCommands.needsSim(
                        (s, call) -> Reply.ok("+CCID: " + s.modem().identity().iccid())))
                .build();
    }
}
