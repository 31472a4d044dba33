package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Transparent mode carries any bytes both ways exactly, however the port's bytes are chunked. */
class Bg96TransparentPropertyTest {

    @Property(tries = 12)
    void anyBytesPassBothWaysExactly(
            @ForAll("withPluses") byte[] up,
            @ForAll @Size(max = 30_000) byte[] down,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 2000) Integer> chunks,
            @ForAll @IntRange(min = 1, max = 1460) int packetSize)
            throws Exception {
        try (ControlledServer server = new ControlledServer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.bootQuiet();
            modem.send("AT+QICFG=\"transpktsize\"," + packetSize).expectLine("OK");
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,2")
                    .expectLine("CONNECT");
            ControlledServer.Client peer = server.awaitClient();
            modem.autoAdvance(false);
            // Bytes typed in one go: "+++" in them has no guard time and is data.
            int at = 0;
            for (int i = 0; at < up.length; i++) {
                int n = Math.min(up.length - at, chunks.get(i % chunks.size()));
                modem.sendRaw(Arrays.copyOfRange(up, at, at + n));
                at += n;
            }
            if (down.length > 0) {
                peer.send(down);
            }
            assertThat(modem.nextBytes(down.length)).isEqualTo(down);
            modem.advance(Duration.ofMillis(200));
            assertThat(peer.awaitReceived(up.length)).isEqualTo(up);
            modem.expectSilence();
            assertThat(modem.faults()).isZero();
        }
    }

    /** Any bytes, a good share of them '+'. */
    @Provide
    Arbitrary<byte[]> withPluses() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just((byte) '+')),
                        net.jqwik.api.Tuple.of(2, Arbitraries.bytes()))
                .array(byte[].class)
                .ofMaxSize(30_000);
    }
}
