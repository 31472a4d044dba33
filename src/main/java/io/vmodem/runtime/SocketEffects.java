package io.vmodem.runtime;

import io.vmodem.dialect.ModuleSocket;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.net.NetConditions;
import io.vmodem.net.NetSocket;
import io.vmodem.net.TcpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Faults of a modem's sockets: those a step's {@code host}, {@code port} and {@code socket} pick
 * ({@link #select}), or the socket whose byte count triggered the step, or all of them. Events act
 * on the sockets open now (the peer vanishing, resetting or closing; the next send failing);
 * conditions ({@link NetConditions}) hold for the sockets they pick, open now or opened later:
 * connects refused or never answered, latency, bandwidth, datagrams lost, duplicated or reordered, a
 * send buffer that stops draining.
 */
final class SocketEffects {
    private SocketEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.PEER_VANISH, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                var network = modem.session().modem().network();
                for (ModuleSocket s : tcp(modem, fault, socket)) {
                    // the module gives up as its TCP stack would: after its retransmission limit
                    ((TcpConnection) s.net()).peerUnreachable(network.tcpUserTimeout());
                }
            }
        });
        into.effect(Fault.PEER_RESET, modem -> peerEnds(modem, true));
        into.effect(Fault.PEER_CLOSE, modem -> peerEnds(modem, false));
        into.effect(Fault.SEND_FAIL, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                List<ModuleSocket> picked = select(modem, fault, socket);
                picked.removeIf(s -> s.net() == null);
                if (picked.isEmpty()) {
                    modem.watch().note("no open socket: no send to fail");
                }
                picked.forEach(s -> s.net().failNextSend());
            }
        });
        condition(into, Fault.CONNECT_REFUSED, c -> new NetConditions.ConnectRefused());
        condition(into, Fault.CONNECT_TIMEOUT, c -> new NetConditions.ConnectUnanswered());
        condition(
                into,
                Fault.LATENCY,
                c -> new NetConditions.Latency(
                        direction(c), Duration.ofMillis(c.intValue("ms")), Duration.ofMillis(c.intValue("jitter"))));
        condition(into, Fault.BANDWIDTH, c -> new NetConditions.Bandwidth(direction(c), c.intValue("kbps") * 1000L));
        condition(into, Fault.UDP_LOSS, c -> new NetConditions.DatagramLoss(direction(c), c.rate("rate")));
        condition(into, Fault.UDP_DUPLICATE, c -> new NetConditions.DatagramDuplicate(direction(c), c.rate("rate")));
        condition(into, Fault.UDP_REORDER, c -> new NetConditions.DatagramReorder(direction(c), c.rate("rate")));
        condition(into, Fault.SEND_STALL, c -> new NetConditions.SendStall());
    }

    /**
     * A socket condition: in force, under its key, for every socket its selectors pick, now and
     * opened later; cleared, what it held goes on its way.
     */
    private static void condition(
            FaultEffects.Registry into, Fault fault, Function<Injection, NetConditions.SocketCondition> what) {
        into.effect(fault, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                NetworkEffects.conditions(modem)
                        .socket(condition.key(), picks(modem, condition), what.apply(condition));
            }

            @Override
            public void clear(Injection condition) {
                NetworkEffects.conditions(modem).clearSocket(condition.key());
            }
        });
    }

    private static NetConditions.Direction direction(Injection c) {
        return NetConditions.Direction.of(c.choice("direction"));
    }

    /** The peer-reset ({@code reset}) or peer-close fault: now, or after {@code after} more bytes. */
    private static FaultEffects.Effect peerEnds(VirtualModem modem, boolean reset) {
        return new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                for (ModuleSocket s : tcp(modem, fault, socket)) {
                    if (!((TcpConnection) s.net()).peerEnds(reset, fault.intValue("after"))) {
                        modem.watch()
                                .note("socket " + s.id() + " is not connected: no peer to "
                                        + (reset ? "reset" : "close"));
                    }
                }
            }
        };
    }

    /** The TCP connections among the sockets a fault picks; the trace says when there is none. */
    private static List<ModuleSocket> tcp(VirtualModem modem, Injection fault, Integer triggered) {
        List<ModuleSocket> picked = select(modem, fault, triggered);
        picked.removeIf(s -> !(s.net() instanceof TcpConnection));
        if (picked.isEmpty()) {
            modem.watch().note("no TCP connection for " + fault.fault().id() + " to act on");
        }
        return picked;
    }

    /**
     * The module's sockets a fault applies to: those its {@code socket}, {@code host} and {@code
     * port} pick; with none given, the socket a trigger fired for ({@code triggered}), else all.
     */
    static List<ModuleSocket> select(VirtualModem modem, Injection fault, Integer triggered) {
        List<ModuleSocket> out = new ArrayList<>();
        List<ModuleSocket> numbered = modem.session().moduleSockets();
        for (ModuleSocket s : numbered) {
            if (picks(fault, s) && (picksAny(fault) || triggered == null || triggered == s.id())) {
                out.add(s);
            }
        }
        // The connections the services opened without a connect ID (an HTTP request's): picked by
        // their destination, or with every socket; never by a socket ID or a socket's trigger.
        if (triggered == null && fault.optionalInt("socket").isEmpty()) {
            for (NetSocket net : modem.session().modem().network().sockets()) {
                if (numbered.stream().noneMatch(s -> s.net() == net)) {
                    ModuleSocket unnumbered = new ModuleSocket(-1, "service", net.host(), net);
                    if (picks(fault, unnumbered)) {
                        out.add(unnumbered);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Which of the network's sockets a condition holds for, asked when one opens and when the
     * conditions change: with no selectors every socket; else those whose module socket they pick.
     * A connection a service opened (an HTTP request's) has no connect ID of its own: {@code host}
     * and {@code port} pick it by its destination, {@code socket} never does.
     */
    static Predicate<NetSocket> picks(VirtualModem modem, Injection condition) {
        if (!picksAny(condition)) {
            return s -> true;
        }
        return net -> {
            for (ModuleSocket s : modem.session().moduleSockets()) {
                if (s.net() == net) {
                    return picks(condition, s);
                }
            }
            return condition.optionalInt("socket").isEmpty()
                    && picks(condition, new ModuleSocket(-1, "service", net.host(), net));
        };
    }

    private static boolean picksAny(Injection fault) {
        return fault.optionalInt("socket").isPresent()
                || fault.text("host").isPresent()
                || fault.optionalInt("port").isPresent();
    }

    /** Whether the selectors given pick {@code s} (none given picks every socket). */
    private static boolean picks(Injection fault, ModuleSocket s) {
        Optional<Integer> id = fault.optionalInt("socket");
        Optional<String> host = fault.text("host");
        Optional<Integer> port = fault.optionalInt("port");
        InetSocketAddress remote = s.net() == null ? null : s.net().remoteAddress();
        if (id.isPresent() && id.get() != s.id()) {
            return false;
        }
        if (port.isPresent() && (remote == null || remote.getPort() != port.get())) {
            return false;
        }
        return host.isEmpty() || hostMatches(host.get(), s.host(), remote == null ? null : remote.getAddress());
    }

    /**
     * Whether {@code pattern} (a name or address, a glob such as {@code *.example.org}, or a CIDR
     * block) names the destination: as the host wrote it, or its address.
     */
    static boolean hostMatches(String pattern, String given, InetAddress address) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        String addressText = address == null ? null : address.getHostAddress();
        int slash = p.indexOf('/');
        if (slash > 0) {
            return address != null && inBlock(p.substring(0, slash), p.substring(slash + 1), address);
        }
        Pattern glob = Pattern.compile("\\Q" + p.replace("*", "\\E.*\\Q") + "\\E", Pattern.CASE_INSENSITIVE);
        return given != null && glob.matcher(given.trim()).matches()
                || addressText != null && glob.matcher(addressText).matches();
    }

    private static boolean inBlock(String network, String bits, InetAddress address) {
        if (!network.matches("[0-9a-f:.]+")) {
            return false; // an address, never a name: a lookup would block the modem's loop
        }
        try {
            byte[] net = InetAddress.getByName(network).getAddress();
            byte[] a = address.getAddress();
            int n = Integer.parseInt(bits);
            if (net.length != a.length || n < 0 || n > a.length * 8) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (a[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
