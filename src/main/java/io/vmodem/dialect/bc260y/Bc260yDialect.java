package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.AtSettings;
import io.vmodem.at.CommandTable;
import io.vmodem.at.DtePort;
import io.vmodem.at.Reply;
import io.vmodem.at.V250Commands;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.CmeErrors;
import io.vmodem.dialect.common.GeneralCommands;
import io.vmodem.dialect.common.PowerSavingCommands;
import io.vmodem.dialect.quectel.QuectelCommands;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemProfile;
import io.vmodem.modem.PowerSavingTimers;

/**
 * The Quectel BC260Y-CN (NB-IoT), per its TCP/IP application guide V1.0 (Chinese) and the BC260Y-CN
 * section of REAL-MODULES.md. Its TCP/IP commands share names with the BG96's but not their forms.
 */
public final class Bc260yDialect implements Dialect {
    public static final ModemProfile PROFILE = new ModemProfile(
            "Quectel_Ltd",
            "Quectel_BC260Y-CN",
            "BC260YCNAAR02A02",
            "BC260YCNAAR02A02",
            "86123405",
            "460",
            "11",
            "CHN-CT",
            9,
            8,
            0);

    private static final CommandTable<Bc260ySession> TABLE = table();

    /** Factory settings: V.250 defaults with numeric +CME ERROR reports, as Quectel ships them. */
    private static final AtSettings FACTORY = AtSettings.factory().cmee(AtSettings.CmeeMode.NUMERIC);

    private static CommandTable<Bc260ySession> table() {
        CommandTable.Builder<Bc260ySession> b = CommandTable.<Bc260ySession>builder()
                .addAll(V250Commands.commands())
                .addAll(GeneralCommands.commands())
                .addAll(QuectelCommands.commands());
        Bc260yGeneralCommands.NOT_ON_THIS_MODULE.forEach(b::remove);
        for (AtCommand<Bc260ySession> c : Bc260yGeneralCommands.replacements()) {
            b.replace(c);
        }
        return b.addAll(Bc260yGeneralCommands.commands())
                .addAll(PowerSavingCommands.commands(PowerSavingTimers.EDRX_NB_S1))
                .addAll(Bc260ySocketCommands.commands())
                .addAll(Bc260yServiceCommands.commands())
                .addAll(Bc260yMqttCommands.commands())
                .addAll(Bc260ySslCommands.commands())
                .onInvalidArgument((s, call) -> Reply.cme(CmeErrors.INCORRECT_PARAMETERS))
                .build();
    }

    @Override
    public String name() {
        return "bc260y";
    }

    @Override
    public String description() {
        return "Quectel BC260Y-CN (NB-IoT)";
    }

    @Override
    public ModemProfile profile() {
        return PROFILE;
    }

    @Override
    public int socketCount() {
        return Bc260ySession.SOCKETS;
    }

    @Override
    public CommandTable<?> commands() {
        return TABLE;
    }

    @Override
    public ModemSession open(Modem modem, DtePort port) {
        return new Bc260ySession(modem, port, TABLE, FACTORY);
    }
}
