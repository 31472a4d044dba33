package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    @Test
    void handsOutDistinctHostAddressesAndReusesReleasedOnes() {
        AddressPool pool = AddressPool.of("10.7.0.0/30", false);
        InetAddress a = pool.allocate();
        InetAddress b = pool.allocate();
        assertThat(a.getHostAddress()).isEqualTo("10.7.0.1");
        assertThat(b.getHostAddress()).isEqualTo("10.7.0.2");
        assertThat(pool.allocate()).as("a /30 has two host addresses").isNull();
        pool.release(a);
        assertThat(pool.allocate()).isEqualTo(a);
        assertThat(pool.inUse()).isEqualTo(2);
    }

    @Test
    void aSixteenBitPoolServesNineThousandModems() {
        AddressPool pool = AddressPool.of(HostNetwork.LINUX_POOL, true);
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < 9000; i++) {
            assertThat(seen.add(pool.allocate())).isTrue();
        }
    }

    @Test
    void refusesWhatIsNotACidrBlock() {
        assertThatThrownBy(() -> AddressPool.of("127.10.0.0", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPool.of("127.10.0.0/31", true)).isInstanceOf(IllegalArgumentException.class);
    }
}
