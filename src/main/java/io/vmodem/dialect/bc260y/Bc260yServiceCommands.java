package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.ClockText;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelPingWords;
import io.vmodem.net.Addresses;
import io.vmodem.net.NtpResult;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingRequest;
import io.vmodem.net.Resolution;
import io.vmodem.net.Services;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Name lookup, DNS servers, ping and network time (guide 2.3.6-2.3.9), with this module's forms:
 * the TTL of a lookup is reported as 0 and only its first address, ping results carry the address
 * unquoted, and only context 0 is served. Each answers OK at once; the outcome follows as URCs.
 */
final class Bc260yServiceCommands {
    static final int MAX_NAME = 150;
    static final int DNS_PORT = 53;

    /** How long AT+QNTP waits for the server (the guide gives no figure; the BG96 manual's 125 s). */
    static final Duration NTP_TIMEOUT = Duration.ofSeconds(125);

    private Bc260yServiceCommands() {}

    static List<AtCommand<Bc260ySession>> commands() {
        return List.of(qidnsgip(), qidnscfg(), qping(), qntp());
    }

    /** The context of a TCP/IP command: 0-11 is valid, only 0 is served, and only once attached. */
    private static PdpContext context(Bc260ySession s, CommandCall call) {
        int cid = call.intArg(0, 0, 11);
        if (cid != Bc260ySession.DEFAULT_CONTEXT || !s.attached()) {
            return null;
        }
        return s.defaultContext();
    }

    private static String name(CommandCall call, int i) {
        String name = call.stringArg(i);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidArgument("host name length " + name.length());
        }
        return name;
    }

    /**
     * 2.3.6 AT+QIDNSGIP=<contextID>,<host_name>: OK, then {@code +QIDNSGIP: <err>,<ip_count>,<dns_ttl>}
     * and {@code +QIDNSGIP: "<address>"}. The module keeps only the first address the server returns
     * (note 2), so the count is 1, and the TTL is "当前固定为0" (fixed at 0).
     */
    private static AtCommand<Bc260ySession> qidnsgip() {
        return AtCommand.<Bc260ySession>named("+QIDNSGIP")
                .summary("Look up a host name: OK, then +QIDNSGIP: <err>,<count>,<ttl> and the first address")
                .section("2.3.6")
                .test("+QIDNSGIP: (0-11),<host_name>")
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    PdpContext context = context(s, call);
                    String host = name(call, 1);
                    if (context == null) {
                        return Reply.error().because("context " + call.arg(0).text() + " is not active");
                    }
                    s.services().lookup(context, host, Bc260yServiceCommands::dnsgip);
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    /** The first address only, and a TTL of 0 (2.3.6 notes). */
    private static Urc dnsgip(Resolution r) {
        if (!r.ok()) {
            return Urc.line("+QIDNSGIP: " + QuectelErrors.of(r.error()));
        }
        String address = r.addresses().get(0).getHostAddress();
        return out -> {
            out.line("+QIDNSGIP: 0,1,0");
            out.line("+QIDNSGIP: \"" + address + "\"");
            return true;
        };
    }

    /**
     * 2.3.7 AT+QIDNSCFG=<contextID>,<pridnsaddr>[,<secdnsaddr>] sets the servers;
     * AT+QIDNSCFG=<contextID> shows IPv4 primary and secondary, then IPv6 primary and secondary. The
     * servers the network gave (the host's own, unless a test set others) are the default.
     */
    private static AtCommand<Bc260ySession> qidnscfg() {
        return AtCommand.<Bc260ySession>named("+QIDNSCFG")
                .summary("DNS servers: set primary and secondary, or show IPv4 and IPv6 ones")
                .section("2.3.7")
                .test("+QIDNSCFG: (0-11),<pridnsaddr>,<secdnsaddr>")
                .set((s, call) -> {
                    call.atLeast(1).atMost(3);
                    PdpContext context = context(s, call);
                    if (context == null) {
                        return Reply.error().because("context " + call.arg(0).text() + " is not active");
                    }
                    if (call.argCount() == 1) {
                        return Reply.ok(
                                dnsLine(context.id(), s.modem().network().dnsServers(context)));
                    }
                    InetAddress primary = dnsServer(call, 1);
                    InetAddress secondary = call.has(2) ? dnsServer(call, 2) : null;
                    List<InetSocketAddress> current = context.dnsServers();
                    List<InetSocketAddress> servers = new ArrayList<>();
                    servers.add(new InetSocketAddress(primary, DNS_PORT));
                    if (secondary != null) {
                        servers.add(new InetSocketAddress(secondary, DNS_PORT));
                    } else if (current.size() > 1) {
                        servers.add(current.get(1)); // an omitted parameter keeps its value (2.1)
                    }
                    context.dnsServers(servers);
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    /**
     * A server address: an IPv4 literal of at most 64 bytes. The simulated network is IPv4 only, so
     * an IPv6 server cannot be set (2.3.7 note 2).
     */
    private static InetAddress dnsServer(CommandCall call, int i) {
        String text = call.stringArg(i);
        InetAddress a = text.length() <= 64 ? Addresses.literal(text) : null;
        if (!(a instanceof Inet4Address)) {
            throw new InvalidArgument("DNS server " + text);
        }
        return a;
    }

    /** The AT+QIDNSCFG query line for the servers context {@code cid} queries. */
    private static String dnsLine(int cid, List<InetSocketAddress> servers) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (InetSocketAddress a : servers) {
            InetAddress ip = a.getAddress();
            if (ip instanceof Inet4Address) {
                v4.add(ip.getHostAddress());
            } else if (ip instanceof Inet6Address) {
                v6.add(ip.getHostAddress());
            }
        }
        return "+QIDNSCFG: " + cid + ",\"" + nth(v4, 0, "0.0.0.0") + "\",\"" + nth(v4, 1, "0.0.0.0") + "\",\""
                + nth(v6, 0, "::") + "\",\"" + nth(v6, 1, "::") + "\"";
    }

    private static String nth(List<String> list, int i, String fallback) {
        return i < list.size() ? list.get(i) : fallback;
    }

    /**
     * 2.3.8 AT+QPING=<contextID>,"<host>"[,<time_out>[,<ping_num>[,<ping_size>]]]: OK, then per
     * request {@code +QPING: 0,<ip>,<bytes>,<time>} (or {@code +QPING: <err>}), then
     * {@code +QPING: 0,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>}. Real ICMP echo.
     */
    private static AtCommand<Bc260ySession> qping() {
        return AtCommand.<Bc260ySession>named("+QPING")
                .summary("Ping with real ICMP echo: OK, then one +QPING per reply and a summary")
                .section("2.3.8")
                .test("+QPING: (0-11),<host>,(1-255),(1-10),(32-200)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(5);
                    PdpContext context = context(s, call);
                    String host = name(call, 1);
                    int timeout = call.intArg(2, 1, 255, 4);
                    int count = call.intArg(3, 1, 10, 4);
                    int size = call.intArg(4, 32, 200, 32);
                    if (context == null || s.services().busy(Services.Kind.PING)) {
                        return Reply.error()
                                .because(
                                        context == null
                                                ? "context " + call.arg(0).text() + " is not active"
                                                : "a ping is already running");
                    }
                    s.services().ping(context, PingRequest.of(host, size, Duration.ofSeconds(timeout), count), PING);
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    /** Each reply with its address unquoted and no TTL (2.3.8). */
    private static final QuectelPingWords PING = new QuectelPingWords(false);

    /**
     * 2.3.9 AT+QNTP=<contextID>,"<server>"[,<port>[,<auto_set_time>]]: OK, then {@code +QNTP:
     * 0,"<time>"} with the server's time as {@code YY/MM/DD,hh:mm:ss±zz} in the module's time zone, or
     * {@code +QNTP: <err>}. With auto_set_time 1 (the default) the clock is set to it (note 2).
     */
    private static AtCommand<Bc260ySession> qntp() {
        return AtCommand.<Bc260ySession>named("+QNTP")
                .summary("Ask an NTP server for the time: OK, then +QNTP: 0,\"<time>\"; sets the clock")
                .section("2.3.9")
                .test("+QNTP: (0-11),<server>,<port>,(0,1)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(4);
                    PdpContext context = context(s, call);
                    String server = name(call, 1);
                    int port = call.intArg(2, 1, 65535, 123);
                    boolean setClock = call.intArg(3, 0, 1, 1) == 1;
                    if (context == null) {
                        return Reply.error().because("context " + call.arg(0).text() + " is not active");
                    }
                    s.services().ntp(context, server, port, NTP_TIMEOUT, setClock, r -> Urc.line(ntpResult(s, r)));
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    /** The server's time as {@code YY/MM/DD,hh:mm:ss±zz} in the module's zone, or the error. */
    private static String ntpResult(Bc260ySession s, NtpResult result) {
        if (!result.ok()) {
            return "+QNTP: " + QuectelErrors.of(result.error());
        }
        int zone = s.modem().clock().zoneQuarters();
        LocalDateTime local = LocalDateTime.ofInstant(result.time(), ZoneOffset.ofTotalSeconds(zone * 15 * 60));
        return "+QNTP: 0,\"" + ClockText.of(local, zone, false) + "\"";
    }
}
