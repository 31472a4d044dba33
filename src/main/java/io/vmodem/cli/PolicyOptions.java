package io.vmodem.cli;

import io.vmodem.net.NetPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where modems may reach and which ports they may listen on (net/NetPolicy). Rules are checked
 * when picocli converts each value, so a bad one is a usage error naming the option and the value.
 */
final class PolicyOptions {
    @Option(
            names = "--allow",
            paramLabel = "CIDR[:PORTS]",
            converter = AllowRule.class,
            description = "Let modems reach these addresses (and ports: N or LOW-HIGH); repeatable. The most specific"
                    + " --allow or --deny decides; with none matching, a destination is allowed.")
    List<NetPolicy.Rule> allow = new ArrayList<>();

    @Option(
            names = "--deny",
            paramLabel = "CIDR[:PORTS]",
            converter = DenyRule.class,
            description = "Keep modems from these addresses (and ports); repeatable. Covers TCP connects, UDP"
                    + " datagrams, DNS servers, ping and NTP; e.g. --deny 0.0.0.0/0 --allow 127.0.0.0/8.")
    List<NetPolicy.Rule> deny = new ArrayList<>();

    @Option(
            names = "--listen-ports",
            paramLabel = "LOW-HIGH",
            converter = PortRangeConverter.class,
            description = "Ports modems may listen on (TCP LISTENER, UDP SERVICE, AT+SERVERSTART); others fail"
                    + " as the module's bind failure (default: any).")
    NetPolicy.PortRange listenPorts;

    NetPolicy policy() {
        List<NetPolicy.Rule> rules = new ArrayList<>(allow);
        rules.addAll(deny);
        return new NetPolicy(rules, listenPorts == null ? NetPolicy.PortRange.ALL : listenPorts);
    }

    static final class AllowRule implements CommandLine.ITypeConverter<NetPolicy.Rule> {
        @Override
        public NetPolicy.Rule convert(String value) {
            return rule(true, value);
        }
    }

    static final class DenyRule implements CommandLine.ITypeConverter<NetPolicy.Rule> {
        @Override
        public NetPolicy.Rule convert(String value) {
            return rule(false, value);
        }
    }

    static final class PortRangeConverter implements CommandLine.ITypeConverter<NetPolicy.PortRange> {
        @Override
        public NetPolicy.PortRange convert(String value) {
            try {
                return NetPolicy.PortRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static NetPolicy.Rule rule(boolean allow, String value) {
        try {
            return NetPolicy.Rule.parse(allow, value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
