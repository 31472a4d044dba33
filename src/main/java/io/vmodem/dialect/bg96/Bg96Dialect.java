package io.vmodem.dialect.bg96;

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
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.modem.FileLimits;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemProfile;
import io.vmodem.modem.PowerSavingTimers;

/** The Quectel BG96 (LTE Cat-M1/NB1), per its TCP/IP AT Commands Manual V1.0 and REAL-MODULES.md. */
public final class Bg96Dialect implements Dialect {
    public static final ModemProfile PROFILE = new ModemProfile(
            "Quectel",
            "BG96",
            "BG96MAR02A07M1G",
            "BG96MAR02A07M1G_01.019.01.019",
            "86667704",
            "310",
            "410",
            "AT&T",
            8,
            20,
            99);

    private static final CommandTable<Bg96Session> TABLE = CommandTable.<Bg96Session>builder()
            .addAll(V250Commands.commands())
            .addAll(GeneralCommands.commands())
            .addAll(QuectelCommands.commands())
            .addAll(Bg96ContextCommands.commands())
            .addAll(Bg96SocketCommands.commands())
            .addAll(Bg96ConfigCommands.commands())
            .addAll(Bg96TransparentCommands.commands())
            .addAll(Bg96DnsCommands.commands())
            .addAll(Bg96PingNtpCommands.commands())
            .addAll(Bg96MqttCommands.commands())
            .addAll(PowerSavingCommands.commands(PowerSavingTimers.EDRX_WB_S1, PowerSavingTimers.EDRX_NB_S1))
            .addAll(Bg96PowerSavingCommands.commands())
            .add(Bg96Qcfg.command())
            .add(Bg96Indications.command())
            .addAll(Bg96GeneralCommands.commands())
            .addAll(Bg96FileCommands.commands())
            .addAll(Bg96SslCommands.commands())
            .addAll(Bg96HttpCommands.commands())
            .onInvalidArgument((s, call) -> Reply.cme(CmeErrors.INCORRECT_PARAMETERS))
            // A command that cannot finish: ERROR, and AT+QIGETERROR tells a timeout from the rest.
            .onFailure((s, call, pastDeadline) -> s.fail(pastDeadline ? QuectelErrors.TIMEOUT : QuectelErrors.UNKNOWN))
            .build();

    /** Factory settings: V.250 defaults with numeric +CME ERROR reports, as Quectel ships them. */
    private static final AtSettings FACTORY = AtSettings.factory().cmee(AtSettings.CmeeMode.NUMERIC);

    @Override
    public String name() {
        return "bg96";
    }

    @Override
    public String description() {
        return "Quectel BG96 (LTE Cat-M1/NB1)";
    }

    @Override
    public ModemProfile profile() {
        return PROFILE;
    }

    @Override
    public FileLimits fileLimits() {
        return FileLimits.BG96_UFS;
    }

    @Override
    public int socketCount() {
        return Bg96Session.SOCKETS;
    }

    @Override
    public CommandTable<?> commands() {
        return TABLE;
    }

    @Override
    public ModemSession open(Modem modem, DtePort port) {
        return new Bg96Session(modem, port, TABLE, FACTORY);
    }
}
