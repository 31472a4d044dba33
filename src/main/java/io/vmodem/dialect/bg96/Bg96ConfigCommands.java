package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.QuectelErrors;
import java.util.List;
import java.util.Locale;

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
        return AtCommand.<Bg96Session>named("+QICFG")
                .summary(
                        "Optional parameters: transparent packet size and wait time, hex data, view mode, TCP retransmission")
                .section("2.1.15")
                .test(
                        "+QICFG: \"transpktsize\",(1-1460)",
                        "+QICFG: \"transwaittm\",(0-20)",
                        "+QICFG: \"dataformat\",(0,1),(0,1)",
                        "+QICFG: \"viewmode\",(0,1)",
                        "+QICFG: \"tcp/retranscfg\",(3-20),(5-1000)")
                .set(tcpip(Bg96ConfigCommands::set))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply set(Bg96Session s, CommandCall call) {
        String name = call.stringArg(0).toLowerCase(Locale.ROOT);
        Bg96Options o = s.options();
        boolean query = call.argCount() == 1;
        String head = "+QICFG: \"" + name + "\",";
        switch (name) {
            case "transpktsize" -> {
                if (query) {
                    return Reply.ok(head + o.packetSize());
                }
                o.packetSize(call.atMost(2).intArg(1, 1, Bg96SocketCommands.MAX_SEND));
            }
            case "transwaittm" -> {
                if (query) {
                    return Reply.ok(head + o.waitTenths());
                }
                o.waitTenths(call.atMost(2).intArg(1, 0, 20));
            }
            case "dataformat" -> {
                if (query) {
                    return Reply.ok(head + (o.sendHex() ? 1 : 0) + "," + (o.recvHex() ? 1 : 0));
                }
                call.atLeast(3).atMost(3);
                o.dataFormat(call.intArg(1, 0, 1) == 1, call.intArg(2, 0, 1) == 1);
            }
            case "viewmode" -> {
                if (query) {
                    return Reply.ok(head + (o.oneLine() ? 1 : 0));
                }
                o.oneLine(call.atMost(2).intArg(1, 0, 1) == 1);
            }
            case "tcp/retranscfg" -> {
                if (query) {
                    return Reply.ok(head + o.maxBackoffs() + "," + o.maxRtoTenths());
                }
                call.atLeast(3).atMost(3);
                o.retransmission(call.intArg(1, 3, 20), call.intArg(2, 5, 1000));
                s.retransmissionChanged();
            }
            default -> {
                return s.fail(QuectelErrors.INVALID_PARAMETERS);
            }
        }
        return Reply.ok();
    }
}
