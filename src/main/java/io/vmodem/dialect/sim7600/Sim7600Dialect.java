package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtSettings;
import io.vmodem.at.CommandTable;
import io.vmodem.at.DtePort;
import io.vmodem.at.Reply;
import io.vmodem.at.V250Commands;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.common.CmeErrors;
import io.vmodem.dialect.common.GeneralCommands;
import io.vmodem.modem.FileLimits;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemProfile;

/**
 * The SIMCom SIM7600 (LTE Cat-1/Cat-4) with its NETOPEN / CIPOPEN / CIPRXGET TCP/IP command set,
 * per "AT Commands For TCP/IP" (L1101–L1135) and REAL-MODULES.md.
 */
public final class Sim7600Dialect implements Dialect {
    public static final ModemProfile PROFILE = new ModemProfile(
            "SIMCOM INCORPORATED",
            "SIMCOM_SIM7600E",
            "LE20B03SIM7600M22",
            "SIM7600M21-A_V1.1",
            "86236003",
            "460",
            "00",
            "CHINA MOBILE",
            7,
            31,
            99);

    private static final CommandTable<Sim7600Session> TABLE = CommandTable.<Sim7600Session>builder()
            .addAll(V250Commands.commands())
            .addAll(GeneralCommands.commands())
            .addAll(SimcomCommands.commands())
            .addAll(NetworkCommands.commands())
            .addAll(SocketCommands.commands())
            .addAll(SocketSettingsCommands.commands())
            .addAll(ServerCommands.commands())
            .addAll(DnsPingCommands.commands())
            .addAll(CertificateCommands.commands())
            .addAll(MqttCommands.commands())
            .addAll(SslCommands.commands())
            .addAll(HttpCommands.commands())
            .addAll(HttpFileCommands.commands())
            .addAll(ChttpsCommands.commands())
            .onInvalidArgument((s, call) -> Reply.cme(CmeErrors.INCORRECT_PARAMETERS))
            .build();

    /** Factory settings: the V.250 defaults, +CME ERROR reports off (AT+CMEE=0). */
    private static final AtSettings FACTORY = AtSettings.factory();

    @Override
    public String name() {
        return "sim7600";
    }

    @Override
    public String description() {
        return "SIMCom SIM7600 (LTE Cat-1/Cat-4)";
    }

    @Override
    public ModemProfile profile() {
        return PROFILE;
    }

    @Override
    public FileLimits fileLimits() {
        return FileLimits.SIM7600;
    }

    @Override
    public int socketCount() {
        return Sim7600Session.LINKS;
    }

    @Override
    public CommandTable<?> commands() {
        return TABLE;
    }

    @Override
    public ModemSession open(Modem modem, DtePort port) {
        return new Sim7600Session(modem, port, TABLE, FACTORY);
    }
}
