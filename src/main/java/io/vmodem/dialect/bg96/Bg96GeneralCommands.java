package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import java.util.List;

/** General commands only the BG96 of the three modules has (BG96 AT Commands Manual). */
final class Bg96GeneralCommands {
    private Bg96GeneralCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(ccid());
    }

    /** AT+CCID: the ICCID, as {@code +CCID: <iccid>}; the same as AT+QCCID, under the generic name. */
    private static AtCommand<Bg96Session> ccid() {
        return AtCommand.<Bg96Session>named("+CCID")
                .summary("SIM ICCID, as +CCID: <iccid>")
                .section("BG96 AT manual")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> Reply.ok("+CCID: " + s.modem().identity().iccid()))
                .build();
    }
}
