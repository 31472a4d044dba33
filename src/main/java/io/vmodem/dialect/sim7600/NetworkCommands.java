package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import java.util.List;

/** AT+NETOPEN, AT+NETCLOSE and AT+IPADDR: the socket service and its address (L1101, L1102, L1107). */
final class NetworkCommands {
    private NetworkCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(netopen(), netclose(), ipaddr());
    }

    /**
     * L1101 AT+NETOPEN: {@code OK} then {@code +NETOPEN: <err>}; again while open,
     * {@code +IP ERROR: Network is already opened} and {@code ERROR}. AT+NETOPEN? gives
     * {@code +NETOPEN: <net_state>}.
     */
    private static AtCommand<Sim7600Session> netopen() {
        return AtCommand.<Sim7600Session>named("+NETOPEN")
                .summary("Start the socket service: activates the context; +NETOPEN: <err> follows OK")
                .section("L1101")
                .read((s, call) -> Reply.ok("+NETOPEN: " + (s.netOpen() ? 1 : 0)))
                .exec((s, call) -> s.service().open())
                .build();
    }

    /**
     * L1102 AT+NETCLOSE: closes every link and server, then the context: {@code OK} then
     * {@code +NETCLOSE: 0}. Not open: {@code +NETCLOSE: 2} then {@code ERROR}.
     */
    private static AtCommand<Sim7600Session> netclose() {
        return AtCommand.<Sim7600Session>named("+NETCLOSE")
                .summary("Stop the socket service: closes every link and server; +NETCLOSE: <err> follows OK")
                .section("L1102")
                .exec((s, call) -> s.service().close())
                .build();
    }

    /** L1107 AT+IPADDR: {@code +IPADDR: <ip_address>}; not open: {@code +IPADDR: Network not opened}. */
    private static AtCommand<Sim7600Session> ipaddr() {
        return AtCommand.<Sim7600Session>named("+IPADDR")
                .summary("The address of the socket service's context")
                .section("L1107")
                .exec((s, call) -> s.netOpen()
                        ? Reply.ok("+IPADDR: " + s.socketContext().addressText())
                        : Reply.of(Final.ERROR, "+IPADDR: Network not opened").because("the network is not open"))
                .build();
    }
}
