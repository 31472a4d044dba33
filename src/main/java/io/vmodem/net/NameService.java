package io.vmodem.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Name lookups of one modem: forward and reverse, through its context's DNS servers (the host's
 * when it names none) as the policy allows, from the context's own address where that reaches
 * them. Answers come on the modem's loop, in the power epoch they were asked in.
 */
final class NameService {
    private final ModemNetwork network;

    NameService(ModemNetwork network) {
        this.network = network;
    }

    /** A name's addresses; after the network's DNS delay when the name needs a query. */
    void resolve(PdpContext context, String name, Consumer<Resolution> done) {
        var scheduler = network.guard();
        Duration delay = Addresses.literal(name) == null ? network.settings().dnsDelay() : Duration.ZERO;
        long due = scheduler.nanoTime() + delay.toNanos();
        Consumer<Resolution> answer = scheduler.bind("a DNS answer", r -> {
            long left = due - scheduler.nanoTime();
            if (left > 0) {
                scheduler.schedule(() -> done.accept(r), Duration.ofNanos(left));
            } else {
                done.accept(r);
            }
        });
        List<InetSocketAddress> servers = context.dnsServers();
        DnsResolvers dns = network.host().dns();
        if (dns.needsQuery(name)) {
            servers = allowedServers(context);
            if (servers == null) {
                answer.accept(Resolution.failed(NetError.DNS_FAILED));
                return;
            }
        }
        Runnable end = network.begin();
        dns.resolve(network.loop(), servers, local(servers, context), name, onLoop(end, answer));
    }

    /** The names of {@code address} (a reverse, PTR, query). */
    void reverse(PdpContext context, InetAddress address, Consumer<HostNames> done) {
        Consumer<HostNames> answer = network.guard().bind("a DNS answer", done);
        List<InetSocketAddress> servers = allowedServers(context);
        if (servers == null) {
            network.guard().execute(() -> answer.accept(HostNames.failed(NetError.DNS_FAILED)));
            return;
        }
        Runnable end = network.begin();
        network.host().dns().reverse(network.loop(), servers, local(servers, context), address, onLoop(end, answer));
    }

    /** The resolver's answer, on the modem's loop, ending the operation in flight first. */
    private <T> Consumer<T> onLoop(Runnable end, Consumer<T> answer) {
        return r -> {
            if (network.loop().inEventLoop()) {
                end.run();
                answer.accept(r);
            } else {
                network.loop().execute(() -> {
                    end.run();
                    answer.accept(r);
                });
            }
        };
    }

    /** The DNS servers a context queries: its own, or the host's when it names none. */
    static List<InetSocketAddress> servers(PdpContext context) {
        return context.dnsServers().isEmpty() ? HostNetwork.hostDnsServers() : context.dnsServers();
    }

    /**
     * The servers a query of {@code context} may go to: its own, or (when it names none) the host's,
     * less those the policy denies, each of which the observer hears of. The context's list as it is
     * (empty: the host's) when the policy denies none; null when it denies them all.
     */
    private List<InetSocketAddress> allowedServers(PdpContext context) {
        List<InetSocketAddress> all = servers(context);
        List<InetSocketAddress> allowed = new ArrayList<>(all.size());
        for (InetSocketAddress server : all) {
            if (network.policy().mayReach(server)) {
                allowed.add(server);
            } else {
                network.observer().denied(null, "DNS", server);
            }
        }
        if (allowed.isEmpty()) {
            return null;
        }
        return allowed.size() == all.size() ? context.dnsServers() : allowed;
    }

    /**
     * Where a DNS query binds: the context's own address when the host can bind it and it reaches
     * the servers (loopback to loopback), loopback when every server is there, else (null) wherever
     * the host routes, for that query only.
     */
    private static InetAddress local(List<InetSocketAddress> servers, PdpContext context) {
        List<InetSocketAddress> all = servers.isEmpty() ? HostNetwork.hostDnsServers() : servers;
        boolean loopback = all.stream().allMatch(s -> s.getAddress().isLoopbackAddress());
        boolean v4 = all.stream().allMatch(s -> s.getAddress() instanceof Inet4Address);
        InetAddress own = context.address();
        if (own != null && context.bindable() && v4 && own.isLoopbackAddress() == loopback) {
            return own;
        }
        return loopback && v4 ? InetAddress.getLoopbackAddress() : null;
    }
}
