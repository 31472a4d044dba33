package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.vmodem.net.NetConditions.Direction;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.OnLoop;
import io.vmodem.testing.Settling;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No condition that is not asked to lose bytes loses or changes one: any bytes, sent in any pieces
 * through any mix of latency, jitter and bandwidth each way, with the send buffer stalled for a
 * while, reach the peer (a real echo server) and come back to the host byte for byte, in order.
 */
class ShapedIntegrityPropertyTest {
    private final HostNetwork host = ModemHarness.host();
    private final EventLoop loop = host.nextLoop();
    private final VirtualScheduler time = VirtualScheduler.on(loop);
    private ModemNetwork net;
    private TcpEchoServer echo;
    private TcpConnection conn;
    private final NetworkOnLoopTest.Events events = new NetworkOnLoopTest.Events();

    /** What one try puts on the connection. */
    record Mix(int upMs, int upJitter, int upKbps, int downMs, int downJitter, int downKbps, boolean stall) {}

    @BeforeProperty
    void open() throws Exception {
        echo = new TcpEchoServer();
        net = new ModemNetwork(host, loop, time, NetSettings.defaults().withTxBuffer(8 * 1024));
        PdpContext c = on(() -> net.context(1));
        CompletableFuture<NetError> up = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, up::complete));
        time.advance(NetSettings.defaults().activationDelay());
        assertThat(up.get(5, TimeUnit.SECONDS)).isNull();
        conn = on(() -> net.connectTcp(c, echo.host(), echo.port(), 0, events));
        events.opened.get(5, TimeUnit.SECONDS);
    }

    @AfterProperty
    void close() throws Exception {
        on(() -> {
            net.shutdown();
            return null;
        });
        echo.close();
    }

    @Provide
    Arbitrary<Mix> mixes() {
        Arbitrary<Integer> ms = Arbitraries.integers().between(0, 400);
        Arbitrary<Integer> jitter = Arbitraries.integers().between(0, 200);
        Arbitrary<Integer> kbps =
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(8, 2000));
        return Combinators.combine(ms, jitter, kbps, ms, jitter, kbps, Arbitraries.of(false, true))
                .as(Mix::new);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12_000);
    }

    @Property(tries = 150)
    @AddLifecycleHook(Tries.class)
    void everyByteArrivesInOrderUnderAnyMixOfLatencyJitterAndBandwidth(
            @ForAll("payloads") byte[] payload, @ForAll("mixes") Mix mix, @ForAll long seed) {
        on(() -> {
            NetConditions c = net.conditions();
            c.random(new Random(seed));
            c.socket(
                    "up",
                    s -> true,
                    new NetConditions.Latency(
                            Direction.UPLINK, Duration.ofMillis(mix.upMs()), Duration.ofMillis(mix.upJitter())));
            c.socket(
                    "down",
                    s -> true,
                    new NetConditions.Latency(
                            Direction.DOWNLINK, Duration.ofMillis(mix.downMs()), Duration.ofMillis(mix.downJitter())));
            if (mix.upKbps() > 0) {
                c.socket("up-bw", s -> true, new NetConditions.Bandwidth(Direction.UPLINK, mix.upKbps() * 1000L));
            }
            if (mix.downKbps() > 0) {
                c.socket("down-bw", s -> true, new NetConditions.Bandwidth(Direction.DOWNLINK, mix.downKbps() * 1000L));
            }
            if (mix.stall()) {
                c.socket("stall", s -> true, new NetConditions.SendStall());
            }
            return null;
        });
        Random random = new Random(seed);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int sent = 0;
        while (sent < payload.length) {
            int n = Math.min(payload.length - sent, 1 + random.nextInt(1460));
            byte[] piece = Arrays.copyOfRange(payload, sent, sent + n);
            NetError error = on(() -> conn.send(piece));
            if (error == null) {
                sent += n;
                continue;
            }
            assertThat(error).isEqualTo(NetError.BUFFER_FULL);
            if (mix.stall()) {
                clear("stall"); // the stall ends: what it held goes, nothing is lost
            }
            step(got);
        }
        clear("stall");
        while (got.size() < payload.length) {
            step(got);
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        for (String key : new String[] {"up", "down", "up-bw", "down-bw"}) {
            clear(key);
        }
        assertThat(on(conn::state)).isEqualTo(SocketState.CONNECTED);
        assertThat(on(conn::unread)).isZero();
    }

    /** Lets what is under way happen, reads what came, and moves the modem's time to its next timer. */
    private void step(ByteArrayOutputStream got) {
        Settling.await(loop, net);
        got.writeBytes(on(() -> conn.read(65535)));
        time.advanceToNext();
    }

    private void clear(String key) {
        on(() -> {
            net.conditions().clearSocket(key);
            return null;
        });
    }

    private <T> T on(Supplier<T> task) {
        return OnLoop.call(loop, task::get);
    }
}
