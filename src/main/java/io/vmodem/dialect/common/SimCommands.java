package io.vmodem.dialect.common;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ModemSession;
import io.vmodem.modem.SimCard;

/** The 27.007 (U)SIM access every dialect shares; the card itself is {@link SimCard}. */
final class SimCommands {
    private SimCommands() {}

    /**
     * AT+CRSM=<command>[,<fileid>[,<P1>,<P2>,<P3>[,<data>[,<pathid>]]]] (27.007 8.18): restricted
     * access to the (U)SIM's files. {@code +CRSM: <sw1>,<sw2>[,"<response>"]}, the card's status words
     * and its data in hex; a file the card does not have answers its status words (106,130), as a
     * card does, not ERROR.
     */
    static AtCommand<ModemSession> crsm() {
        return AtCommand.<ModemSession>named("+CRSM")
                .summary("Restricted SIM access: read ICCID, IMSI, AD, HPLMNwAcT, FPLMN, SPN... as the card holds them")
                .section("27.007 8.18")
                .test((s, call) -> Reply.ok())
                .set(GeneralCommands.needsSim((s, call) -> {
                    call.atMost(7);
                    int command = call.intArg(0, 0, 255);
                    if (!SimCard.COMMANDS.contains(command)) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    boolean needsOffsets = command != SimCard.STATUS && command != SimCard.GET_RESPONSE;
                    if (command != SimCard.STATUS && !call.has(1) || needsOffsets && !call.has(4)) {
                        return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                    }
                    int fileId = call.intArg(1, 0, 0xFFFF, 0);
                    byte[] data = null;
                    if (call.has(5)) {
                        data = Hex.decode(call.stringArg(5));
                        if (data == null) {
                            return Reply.cme(CmeErrors.INCORRECT_PARAMETERS);
                        }
                    }
                    SimCard.Response r = s.modem()
                            .sim()
                            .access(
                                    command,
                                    fileId,
                                    call.intArg(2, 0, 255, 0),
                                    call.intArg(3, 0, 255, 0),
                                    call.intArg(4, 0, 255, 0),
                                    data);
                    String line = "+CRSM: " + r.sw1() + "," + r.sw2();
                    return Reply.ok(r.data().length == 0 ? line : line + ",\"" + Hex.encode(r.data()) + "\"");
                }))
                .build();
    }
}
