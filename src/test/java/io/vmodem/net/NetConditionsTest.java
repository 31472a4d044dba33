package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.net.NetConditions.Direction;
import io.vmodem.testing.Await;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.Ports;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The network's conditions on real loopback sockets, in virtual time: connects refused or never
 * answered, activations refused or slow, lookups answered badly, bytes delayed and capped each way
 * (300 ms of latency is 300 ms of the modem's time; 20 kbit/s makes 10 KB take 4.096 s of it), a
 * stalled send buffer, the peer closing or resetting after N bytes, a send that fails.
 */
class NetConditionsTest extends NetworkOnLoopTest {
    private void condition(String key, NetConditions.SocketCondition c) {
        on(() -> {
            net.conditions().socket(key, s -> true, c);
            return null;
        });
    }

    private void clear(String key) {
        on(() -> {
            net.conditions().clearSocket(key);
            return null;
        });
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    // ---- connects ----

    @Test
    void aRefusedConnectFailsAtOnceAndConnectsAgainOnceCleared() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            condition("connect-refused", new NetConditions.ConnectRefused());
            Events refused = new Events();
            on(() -> net.connectTcp(c, server.host(), server.port(), 0, refused));
            assertThat(refused.failed.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.CONNECT_FAILED);
            assertThat(server.last()).as("no SYN reached the peer").isNull();

            clear("connect-refused");
            connect(c, server.host(), server.port(), new Events());
            assertThat(server.awaitClient()).isNotNull();
        }
    }

    @Test
    void anUnansweredConnectFailsWhenTheConnectTimeoutRunsOutInTheModemsTime() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            condition("connect-timeout", new NetConditions.ConnectUnanswered());
            Events events = new Events();
            on(() -> net.connectTcp(c, server.host(), server.port(), 0, events));
            Duration timeout = NetSettings.defaults().connectTimeout();
            time.advance(timeout.minusMillis(1));
            assertThat(on(() -> events.failed.isDone())).isFalse();
            time.advance(Duration.ofMillis(1));
            assertThat(events.failed.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.TIMEOUT);
        }
    }

    @Test
    void aConditionPicksOnlyTheSocketsItsPredicateNames() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            int other = Ports.refused();
            on(() -> {
                net.conditions()
                        .socket(
                                "refuse one port",
                                s -> s.remoteAddress() != null
                                        && s.remoteAddress().getPort() == other,
                                new NetConditions.ConnectRefused());
                return null;
            });
            connect(c, server.host(), server.port(), new Events());
            server.awaitClient();
        }
    }

    // ---- contexts ----

    @Test
    void aRefusedActivationFailsAfterTheDelayAndASlowOneTakesItsTime() throws Exception {
        PdpContext c = on(() -> net.context(1));
        on(() -> {
            net.conditions().refuseActivation(true);
            return null;
        });
        CompletableFuture<NetError> refused = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, refused::complete));
        time.advance(NetSettings.defaults().activationDelay());
        assertThat(refused.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.ACTIVATION_FAILED);
        assertThat(on(c::state)).isEqualTo(PdpContext.State.INACTIVE);

        on(() -> {
            net.conditions().refuseActivation(false);
            net.conditions().activationDelay(Duration.ofSeconds(30));
            return null;
        });
        CompletableFuture<NetError> slow = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, slow::complete));
        time.advance(Duration.ofSeconds(29));
        assertThat(slow).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThat(slow.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(on(c::active)).isTrue();
    }

    // ---- names ----

    private CompletableFuture<Resolution> lookup(PdpContext c, String name) {
        CompletableFuture<Resolution> r = new CompletableFuture<>();
        loop.execute(() -> net.resolve(c, name, r::complete));
        return r;
    }

    private void dns(NetConditions.DnsAnswer answer, Duration delay, String names) {
        on(() -> {
            net.conditions().dns("dns", new NetConditions.Dns(answer, delay, names));
            return null;
        });
    }

    @Test
    void lookupsMeetTheDnsConditionForTheirNames() throws Exception {
        try (DnsServer server = new DnsServer()) {
            server.add("device.test", "127.0.0.7").add("other.test", "127.0.0.8");
            PdpContext c = active(1);
            on(() -> {
                c.dnsServers(List.of(server.address()));
                return null;
            });

            dns(NetConditions.DnsAnswer.NXDOMAIN, Duration.ZERO, "*.test");
            assertThat(lookup(c, "device.test").get(5, TimeUnit.SECONDS).error())
                    .isEqualTo(NetError.DNS_FAILED);
            assertThat(lookup(c, "127.0.0.1").get(5, TimeUnit.SECONDS).ok())
                    .as("an address needs no lookup")
                    .isTrue();
            assertThat(server.queries()).isZero();

            dns(NetConditions.DnsAnswer.SERVFAIL, Duration.ZERO, "device.*");
            assertThat(lookup(c, "device.test").get(5, TimeUnit.SECONDS).error())
                    .isEqualTo(NetError.DNS_FAILED);
            assertThat(lookup(c, "other.test")
                            .get(5, TimeUnit.SECONDS)
                            .addresses()
                            .get(0)
                            .getHostAddress())
                    .as("a name the condition does not cover")
                    .isEqualTo("127.0.0.8");

            dns(NetConditions.DnsAnswer.NONE, Duration.ZERO, null);
            CompletableFuture<Resolution> none = lookup(c, "device.test");
            time.advance(NameService.GIVE_UP.minusMillis(1));
            assertThat(none).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertThat(none.get(5, TimeUnit.SECONDS).error()).isEqualTo(NetError.DNS_FAILED);

            dns(NetConditions.DnsAnswer.LATE, Duration.ofSeconds(5), null);
            CompletableFuture<Resolution> late = lookup(c, "device.test");
            Await.until("the server answered", () -> server.queries() > 1);
            time.advance(Duration.ofMillis(4999));
            assertThat(late).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertThat(late.get(5, TimeUnit.SECONDS).addresses().get(0).getHostAddress())
                    .isEqualTo("127.0.0.7");

            on(() -> {
                net.conditions().clearDns("dns");
                return null;
            });
            assertThat(lookup(c, "device.test").get(5, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    // ---- latency and bandwidth ----

    @Test
    void latencyOnTheDownlinkHoldsReceivedBytesForItsTimeAndCountsThemAgainstTheBuffer() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("latency", new NetConditions.Latency(Direction.DOWNLINK, Duration.ofMillis(300), Duration.ZERO));
            Events events = new Events();
            TcpConnection conn = connect(active(1), server.host(), server.port(), events);
            server.awaitClient().send(bytes(1000));
            Await.until("the bytes are on their way", () -> on(conn::waitingDownlink) == 1000);
            assertThat(on(conn::unread)).isZero();
            time.advance(Duration.ofMillis(299));
            assertThat(on(conn::unread)).isZero();
            time.advance(Duration.ofMillis(1));
            assertThat(on(conn::unread)).isEqualTo(1000);
            assertThat(on(() -> conn.read(1000))).isEqualTo(bytes(1000));
            assertThat(events.readable).isPositive();
        }
    }

    @Test
    void latencyOnTheUplinkHoldsSendsBeforeTheKernelAndTheyCountAsUnacknowledged() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("latency", new NetConditions.Latency(Direction.UPLINK, Duration.ofMillis(300), Duration.ZERO));
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            assertThat(on(() -> conn.send(bytes(500)))).isNull();
            time.advance(Duration.ofMillis(299));
            assertThat(on(conn::holdingUplink)).isTrue();
            assertThat(on(conn::unacknowledged)).isEqualTo(500);
            time.advance(Duration.ofMillis(1));
            assertThat(peer.awaitReceived(500)).isEqualTo(bytes(500));
            Await.until("the peer acknowledges", () -> on(conn::acknowledged) == 500);
        }
    }

    @Test
    void twentyKilobitsASecondMakeTenKilobytesTakeFourSecondsOfTheModemsTimeEachWay() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("bandwidth", new NetConditions.Bandwidth(Direction.BOTH, 20_000));
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            byte[] data = bytes(10 * 1024);

            // downlink: 10240 bytes × 8 / 20000 bit/s = 4.096 s
            peer.send(data);
            Await.until("the bytes are on their way", () -> on(conn::waitingDownlink) == data.length);
            time.advance(Duration.ofMillis(4000));
            int by4s = on(conn::unread);
            assertThat(by4s).isPositive().isLessThan(data.length);
            time.advance(Duration.ofMillis(96));
            assertThat(on(conn::unread)).isEqualTo(data.length);
            assertThat(on(() -> conn.read(data.length))).isEqualTo(data);

            // uplink: the same, from the first send
            for (int at = 0; at < data.length; at += 1460) {
                int from = at;
                assertThat(on(() -> conn.send(Arrays.copyOfRange(data, from, Math.min(data.length, from + 1460)))))
                        .isNull();
            }
            time.advance(Duration.ofMillis(4095));
            assertThat(on(conn::holdingUplink)).isTrue();
            time.advance(Duration.ofMillis(1));
            assertThat(peer.awaitReceived(data.length)).isEqualTo(data);
            assertThat(on(conn::holdingUplink)).isFalse();
        }
    }

    @Test
    void clearingAConditionLetsEverythingHeldGoAtOnceAndNothingIsLost() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("slow", new NetConditions.Latency(Direction.BOTH, Duration.ofSeconds(60), Duration.ZERO));
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            peer.send(bytes(300));
            assertThat(on(() -> conn.send(bytes(200)))).isNull();
            Await.until("the bytes are on their way", () -> on(conn::waitingDownlink) == 300);
            clear("slow");
            assertThat(on(conn::unread)).isEqualTo(300);
            assertThat(on(() -> conn.read(300))).isEqualTo(bytes(300));
            assertThat(peer.awaitReceived(200)).isEqualTo(bytes(200));
        }
    }

    @Test
    void heldBytesCountAgainstTheReceiveLimitSoThePeerIsHeldBack() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("latency", new NetConditions.Latency(Direction.DOWNLINK, Duration.ofSeconds(1), Duration.ZERO));
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            int limit = NetSettings.defaults().rxBufferBytes();
            byte[] lots = bytes(limit * 4);
            Thread sender = peer.sendInBackground(lots);
            Await.until("the buffer's worth is on its way", () -> on(conn::waitingDownlink) == limit);
            assertThat(on(conn::waitingDownlink) + on(conn::unread)).isEqualTo(limit);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (got.size() < lots.length) {
                time.advance(Duration.ofSeconds(1));
                got.writeBytes(on(() -> conn.read(limit)));
                assertThat(on(() -> conn.heldBytes() + conn.waitingDownlink())).isLessThanOrEqualTo(limit);
                if (got.size() < lots.length) {
                    Await.until("more is on its way", () -> on(conn::waitingDownlink) + on(conn::unread) > 0);
                }
            }
            sender.join(5000);
            assertThat(got.toByteArray()).isEqualTo(lots);
        }
    }

    // ---- a stalled send buffer ----

    @Test
    void aStalledSendBufferFillsThenRefusesAndItsBytesStayUnacknowledgedUntilCleared() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("send-stall", new NetConditions.SendStall());
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            long sent = 0;
            byte[] piece = bytes(1460);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (on(() -> conn.send(piece)) == null) {
                sent += piece.length;
                all.writeBytes(piece);
                assertThat(sent).isLessThanOrEqualTo(NetSettings.defaults().txBufferBytes());
            }
            assertThat(sent).isGreaterThan(NetSettings.defaults().txBufferBytes() - 2L * piece.length);
            assertThat(on(() -> conn.send(piece))).isEqualTo(NetError.BUFFER_FULL);
            assertThat(on(conn::writable)).isFalse();
            assertThat(on(conn::sent)).isEqualTo(sent);
            assertThat(on(conn::acknowledged)).isZero();
            assertThat(on(conn::unacknowledged)).isEqualTo(sent);
            time.advance(Duration.ofMinutes(5));
            assertThat(on(conn::unacknowledged)).isEqualTo(sent);

            clear("send-stall");
            assertThat(peer.awaitReceived(all.size())).isEqualTo(all.toByteArray());
            long total = sent;
            Await.until("the peer acknowledges all", () -> on(conn::acknowledged) == total);
            assertThat(on(conn::writable)).isTrue();
        }
    }

    // ---- the peer ends, a send fails ----

    @Test
    void thePeerClosesAfterNMoreBytesAndWhatFollowsIsNeverDelivered() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            Events events = new Events();
            TcpConnection conn = connect(active(1), server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            assertThat(on(() -> conn.peerEnds(false, 4))).isTrue();
            peer.send("0123456789");
            assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCause.PEER);
            assertThat(on(conn::state)).isEqualTo(SocketState.CLOSING);
            assertThat(new String(on(() -> conn.read(100)))).isEqualTo("0123");
            Await.until("the real peer sees the FIN", peer::closedByPeer);
        }
    }

    @Test
    void thePeerResetsNowAfterWhatIsOnItsWayArrives() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            condition("latency", new NetConditions.Latency(Direction.DOWNLINK, Duration.ofMillis(200), Duration.ZERO));
            Events events = new Events();
            TcpConnection conn = connect(active(1), server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            peer.send("before");
            Await.until("the bytes are on their way", () -> on(conn::waitingDownlink) == 6);
            assertThat(on(() -> conn.peerEnds(true, 0))).isTrue();
            time.advance(Duration.ofMillis(199));
            assertThat(events.closed).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCause.ERROR);
            assertThat(new String(on(() -> conn.read(100)))).isEqualTo("before");
            Await.until("the real peer is reset", peer::resetByPeer);
        }
    }

    @Test
    void theNextSendFailsAndOnlyThatOne() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            TcpConnection conn = connect(active(1), server.host(), server.port(), new Events());
            ControlledServer.Client peer = server.awaitClient();
            on(() -> {
                conn.failNextSend();
                return null;
            });
            assertThat(on(() -> conn.send("lost".getBytes()))).isEqualTo(NetError.SEND_FAILED);
            assertThat(on(() -> conn.send("kept".getBytes()))).isNull();
            assertThat(new String(peer.awaitReceived(4))).isEqualTo("kept");
            assertThat(on(conn::sent)).isEqualTo(4);
        }
    }
}
