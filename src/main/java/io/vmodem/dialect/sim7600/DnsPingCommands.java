package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.net.Addresses;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingObserver;
import io.vmodem.net.PingRequest;
import io.vmodem.net.PingRun;
import io.vmodem.net.Services;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** AT+CDNSGIP, AT+CDNSGHNAME, AT+CIPDNSSET, AT+CPING and AT+CPINGSTOP (L1131–L1135). */
final class DnsPingCommands {
    /** The module's DNS error code: DNS GENERAL ERROR. */
    static final int DNS_GENERAL_ERROR = 10;

    private DnsPingCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(cdnsgip(), cdnsghname(), cipdnsset(), cping(), cpingstop());
    }

    /**
     * L1131 AT+CDNSGIP=<domain name>: {@code +CDNSGIP: 1,"<name>","<ip>"} then OK, or
     * {@code +CDNSGIP: 0,10} then ERROR. A real query to the context's DNS servers; the module
     * opens the network for it when it is not open (AT+CIPDNSSET's retries and timeout).
     */
    private static AtCommand<Sim7600Session> cdnsgip() {
        return AtCommand.<Sim7600Session>named("+CDNSGIP")
                .summary("Resolve a domain name (a real DNS query)")
                .section("L1131")
                .test((s, call) -> Reply.ok())
                .set((s, call) -> {
                    String name = call.atMost(1).stringArg(0);
                    if (!validName(name)) {
                        return Reply.error().because("not a domain name: " + name);
                    }
                    return Reply.later(done -> s.withNetwork(
                            (context, release) -> s.modem().network().resolve(context, name, r -> {
                                Reply reply = r.ok()
                                        ? Reply.ok("+CDNSGIP: 1,\"" + name + "\",\""
                                                + r.addresses().get(0).getHostAddress() + "\"")
                                        : dnsFailed("+CDNSGIP");
                                release.accept(() -> done.complete(reply));
                            }),
                            () -> done.complete(dnsFailed("+CDNSGIP"))));
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    /**
     * L1132 AT+CDNSGHNAME=<IP address>: {@code +CDNSGHNAME: 1,"<name>","<ip>"} then OK from a real
     * reverse (PTR) query, or {@code +CDNSGHNAME: 0,10} then ERROR.
     */
    private static AtCommand<Sim7600Session> cdnsghname() {
        return AtCommand.<Sim7600Session>named("+CDNSGHNAME")
                .summary("Look up the name of an address (a real reverse DNS query)")
                .section("L1132")
                .test((s, call) -> Reply.ok())
                .set((s, call) -> {
                    String ip = call.atMost(1).stringArg(0);
                    InetAddress address = Addresses.literal(ip);
                    if (address == null) {
                        return Reply.error().because("not an IP address: " + ip);
                    }
                    return Reply.later(done -> s.withNetwork(
                            (context, release) -> s.modem().network().reverseResolve(context, address, r -> {
                                Reply reply = r.ok()
                                        ? Reply.ok(
                                                "+CDNSGHNAME: 1,\"" + r.names().get(0) + "\",\"" + ip + "\"")
                                        : dnsFailed("+CDNSGHNAME");
                                release.accept(() -> done.complete(reply));
                            }),
                            () -> done.complete(dnsFailed("+CDNSGHNAME"))));
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    private static Reply dnsFailed(String prefix) {
        return Reply.of(Final.ERROR, prefix + ": 0," + DNS_GENERAL_ERROR).because("the DNS query failed");
    }

    /**
     * A name per L1131: at most 254 characters of letters, digits, '-' and '.', labels of at most
     * 63 that start with a letter or digit; or an address literal.
     */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 254) {
            return false;
        }
        if (Addresses.literal(name) != null) {
            return true;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !Character.isLetterOrDigit(label.charAt(0))) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * L1133 AT+CIPDNSSET=[<max_net_retries>][,[<net_timeout>][,[<max_query_retries>]]]: retries and
     * timeout of opening the network for a query (applied), and query retries (kept: the resolver
     * retries on its own).
     */
    private static AtCommand<Sim7600Session> cipdnsset() {
        return AtCommand.<Sim7600Session>named("+CIPDNSSET")
                .summary("DNS parameters: network open retries and timeout, query retries")
                .section("L1133")
                .read((s, call) -> {
                    int[] d = s.dnsSet();
                    return Reply.ok("+CIPDNSSET: " + d[0] + "," + d[1] + "," + d[2]);
                })
                .set((s, call) -> {
                    call.atMost(3);
                    int[] d = s.dnsSet();
                    int retries = call.intArg(0, 0, 3, d[0]);
                    int timeout = call.intArg(1, 3000, 120000, d[1]);
                    int queries = call.intArg(2, 0, 7, d[2]);
                    d[0] = retries;
                    d[1] = timeout;
                    d[2] = queries;
                    return Reply.ok();
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    /**
     * L1134 AT+CPING=<dest_addr>,<dest_addr_type>[,<num_pings>[,<data_packet_size>[,<interval_time>
     * [,<wait_time>[,<TTL>]]]]]: OK, then {@code +CPING: 1,...} per reply, {@code +CPING: 2} per
     * loss and {@code +CPING: 3,...} at the end. Real ICMP echo; the context must be active.
     */
    private static AtCommand<Sim7600Session> cping() {
        return AtCommand.<Sim7600Session>named("+CPING")
                .summary("Ping with real ICMP echo: +CPING: 1 per reply, 2 per timeout, 3 the summary")
                .section("L1134")
                .test("+CPING: IP address,(1,2),(1-100),(4-188),(1000-10000),(10000-100000),(16-255)")
                .set((s, call) -> {
                    call.atLeast(2).atMost(7);
                    String destination = call.stringArg(0);
                    int type = call.intArg(1, 1, 2);
                    int count = call.intArg(2, 1, 100, 4);
                    int size = call.intArg(3, 4, 188, 64);
                    int interval = call.intArg(4, 1000, 10000, 2000);
                    int wait = call.intArg(5, 10000, 100000, 10000);
                    int ttl = call.intArg(6, 16, 255, 255);
                    PdpContext context = s.socketContext();
                    boolean busy = s.services().busy(Services.Kind.PING);
                    if (type != 1 || !validName(destination) || busy || !context.active()) {
                        return Reply.error()
                                .because(
                                        type != 1
                                                ? "destination type " + type + ": only 1 (IPv4) is supported"
                                                : !validName(destination)
                                                        ? "not a host name or address: " + destination
                                                        : busy
                                                                ? "a ping is already running"
                                                                : "the network is not open");
                    }
                    PingRequest request = PingRequest.of(destination, size, Duration.ofMillis(wait), count)
                            .ttl(ttl)
                            .interval(Duration.ofMillis(interval))
                            .average(PingRequest.Average.ROUNDED);
                    s.services().ping(context, request, PING);
                    return Reply.ok();
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    /**
     * {@code +CPING: 1,<ip>,<size>,<rtt>,<ttl>} per reply, {@code +CPING: 2} per loss, {@code +CPING:
     * 3,<sent>,<recvd>,<lost>,<min>,<max>,<avg>} at the end, also when nothing could be sent (all 0).
     */
    static final ServiceUrcs.PingWords PING = new ServiceUrcs.PingWords() {
        @Override
        public String reply(PingObserver.Reply reply) {
            return "+CPING: 1," + reply.address().getHostAddress() + "," + reply.bytes() + "," + reply.timeMillis()
                    + "," + reply.ttl();
        }

        @Override
        public String lost(NetError error) {
            return "+CPING: 2";
        }

        @Override
        public String summary(PingObserver.Summary s) {
            return "+CPING: 3," + s.sent() + "," + s.received() + "," + s.lost() + "," + s.min() + "," + s.max() + ","
                    + s.avg();
        }

        @Override
        public String failed(NetError error) {
            return "+CPING: 3,0,0,0,0,0,0";
        }
    };

    /** L1135 AT+CPINGSTOP: ends a running ping with its summary so far. */
    private static AtCommand<Sim7600Session> cpingstop() {
        return AtCommand.<Sim7600Session>named("+CPINGSTOP")
                .summary("Stop a running AT+CPING")
                .section("L1135")
                .test((s, call) -> Reply.ok())
                .exec((s, call) -> s.services().running(Services.Kind.PING) instanceof PingRun ping
                        ? Reply.ok(PING.summary(ping.stop()))
                        : Reply.ok())
                .build();
    }
}
