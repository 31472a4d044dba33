package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.fault.ScenarioReader;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.HttpTestServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * AT+QHTTPREAD streams the body as the real module does: CONNECT, the body as it arrives, OK and
 * {@code +QHTTPREAD: 0}, for bodies far larger than anything the modem holds. A body of several MiB
 * comes through byte for byte under a bandwidth condition, to a host that reads slowly, while the
 * bytes the modem holds for the response (its window and the socket's receive buffer) stay bounded:
 * the server is held back by TCP flow control instead of the modem buffering the body.
 */
class Bg96HttpStreamTest {
    /** The most the modem may hold of one response: the exchange's window and the socket's buffer. */
    private static final long BOUND =
            Bg96HttpRequests.WINDOW + NetSettings.defaults().rxBufferBytes();

    /** How far the test moves the modem's time when no byte came. */
    private static final Duration STEP = Duration.ofMillis(5);

    private HttpTestServer http;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        http = HttpTestServer.plain();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        http.close();
    }

    private void fault(String step) {
        var injection = ScenarioReader.injection(step, "test");
        FaultEffects.check(injection);
        modem.onLoop(() -> modem.modem().faults().apply(injection));
    }

    @Property(tries = 3)
    void aBodyOfSeveralMibStreamsByteForByteWithBoundedMemory(
            @ForAll @IntRange(min = 2 << 20, max = 4 << 20) int length,
            @ForAll @IntRange(min = 20_000, max = 400_000) int kbps,
            @ForAll @IntRange(min = 512, max = 65_536) int linkCapacity,
            @ForAll long seed) {
        byte[] body = new byte[length];
        new Random(seed).nextBytes(body);
        http.serve("/big", body);
        String url = http.url("/big");
        modem.send("AT+QHTTPURL=" + url.length() + ",10").expectLine("CONNECT");
        modem.sendRaw(url);
        modem.expectLine("OK");
        fault("{condition: bandwidth, kbps: " + kbps + ", direction: downlink}");
        modem.link().capacity(linkCapacity); // a host that reads slowly
        try {
            modem.send("AT+QHTTPGET=60").expectLine("OK").expectLine("+QHTTPGET: 0,200," + length);
            HttpExchange exchange = modem.onLoop(() -> ((Bg96Session) modem.session()).http().exchange);
            // The bandwidth lets bytes through in the modem's time, which the test moves itself,
            // a step at a time, while the server's real bytes keep coming. First a second of it
            // before the host reads: the body fills the window and the socket, then waits.
            modem.autoAdvance(false);
            long most = 0;
            for (int i = 0; i < 200; i++) {
                assertThat(modem.nextAvailable(1, 1)).isEmpty();
                modem.advance(STEP);
                most = Math.max(most, modem.onLoop(exchange::heldBytes));
            }
            assertThat(most).as("bytes held before the read").isLessThanOrEqualTo(BOUND);
            assertThat(modem.onLoop(exchange::bodyLength)).isLessThan(length);
            modem.send("AT+QHTTPREAD=60").expectLine("CONNECT");
            byte[] got = new byte[length];
            int at = 0;
            while (at < length) {
                byte[] piece = modem.nextAvailable(Math.min(length - at, 64 * 1024), 1);
                if (piece.length == 0) {
                    modem.advance(STEP);
                    continue;
                }
                System.arraycopy(piece, 0, got, at, piece.length);
                at += piece.length;
                most = Math.max(most, modem.onLoop(exchange::heldBytes));
                if (at < length - BOUND - linkCapacity - 8192) {
                    // The modem has not taken the rest from the network: the server waits for it.
                    assertThat(modem.onLoop(exchange::bodyLength)).isLessThan(length);
                }
            }
            modem.autoAdvance(true);
            modem.expectLine("OK").expectLine("+QHTTPREAD: 0");
            assertThat(Arrays.equals(got, body)).as("the body, byte for byte").isTrue();
            assertThat(most).as("bytes the modem held for the response").isLessThanOrEqualTo(BOUND);
            assertThat(modem.onLoop(exchange::heldBytes)).isZero();
            modem.expectSilence();
        } finally {
            modem.autoAdvance(true);
            modem.link().capacity(Integer.MAX_VALUE);
            fault("{clear: bandwidth}");
        }
    }
}
