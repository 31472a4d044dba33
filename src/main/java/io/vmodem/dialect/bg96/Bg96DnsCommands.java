package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.net.Addresses;
import io.vmodem.net.PdpContext;
import io.vmodem.net.Resolution;
import io.vmodem.net.Services;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** AT+QIDNSCFG and AT+QIDNSGIP: the DNS servers of a context, and real lookups (2.1.13, 2.1.14). */
final class Bg96DnsCommands {
    private static final String NONE = "0.0.0.0";

    private Bg96DnsCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qidnscfg(), qidnsgip());
    }

    /**
     * 2.1.13 AT+QIDNSCFG=<contextID>,<pridnsaddr>[,<secdnsaddr>] sets the servers of an active
     * context; AT+QIDNSCFG=<contextID> shows them (the host's own until set).
     */
    private static AtCommand<Bg96Session> qidnscfg() {
        return AtCommand.<Bg96Session>named("+QIDNSCFG")
                .summary("Primary and secondary DNS server of a context; the host's until set")
                .section("2.1.13")
                .test("+QIDNSCFG: (1-16),<pridnsaddr>,<secdnsaddr>")
                .set(tcpip((s, call) -> {
                    call.atMost(3);
                    var network = s.modem().network();
                    PdpContext context = network.context(call.intArg(0, 1, 16));
                    List<InetSocketAddress> current = network.dnsServers(context);
                    if (call.argCount() == 1) {
                        return Reply.ok("+QIDNSCFG: " + context.id() + ",\"" + address(current, 0) + "\",\""
                                + address(current, 1) + "\"");
                    }
                    InetAddress primary = Addresses.literal(call.stringArg(1));
                    InetAddress secondary = call.has(2)
                            ? Addresses.literal(call.stringArg(2))
                            : current.size() > 1 ? current.get(1).getAddress() : null;
                    if (primary == null || call.has(2) && secondary == null) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS);
                    }
                    if (!context.active()) {
                        // The manual: activate the context before setting its DNS servers.
                        return s.fail(QuectelErrors.NOT_ALLOWED);
                    }
                    int port = network.settings().dnsPort();
                    List<InetSocketAddress> servers = new ArrayList<>(2);
                    for (InetAddress a : new InetAddress[] {primary, secondary}) {
                        if (a != null && !a.isAnyLocalAddress()) {
                            servers.add(new InetSocketAddress(a, port));
                        }
                    }
                    context.dnsServers(servers);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    private static String address(List<InetSocketAddress> servers, int i) {
        return i < servers.size() ? servers.get(i).getAddress().getHostAddress() : NONE;
    }

    /**
     * 2.1.14 AT+QIDNSGIP=<contextID>,<hostname>: OK, then +QIURC: "dnsgip",<err>,<ip_count>,<dns_ttl>
     * and one +QIURC: "dnsgip",<hostIPaddr> per address, or +QIURC: "dnsgip",<err> alone.
     */
    private static AtCommand<Bg96Session> qidnsgip() {
        return AtCommand.<Bg96Session>named("+QIDNSGIP")
                .summary("Look a host name up with the context's DNS servers; the answer comes as URCs")
                .section("2.1.14")
                .test("+QIDNSGIP: (1-16),<hostname>")
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(2);
                    PdpContext context = s.modem().network().context(call.intArg(0, 1, 16));
                    String name = call.stringArg(1);
                    if (name.isEmpty()) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS);
                    }
                    if (s.services().busy(Services.Kind.DNS)) {
                        // One lookup at a time, as on the module.
                        return s.fail(QuectelErrors.DNS_BUSY);
                    }
                    if (!context.active()) {
                        s.urc("+QIURC: \"dnsgip\"," + QuectelErrors.OPEN_PDP_FAILED);
                        return Reply.ok();
                    }
                    s.services().lookup(context, name, Bg96DnsCommands::dnsgip);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** The answer, one URC line per address after the count. */
    private static Urc dnsgip(Resolution r) {
        return out -> {
            if (!r.ok()) {
                out.line("+QIURC: \"dnsgip\"," + QuectelErrors.of(r.error()));
                return true;
            }
            out.line("+QIURC: \"dnsgip\",0," + r.addresses().size() + "," + r.ttlSeconds());
            for (InetAddress a : r.addresses()) {
                out.line("+QIURC: \"dnsgip\",\"" + a.getHostAddress() + "\"");
            }
            return true;
        };
    }
}
