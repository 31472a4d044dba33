package io.vmodem.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where modems may reach and which local ports they may listen on. A destination is decided by the
 * most specific rule that matches it: the longest prefix, and at the same prefix a rule with ports
 * before one without (of two with ports, the narrower range; at a full tie, deny). No rule
 * matching: allowed. A rule with ports matches only traffic that has a port, so ping is decided by
 * the rules without. Listeners may use the ports of {@code listenPorts}, and any port the host
 * picks (port 0).
 */
public final class NetPolicy {
    /** Everything allowed: the default. */
    public static final NetPolicy OPEN = new NetPolicy(List.of(), PortRange.ALL);

    private final List<Rule> rules;
    private final PortRange listenPorts;

    public NetPolicy(List<Rule> rules, PortRange listenPorts) {
        this.rules = List.copyOf(rules);
        this.listenPorts = listenPorts;
    }

    public List<Rule> rules() {
        return rules;
    }

    public PortRange listenPorts() {
        return listenPorts;
    }

    /** Whether a connection, datagram or query may go to {@code destination}. */
    public boolean mayReach(InetSocketAddress destination) {
        return decide(destination.getAddress(), destination.getPort());
    }

    /** Whether {@code destination} may be reached without a port (an ICMP echo). */
    public boolean mayReach(InetAddress destination) {
        return decide(destination, -1);
    }

    public boolean mayListen(int port) {
        return port == 0 || listenPorts.contains(port);
    }

    private boolean decide(InetAddress address, int port) {
        Rule best = null;
        for (Rule r : rules) {
            if (r.matches(address, port) && (best == null || r.moreSpecificThan(best))) {
                best = r;
            }
        }
        return best == null || best.allow();
    }

    @Override
    public String toString() {
        return rules + ", listen " + listenPorts;
    }

    /** An allow or deny rule: a block of addresses, and the ports it covers (null: every port). */
    public record Rule(boolean allow, Block block, PortRange ports) {
        /** Parses {@code CIDR[:PORTS]}: {@code 10.0.0.0/8}, {@code 192.0.2.7:443}, {@code [2001:db8::/32]:1-1023}. */
        public static Rule parse(boolean allow, String text) {
            String s = text.strip();
            String block;
            String ports = null;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("missing ']' in '" + text + "'");
                }
                block = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("expected ':PORTS' after ']' in '" + text + "'");
                    }
                    ports = rest.substring(1);
                }
            } else if (s.indexOf(':') != s.lastIndexOf(':')) {
                block = s; // IPv6 without ports; with ports it is written in brackets
            } else {
                int colon = s.indexOf(':');
                block = colon < 0 ? s : s.substring(0, colon);
                ports = colon < 0 ? null : s.substring(colon + 1);
            }
            return new Rule(allow, Block.parse(block, text), ports == null ? null : PortRange.parse(ports));
        }

        boolean matches(InetAddress address, int port) {
            if (!block.contains(address)) {
                return false;
            }
            return ports == null || (port >= 0 && ports.contains(port));
        }

        boolean moreSpecificThan(Rule other) {
            if (block.prefix() != other.block.prefix()) {
                return block.prefix() > other.block.prefix();
            }
            if ((ports == null) != (other.ports == null)) {
                return ports != null;
            }
            if (ports != null && ports.size() != other.ports.size()) {
                return ports.size() < other.ports.size();
            }
            return !allow && other.allow;
        }

        @Override
        public String toString() {
            return (allow ? "allow " : "deny ") + block + (ports == null ? "" : ":" + ports);
        }
    }

    /** A CIDR block of IPv4 or IPv6 addresses. */
    public record Block(byte[] network, int prefix) {
        static Block parse(String block, String text) {
            int slash = block.indexOf('/');
            String ip = slash < 0 ? block : block.substring(0, slash);
            InetAddress a = Addresses.literal(ip);
            if (a == null) {
                throw new IllegalArgumentException("'" + ip + "' is not an IP address, in '" + text + "'");
            }
            byte[] bytes = a.getAddress();
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(block.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("the prefix length must be 0.." + bits + ", in '" + text + "'");
                }
            }
            return new Block(mask(bytes, prefix), prefix);
        }

        @Override
        public byte[] network() {
            return network.clone();
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            return a.length == network.length && java.util.Arrays.equals(mask(a, prefix), network);
        }

        private static byte[] mask(byte[] bytes, int prefix) {
            byte[] out = bytes.clone();
            for (int i = 0; i < out.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                out[i] &= (byte) (0xff << (8 - keep));
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && b.prefix == prefix && java.util.Arrays.equals(b.network, network);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            try {
                String ip = InetAddress.getByAddress(network).getHostAddress();
                return network.length == 16 ? "[" + ip + "/" + prefix + "]" : ip + "/" + prefix;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Ports {@code low..high}, both included. */
    public record PortRange(int low, int high) {
        public static final PortRange ALL = new PortRange(1, 65535);

        public PortRange {
            if (low < 1 || high > 65535 || low > high) {
                throw new IllegalArgumentException("ports must be 1..65535, low to high: " + low + "-" + high);
            }
        }

        /** Parses {@code PORT} or {@code LOW-HIGH}. */
        public static PortRange parse(String text) {
            String s = text.strip();
            int dash = s.indexOf('-');
            try {
                int low = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
                int high = dash < 0 ? low : Integer.parseInt(s.substring(dash + 1));
                if (low < 1 || high > 65535 || low > high) {
                    throw new NumberFormatException();
                }
                return new PortRange(low, high);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a port or a range LOW-HIGH of ports 1..65535");
            }
        }

        public boolean contains(int port) {
            return port >= low && port <= high;
        }

        int size() {
            return high - low + 1;
        }

        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }
}
