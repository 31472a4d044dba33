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
    /**
     * How long the module waits for a DNS answer before it gives the lookup up: the longest the
     * manuals give a lookup (BG96 AT+QIDNSGIP, 2.1.14: 60 s). A lookup the dns condition leaves
     * unanswered, or answers later than this, fails then.
     */
    static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final ModemNetwork network;

    NameService(ModemNetwork network) {
        this.network = network;
    }

    /**
     * A name's addresses; after the network's DNS delay when the name needs a query. A name that is
     * not an address meets the dns condition in force for it, if any.
     */
    void resolve(PdpContext context, String name, Consumer<Resolution> done) {
        boolean literal = Addresses.literal(name) != null;
        Duration delay = literal ? Duration.ZERO : network.settings().dnsDelay();
        NetConditions.Dns condition = literal ? null : network.conditions().dnsFor(name);
        if (condition != null) {
            delay = badly(name, condition, delay, () -> done.accept(Resolution.failed(NetError.DNS_FAILED)));
            if (delay == null) {
                return;
            }
        }
        Consumer<Resolution> answer = after(delay, done);
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

    /** The names of {@code address} (a reverse, PTR, query); the dns condition for its text acts on it. */
    void reverse(PdpContext context, InetAddress address, Consumer<HostNames> done) {
        Duration delay = Duration.ZERO;
        NetConditions.Dns condition = network.conditions().dnsFor(address.getHostAddress());
        if (condition != null) {
            delay = badly(
                    address.getHostAddress(),
                    condition,
                    delay,
                    () -> done.accept(HostNames.failed(NetError.DNS_FAILED)));
            if (delay == null) {
                return;
            }
        }
        Consumer<HostNames> answer = after(delay, done);
        List<InetSocketAddress> servers = allowedServers(context);
        if (servers == null) {
            network.guard().execute(() -> answer.accept(HostNames.failed(NetError.DNS_FAILED)));
            return;
        }
        Runnable end = network.begin();
        network.host().dns().reverse(network.loop(), servers, local(servers, context), address, onLoop(end, answer));
    }

    /** {@code done}, on the modem's loop in this power epoch, no sooner than {@code delay} from now. */
    private <T> Consumer<T> after(Duration delay, Consumer<T> done) {
        var scheduler = network.guard();
        long due = scheduler.nanoTime() + delay.toNanos();
        return scheduler.bind("a DNS answer", r -> {
            long left = due - scheduler.nanoTime();
            if (left > 0) {
                scheduler.schedule(() -> done.accept(r), Duration.ofNanos(left));
            } else {
                done.accept(r);
            }
        });
    }

    /**
     * The dns condition answers instead of the servers: NXDOMAIN or SERVFAIL after the network's DNS
     * delay, nothing at all until the module gives up ({@link #GIVE_UP}); or the servers answer, late.
     * Modules word every failed lookup alike (BG96 565, SIM7600 DNS GENERAL ERROR); the trace says
     * which it was. Returns how long the real answer is held back, or null when none is asked for.
     */
    private Duration badly(String name, NetConditions.Dns condition, Duration delay, Runnable fail) {
        NetObserver observer = network.observer();
        switch (condition.answer()) {
            case NXDOMAIN, SERVFAIL -> {
                observer.conditionActed(null, "DNS answers " + name + " with " + condition.answer() + " (dns)");
                network.after(delay, fail);
                return null;
            }
            case NONE -> {
                observer.conditionActed(
                        null,
                        "DNS gives no answer for " + name + ", given up after " + GIVE_UP.toSeconds() + " s (dns)");
                network.after(GIVE_UP, fail);
                return null;
            }
            default -> {
                Duration late = delay.plus(condition.delay());
                if (late.compareTo(GIVE_UP) >= 0) {
                    observer.conditionActed(
                            null,
                            "DNS answers " + name + " too late, given up after " + GIVE_UP.toSeconds() + " s (dns)");
                    network.after(GIVE_UP, fail);
                    return null;
                }
                observer.conditionActed(
                        null, "DNS answers " + name + " " + condition.delay().toMillis() + " ms late (dns)");
                return late;
            }
        }
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
