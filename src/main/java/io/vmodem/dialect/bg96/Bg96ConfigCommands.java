package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.dialect.quectel.QuectelSocketCommands;
import io.vmodem.dialect.quectel.QuectelSocketCommands.Setting;
import java.util.List;

/** AT+QICFG: the optional TCP/IP parameters (2.1.15). */
final class Bg96ConfigCommands {
    private Bg96ConfigCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qicfg());
    }

    /**
     * 2.1.15 AT+QICFG="transpktsize"[,<1-1460>] | "transwaittm"[,<0-20>] |
     * "dataformat"[,<send>,<recv>] | "viewmode"[,<0,1>] | "tcp/retranscfg"[,<3-20>,<5-1000>]; the
     * name alone queries the value.
     */
    private static AtCommand<Bg96Session> qicfg() {
        return QuectelSocketCommands.qicfg(List.<Setting<Bg96Session>>of(
                        new Setting<>(
                                "transpktsize",
                                "+QICFG: \"transpktsize\",(1-1460)",
                                s -> String.valueOf(s.options().packetSize()),
                                (s, call) -> s.options()
                                        .packetSize(call.atMost(2).intArg(1, 1, Bg96SocketCommands.MAX_SEND))),
                        new Setting<>(
                                "transwaittm",
                                "+QICFG: \"transwaittm\",(0-20)",
                                s -> String.valueOf(s.options().waitTenths()),
                                (s, call) ->
                                        s.options().waitTenths(call.atMost(2).intArg(1, 0, 20))),
                        QuectelSocketCommands.dataFormat(s -> s.options().dataFormat()),
                        new Setting<>(
                                "viewmode",
                                "+QICFG: \"viewmode\",(0,1)",
                                s -> s.options().oneLine() ? "1" : "0",
                                (s, call) -> s.options().oneLine(call.atMost(2).intArg(1, 0, 1) == 1)),
                        new Setting<>(
                                "tcp/retranscfg",
                                "+QICFG: \"tcp/retranscfg\",(3-20),(5-1000)",
                                s -> s.options().maxBackoffs() + ","
                                        + s.options().maxRtoTenths(),
                                (s, call) -> {
                                    call.atLeast(3).atMost(3);
                                    s.options().retransmission(call.intArg(1, 3, 20), call.intArg(2, 5, 1000));
                                    s.retransmissionChanged();
                                })))
                .summary(
                        "Optional parameters: transparent packet size and wait time, hex data, view mode, TCP retransmission")
                .section("2.1.15")
                .build();
    }
}
