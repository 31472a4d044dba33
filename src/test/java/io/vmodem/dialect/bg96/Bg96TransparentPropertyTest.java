package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.HostAndPeer;
import io.vmodem.testing.HostTyping;
import io.vmodem.testing.HostTyping.LineEnd;
import io.vmodem.testing.Io;
import io.vmodem.testing.LineEndHost;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;

/** Transparent mode carries any bytes both ways exactly, however the port's bytes are chunked. */
class Bg96TransparentPropertyTest {
    private static final Duration RESPONSE_DELAY = Duration.ofMillis(300);

    private ControlledServer server;
    private HostAndPeer immediate;
    private HostAndPeer delayed;

    /**
     * A modem whose connect ID 0 is a transparent connection to a peer that only reads, left in
     * command mode (by +++) between tries; made on first use.
     */
    private HostAndPeer transparent(boolean withDelay) throws Exception {
        if (server == null) {
            server = new ControlledServer();
        }
        if (withDelay ? delayed == null : immediate == null) {
            HostAndPeer s =
                    new HostAndPeer(new Bg96Dialect(), withDelay ? RESPONSE_DELAY : Duration.ZERO, server, h -> {
                        h.setUp("AT+QIACT=1").expectLine("OK");
                        h.setUp("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,2")
                                .expectLine("CONNECT");
                        escape(h);
                    });
            if (withDelay) {
                delayed = s;
            } else {
                immediate = s;
            }
        }
        return withDelay ? delayed : immediate;
    }

    /** +++ with a second of silence before and after: OK, framed with the host's S3. */
    private static void escape(LineEndHost host) {
        host.modem().advance(Duration.ofMillis(1000));
        host.modem().sendRaw("+++");
        host.modem().advance(Duration.ofMillis(1000));
        host.modem().expectRaw(host.lineEnd().framed("OK"));
    }

    @AfterProperty
    void closeModems() throws Exception {
        try {
            Io.closeAll(immediate, delayed, server);
        } finally {
            immediate = delayed = null;
            server = null;
        }
    }

    /**
     * The first repro in transparent mode, as a property: after ATO's CONNECT, whatever the
     * host's line end, however it cuts its writes and whenever its LF comes, the peer receives
     * exactly the bytes typed after CONNECT, a leading LF included.
     */
    @Property(tries = 1000)
    @AddLifecycleHook(Tries.class)
    void whatTheHostTypesAfterConnectReachesThePeerExactly(
            @ForAll("anyPayloads") byte[] payload,
            @ForAll LineEnd lineEnd,
            @ForAll LineEndHost.LfWrite lf,
            @ForAll boolean responseDelay,
            @ForAll long seed)
            throws Exception {
        HostAndPeer s = transparent(responseDelay);
        LineEndHost host = s.host();
        Random random = new Random(seed);
        host.use(lineEnd);
        byte[] intended = host.lfIsData(lf) ? HostTyping.concat("\n", payload) : payload;
        host.command("ATO", lf, lineEnd.framed("CONNECT"), random);
        host.type(payload, random);
        escape(host);
        assertThat(s.next(intended.length)).isEqualTo(intended);
    }

    @Provide
    Arbitrary<byte[]> anyPayloads() {
        return HostTyping.payloads(3000);
    }

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
