package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The destination policy: its rules as written on the command line, and the most specific one deciding. */
class NetPolicyTest {
    private static NetPolicy policy(String... rules) {
        List<NetPolicy.Rule> parsed = java.util.Arrays.stream(rules)
                .map(r -> NetPolicy.Rule.parse(r.startsWith("+"), r.substring(1)))
                .toList();
        return new NetPolicy(parsed, NetPolicy.PortRange.ALL);
    }

    private static InetSocketAddress at(String ip, int port) {
        return Addresses.literal(ip, port);
    }

    @Test
    void rulesAreReadAsCidrWithAnOptionalPortOrRange() {
        assertThat(NetPolicy.Rule.parse(true, "10.0.0.0/8").toString()).isEqualTo("allow 10.0.0.0/8");
        assertThat(NetPolicy.Rule.parse(false, "192.0.2.7:443").toString()).isEqualTo("deny 192.0.2.7/32:443");
        assertThat(NetPolicy.Rule.parse(true, "192.0.2.99/24:1000-2000").toString())
                .isEqualTo("allow 192.0.2.0/24:1000-2000");
        assertThat(NetPolicy.Rule.parse(true, "2001:db8::/32").toString()).isEqualTo("allow [2001:db8:0:0:0:0:0:0/32]");
        assertThat(NetPolicy.Rule.parse(false, "[::1]:53").toString()).isEqualTo("deny [0:0:0:0:0:0:0:1/128]:53");
        assertThat(NetPolicy.Rule.parse(false, "0.0.0.0/0").toString()).isEqualTo("deny 0.0.0.0/0");
        assertThat(NetPolicy.PortRange.parse("20000-20100")).isEqualTo(new NetPolicy.PortRange(20000, 20100));
        assertThat(NetPolicy.PortRange.parse("7")).isEqualTo(new NetPolicy.PortRange(7, 7));
    }

    @Test
    void badRulesSayWhatIsWrong() {
        assertThatThrownBy(() -> NetPolicy.Rule.parse(true, "foo")).hasMessage("'foo' is not an IP address, in 'foo'");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(true, "256.1.1.1"))
                .hasMessage("'256.1.1.1' is not an IP address, in '256.1.1.1'");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(true, "10.0.0.0/33"))
                .hasMessage("the prefix length must be 0..32, in '10.0.0.0/33'");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(true, "10.0.0.0/x"))
                .hasMessage("the prefix length must be 0..32, in '10.0.0.0/x'");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(true, "::1/129"))
                .hasMessage("the prefix length must be 0..128, in '::1/129'");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(false, "10.0.0.1:0"))
                .hasMessage("'0' is not a port or a range LOW-HIGH of ports 1..65535");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(false, "10.0.0.1:90-80"))
                .hasMessage("'90-80' is not a port or a range LOW-HIGH of ports 1..65535");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(false, "10.0.0.1:"))
                .hasMessage("'' is not a port or a range LOW-HIGH of ports 1..65535");
        assertThatThrownBy(() -> NetPolicy.Rule.parse(false, "[::1")).hasMessage("missing ']' in '[::1'");
        assertThatThrownBy(() -> NetPolicy.PortRange.parse("1-65536"))
                .hasMessage("'1-65536' is not a port or a range LOW-HIGH of ports 1..65535");
    }

    @Test
    void withoutRulesEverythingIsAllowed() {
        assertThat(NetPolicy.OPEN.mayReach(at("203.0.113.9", 80))).isTrue();
        assertThat(NetPolicy.OPEN.mayReach(Addresses.literal("::1"))).isTrue();
        assertThat(NetPolicy.OPEN.mayListen(80)).isTrue();
    }

    @Test
    void theLongestPrefixDecides() {
        NetPolicy p = policy("-0.0.0.0/0", "+10.0.0.0/8", "-10.1.0.0/16", "+10.1.2.3");
        assertThat(p.mayReach(at("203.0.113.9", 80))).isFalse();
        assertThat(p.mayReach(at("10.9.9.9", 80))).isTrue();
        assertThat(p.mayReach(at("10.1.9.9", 80))).isFalse();
        assertThat(p.mayReach(at("10.1.2.3", 80))).isTrue();
        // A rule for one family says nothing of the other.
        assertThat(p.mayReach(at("::1", 80))).isTrue();
    }

    @Test
    void atTheSamePrefixARuleWithPortsBeatsOneWithout() {
        NetPolicy p = policy("-192.0.2.0/24", "+192.0.2.0/24:443", "+198.51.100.7", "-198.51.100.7:25");
        assertThat(p.mayReach(at("192.0.2.10", 443))).isTrue();
        assertThat(p.mayReach(at("192.0.2.10", 80))).isFalse();
        assertThat(p.mayReach(at("198.51.100.7", 25))).isFalse();
        assertThat(p.mayReach(at("198.51.100.7", 26))).isTrue();
        // But a longer prefix without ports beats a shorter one with them.
        NetPolicy q = policy("+192.0.2.0/24:1-65535", "-192.0.2.66");
        assertThat(q.mayReach(at("192.0.2.66", 443))).isFalse();
    }

    @Test
    void ofTwoPortRulesTheNarrowerWinsAndAtAFullTieDenyWins() {
        NetPolicy p = policy("+127.0.0.0/8:1-65535", "-127.0.0.0/8:5000-5999", "+127.0.0.0/8:5555");
        assertThat(p.mayReach(at("127.0.0.1", 80))).isTrue();
        assertThat(p.mayReach(at("127.0.0.1", 5001))).isFalse();
        assertThat(p.mayReach(at("127.0.0.1", 5555))).isTrue();
        assertThat(policy("+10.0.0.0/8", "-10.0.0.0/8").mayReach(at("10.0.0.1", 1)))
                .isFalse();
        assertThat(policy("-10.0.0.0/8", "+10.0.0.0/8").mayReach(at("10.0.0.1", 1)))
                .isFalse();
    }

    @Test
    void pingHasNoPortSoOnlyRulesWithoutPortsDecideIt() {
        NetPolicy p = policy("-0.0.0.0/0", "+192.0.2.7:443");
        assertThat(p.mayReach(at("192.0.2.7", 443))).isTrue();
        assertThat(p.mayReach(Addresses.literal("192.0.2.7"))).isFalse();
        assertThat(policy("-192.0.2.0/24:1-65535").mayReach(Addresses.literal("192.0.2.7")))
                .isTrue();
    }

    @Test
    void listenersKeepToTheirPortsAndMayAlwaysLetTheHostPick() {
        NetPolicy p = new NetPolicy(List.of(), new NetPolicy.PortRange(20000, 20100));
        assertThat(p.mayListen(20000)).isTrue();
        assertThat(p.mayListen(20100)).isTrue();
        assertThat(p.mayListen(19999)).isFalse();
        assertThat(p.mayListen(80)).isFalse();
        assertThat(p.mayListen(0)).isTrue();
    }
}
