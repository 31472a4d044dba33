package io.vmodem.runtime;

import io.vmodem.dialect.ModuleSocket;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.net.TcpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Faults of a modem's sockets: those a step's {@code host}, {@code port} and {@code socket} pick
 * ({@link #select}), or the socket whose byte count triggered the step, or all of them. Now: the
 * peer vanishing (no FIN, no RST). To come here: refused and timed-out connects, resets and closes,
 * latency, bandwidth, datagram loss, send failures and stalls.
 */
final class SocketEffects {
    private SocketEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.PEER_VANISH, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                var network = modem.session().modem().network();
                for (ModuleSocket s : select(modem, fault, socket)) {
                    if (s.net() instanceof TcpConnection c) {
                        // the module gives up as its TCP stack would: after its retransmission limit
                        c.peerUnreachable(network.tcpUserTimeout());
                    }
                }
            }
        });
    }

    /**
     * The module's sockets a fault applies to: those its {@code socket}, {@code host} and {@code
     * port} pick; with none given, the socket a trigger fired for ({@code triggered}), else all.
     */
    static List<ModuleSocket> select(VirtualModem modem, Injection fault, Integer triggered) {
        Optional<Integer> id = fault.optionalInt("socket");
        Optional<String> host = fault.text("host");
        Optional<Integer> port = fault.optionalInt("port");
        boolean picks = id.isPresent() || host.isPresent() || port.isPresent();
        List<ModuleSocket> out = new ArrayList<>();
        for (ModuleSocket s : modem.session().moduleSockets()) {
            InetSocketAddress remote = s.net() == null ? null : s.net().remoteAddress();
            if (!picks) {
                if (triggered == null || triggered == s.id()) {
                    out.add(s);
                }
                continue;
            }
            if (id.isPresent() && id.get() != s.id()) {
                continue;
            }
            if (port.isPresent() && (remote == null || remote.getPort() != port.get())) {
                continue;
            }
            if (host.isPresent() && !hostMatches(host.get(), s.host(), remote == null ? null : remote.getAddress())) {
                continue;
            }
            out.add(s);
        }
        return out;
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
