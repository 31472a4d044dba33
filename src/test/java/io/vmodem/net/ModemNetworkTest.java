package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.testing.Await;
import io.vmodem.testing.PingOutcome;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.NtpServer;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The network layer on its own, against real loopback peers. */
class ModemNetworkTest extends NetworkOnLoopTest {
    @Test
    void eachActiveContextHasItsOwnLoopbackAddressAndAtMostThreeAreActive() throws Exception {
        PdpContext one = active(1);
        PdpContext two = active(2);
        active(3);
        assertThat(one.address()).isNotEqualTo(two.address());
        assertThat(one.address().isLoopbackAddress()).isTrue();
        CompletableFuture<NetError> fourth = new CompletableFuture<>();
        loop.execute(() -> net.activate(net.context(4), fourth::complete));
        assertThat(fourth.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.TOO_MANY_CONTEXTS);
    }

    @Test
    void anAbandonedActivationDoesNotCompleteALaterOne() throws Exception {
        PdpContext c = on(() -> net.context(1));
        Duration delay = NetSettings.defaults().activationDelay();
        CompletableFuture<NetError> first = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, first::complete));
        time.advance(delay.dividedBy(4));
        CompletableFuture<NetError> down = new CompletableFuture<>();
        loop.execute(() -> net.deactivate(c, down::complete));
        time.advance(NetSettings.defaults().deactivationDelay());
        assertThat(down.get(5, TimeUnit.SECONDS)).isNull();
        CompletableFuture<NetError> second = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, second::complete));
        time.advance(delay.dividedBy(4));
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.ACTIVATION_FAILED);
        assertThat(on(c::state)).isEqualTo(PdpContext.State.ACTIVATING);
        assertThat(second).isNotDone();
        time.advance(delay);
        assertThat(second.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(on(c::active)).isTrue();
    }

    @Test
    void aTcpClientConnectsFromItsContextAddressAndCountsWhatItSends() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PdpContext c = active(1);
            Events events = new Events();
            TcpConnection conn = connect(c, echo.host(), echo.port(), events);
            Await.until("the echo server has a client", () -> !echo.peers().isEmpty());
            assertThat(echo.peers().get(0).getAddress()).isEqualTo(c.address());
            assertThat(on(() -> conn.send("ping".getBytes()))).isNull();
            byte[] got = readAll(conn, 4);
            assertThat(new String(got)).isEqualTo("ping");
            assertThat(on(conn::sent)).isEqualTo(4);
            assertThat(on(conn::acknowledged)).isEqualTo(4);
            assertThat(on(conn::received)).isEqualTo(4);
        }
    }

    @Test
    void refusedConnectionsAndUnknownNamesFail() throws Exception {
        try (DnsServer dns = new DnsServer()) {
            PdpContext c = active(1);
            on(() -> {
                c.dnsServers(List.of(dns.address()));
                return null;
            });
            Events refused = new Events();
            on(() -> net.connectTcp(c, "127.0.0.1", portRefused(), 0, refused));
            assertThat(refused.failed.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.CONNECT_FAILED);
            Events unknown = new Events();
            on(() -> net.connectTcp(c, "no-such-host.example", 80, 0, unknown));
            assertThat(unknown.failed.get(10, TimeUnit.SECONDS)).isEqualTo(NetError.DNS_FAILED);
        }
    }

    private static int portRefused() {
        try {
            return Ports.refused();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void namesResolveThroughTheContextsDnsServerWithTheirTtl() throws Exception {
        try (DnsServer dns =
                new DnsServer().add("device.example", "127.0.0.7", "127.0.0.8").ttl(42)) {
            PdpContext c = active(1);
            on(() -> {
                c.dnsServers(List.of(dns.address()));
                return null;
            });
            CompletableFuture<Resolution> r = new CompletableFuture<>();
            loop.execute(() -> net.resolve(c, "device.example", r::complete));
            Resolution res = r.get(5, TimeUnit.SECONDS);
            assertThat(res.addresses()).extracting(a -> a.getHostAddress()).containsExactly("127.0.0.7", "127.0.0.8");
            assertThat(res.ttlSeconds()).isEqualTo(42);
            assertThat(dns.queries()).isEqualTo(1);
            // Asked from the context's own address, not from every interface.
            assertThat(dns.lastSender().getAddress()).isEqualTo(c.address());
        }
    }

    @Test
    void addressesResolveBackToTheirNamesThroughTheContextsDnsServer() throws Exception {
        try (DnsServer dns =
                new DnsServer().pointer("58.32.231.148", "mail.sim.com").ttl(77)) {
            PdpContext c = active(1);
            on(() -> {
                c.dnsServers(List.of(dns.address()));
                return null;
            });
            CompletableFuture<HostNames> found = new CompletableFuture<>();
            loop.execute(() -> net.reverseResolve(c, Addresses.literal("58.32.231.148"), found::complete));
            HostNames names = found.get(5, TimeUnit.SECONDS);
            assertThat(names.names()).containsExactly("mail.sim.com");
            assertThat(names.ttlSeconds()).isEqualTo(77);
            CompletableFuture<HostNames> unknown = new CompletableFuture<>();
            loop.execute(() -> net.reverseResolve(c, Addresses.literal("10.1.2.3"), unknown::complete));
            assertThat(unknown.get(10, TimeUnit.SECONDS).error()).isEqualTo(NetError.DNS_FAILED);
            assertThat(DnsResolvers.pointerName(Addresses.literal("2001:db8::1")))
                    .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
        }
    }

    /** Sends leave once per loop pass; a close in the same pass still sends them, then the FIN. */
    @Test
    void sendsJustBeforeACloseReachThePeerBeforeTheFin() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            Events events = new Events();
            TcpConnection conn = connect(c, server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            byte[] sent = new byte[100 * 1024];
            new Random(3).nextBytes(sent);
            List<NetError> errors = on(() -> {
                List<NetError> e = new ArrayList<>();
                for (int i = 0; i < sent.length; i += 1000) {
                    e.add(conn.send(sent, i, Math.min(1000, sent.length - i)));
                }
                conn.close();
                return e;
            });
            assertThat(errors).containsOnlyNulls();
            assertThat(peer.awaitReceived(sent.length)).isEqualTo(sent);
            Await.until("the peer sees the close", peer::closedByPeer);
        }
    }

    @Test
    void aSlowReaderHoldsThePeerBackAndLosesNothing() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            Events events = new Events();
            TcpConnection conn = connect(c, server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            byte[] sent = new byte[10 * 1024 * 1024];
            new Random(7).nextBytes(sent);
            Thread writer = peer.sendInBackground(sent);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int limit = NetSettings.defaults().rxBufferBytes();
            int maxHeld = 0;
            while (got.size() < sent.length) {
                int[] held = new int[1];
                byte[] chunk = on(() -> {
                    held[0] = conn.heldBytes();
                    assertThat(conn.unread()).isLessThanOrEqualTo(limit);
                    return conn.read(1500);
                });
                maxHeld = Math.max(maxHeld, held[0]);
                got.write(chunk);
                if (chunk.length == 0) {
                    Await.until("more data arrives", () -> on(conn::unread) > 0);
                }
            }
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            assertThat(maxHeld).as("bytes held by the modem").isLessThanOrEqualTo(limit);
        }
    }

    /**
     * A peer that sends far more than the buffer and closes: the socket holds exactly its limit in
     * memory while the host does not read, the close is seen only once what is left fits the buffer
     * (as a module sees the FIN only once its window opens), and every byte arrives.
     */
    @Test
    void aPeerThatSendsMoreThanTheBufferAndClosesIsSeenClosingOnlyWhenTheRestFits() throws Exception {
        int limit = NetSettings.defaults().rxBufferBytes();
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            long[] atClose = {-1, -1};
            Events events = new Events() {
                @Override
                public void closedByNetwork(NetSocket socket, CloseCause cause) {
                    atClose[0] = socket.readTotal();
                    atClose[1] = socket.unread();
                    super.closedByNetwork(socket, cause);
                }
            };
            TcpConnection conn = connect(c, server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            byte[] sent = new byte[100 * 1024];
            new Random(13).nextBytes(sent);
            Thread writer = new Thread(() -> {
                try {
                    peer.send(sent);
                    peer.close();
                } catch (java.io.IOException e) {
                    // the test fails on what arrived
                }
            });
            writer.start();
            Await.until("the buffer fills", () -> on(conn::heldBytes) == limit);
            assertThat(on(conn::unread)).isEqualTo(limit);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Await.until("everything is read and the close is seen", () -> {
                int[] held = new int[1];
                got.writeBytes(on(() -> {
                    held[0] = conn.heldBytes();
                    return conn.read(1500);
                }));
                assertThat(held[0]).as("bytes held").isLessThanOrEqualTo(limit);
                return events.closed.isDone() && on(conn::unread) == 0;
            });
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            assertThat(atClose[0] + atClose[1]).isEqualTo(sent.length);
            assertThat(atClose[1]).as("unread when the close was seen").isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void aUdpServiceKeepsDatagramsAndSendersAndDropsWhatDoesNotFit() throws Exception {
        ModemNetwork small =
                new ModemNetwork(host, loop, time, NetSettings.defaults().withRxBuffer(100));
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            CompletableFuture<NetError> done = new CompletableFuture<>();
            PdpContext c = on(() -> small.context(1));
            loop.execute(() -> small.activate(c, done::complete));
            time.advance(Duration.ofSeconds(1));
            done.get(5, TimeUnit.SECONDS);
            Events events = new Events();
            UdpSocket service = on(() -> small.bindUdp(c, 0, events));
            events.opened.get(5, TimeUnit.SECONDS);
            peer.echo(false);
            InetSocketAddress to = on(service::localAddress);
            peer.send(new byte[60], to);
            peer.send(new byte[30], to);
            peer.send(new byte[20], to);
            Await.until("three datagrams arrive", () -> on(() -> service.datagrams() + (int) service.dropped()) == 3);
            assertThat(on(service::datagrams)).isEqualTo(2);
            assertThat(on(service::dropped)).isEqualTo(1);
            Datagram first = on(service::readDatagram);
            assertThat(first.data()).hasSize(60);
            assertThat(first.sender().getPort()).isEqualTo(peer.port());
            on(() -> {
                small.shutdown();
                return null;
            });
        }
    }

    @Test
    void aLargeDatagramAfterManySmallOnesArrivesWhole() throws Exception {
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            PdpContext c = active(1);
            Events events = new Events();
            UdpSocket service = on(() -> net.bindUdp(c, 0, events));
            events.opened.get(5, TimeUnit.SECONDS);
            peer.echo(false);
            InetSocketAddress to = on(service::localAddress);
            for (int i = 0; i < 40; i++) {
                peer.send(new byte[10], to);
                int expected = i + 1;
                Await.until("the datagrams arrive", () -> on(service::datagrams) == expected);
            }
            byte[] big = new byte[1472];
            new Random(3).nextBytes(big);
            peer.send(big, to);
            Await.until("41 datagrams arrive", () -> on(service::datagrams) == 41);
            for (int i = 0; i < 40; i++) {
                on(service::readDatagram);
            }
            assertThat(on(service::readDatagram).data()).isEqualTo(big);
        }
    }

    @Test
    void aListenerOffersEachClientAndARefusalClosesIt() throws Exception {
        PdpContext c = active(1);
        List<TcpConnection> accepted = new ArrayList<>();
        CompletableFuture<NetSocket> listening = new CompletableFuture<>();
        boolean[] refuseNext = {false};
        TcpListener listener = on(() -> net.listenTcp(c, 0, new SocketEvents() {
            @Override
            public void opened(NetSocket socket) {
                listening.complete(socket);
            }

            @Override
            public SocketEvents incoming(TcpListener l, TcpConnection connection) {
                if (refuseNext[0]) {
                    return null;
                }
                accepted.add(connection);
                return new Events();
            }
        }));
        listening.get(5, TimeUnit.SECONDS);
        InetSocketAddress address = on(listener::localAddress);
        assertThat(address.getAddress()).isEqualTo(c.address());
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write("hi".getBytes());
            out.flush();
            Await.until(
                    "the client's two bytes arrive",
                    () -> on(() -> !accepted.isEmpty() && accepted.get(0).unread() == 2));
            assertThat(new String(on(() -> accepted.get(0).read(10)))).isEqualTo("hi");
        }
        on(() -> refuseNext[0] = true);
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(5000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(on(listener::accepted)).isEqualTo(1);
    }

    @Test
    void pingSendsRealIcmpEchoes() throws Exception {
        PdpContext c = active(1);
        PingOutcome ping = new PingOutcome();
        loop.execute(() -> net.ping(c, "127.0.0.1", 32, Duration.ofSeconds(4), 3, ping));
        Object outcome = ping.end.get(20, TimeUnit.SECONDS);
        assumeTrue(outcome != NetError.NOT_ALLOWED, "this host allows neither ICMP datagram nor raw sockets");
        PingObserver.Summary summary = (PingObserver.Summary) outcome;
        assertThat(summary.sent()).isEqualTo(3);
        assertThat(summary.received()).isEqualTo(3);
        assertThat(ping.replies).allSatisfy(r -> {
            assertThat(r.address().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(r.bytes()).isEqualTo(32);
            assertThat(r.ttl()).isPositive();
        });
    }

    @Test
    void pingRequestsCarryTheAskedTimeToLive() throws Exception {
        // A raw ICMP socket sees the requests on loopback, IP header included (needs privileges).
        IcmpEcho.LibC libc = com.sun.jna.Native.load("c", IcmpEcho.LibC.class);
        int fd;
        try {
            fd = libc.socket(2, 3, 1);
        } catch (com.sun.jna.LastErrorException e) {
            fd = -1;
        }
        assumeTrue(fd >= 0, "no raw socket to watch the requests with");
        try {
            PdpContext c = active(1);
            PingOutcome ping = new PingOutcome();
            loop.execute(() -> net.ping(c, "127.0.0.1", 16, Duration.ofSeconds(4), 1, 33, ping));
            assertThat(ping.end.get(20, TimeUnit.SECONDS)).isInstanceOf(PingObserver.Summary.class);
            List<Integer> requestTtls = new ArrayList<>();
            byte[] buf = new byte[2048];
            IcmpEcho.PollFd p = new IcmpEcho.PollFd();
            p.fd = fd;
            p.events = 1;
            while (libc.poll(p, 1, 200) > 0) {
                int n = libc.recv(fd, buf, buf.length, 0);
                int header = (buf[0] & 0xf) * 4;
                if (n > header && buf[header] == 8) {
                    requestTtls.add(buf[8] & 0xff);
                }
            }
            assertThat(requestTtls).contains(33);
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void ntpAsksTheServerForItsTimeAndTimesOutInVirtualTime() throws Exception {
        Instant then = Instant.parse("2013-08-19T03:10:10Z");
        try (NtpServer ntp = new NtpServer(then)) {
            PdpContext c = active(1);
            CompletableFuture<NtpResult> r = new CompletableFuture<>();
            loop.execute(() -> net.ntp(c, ntp.host(), ntp.port(), Duration.ofSeconds(125), r::complete));
            NtpResult result = r.get(10, TimeUnit.SECONDS);
            assertThat(result.ok()).isTrue();
            assertThat(Duration.between(then, result.time()).abs()).isLessThan(Duration.ofSeconds(30));

            ntp.silent(true);
            CompletableFuture<NtpResult> timeout = new CompletableFuture<>();
            loop.execute(() -> net.ntp(c, ntp.host(), ntp.port(), Duration.ofSeconds(125), timeout::complete));
            Await.until("two NTP requests", () -> ntp.requests() == 2);
            time.advance(Duration.ofSeconds(125));
            assertThat(timeout.get(5, TimeUnit.SECONDS).error()).isEqualTo(NetError.TIMEOUT);
        }
    }

    /** Writes down what the network tells its observer, one line per event. */
    static final class Recorder implements NetObserver {
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void contextActivated(PdpContext context) {
            seen.add("context " + context.id() + " up");
        }

        @Override
        public void contextDeactivated(PdpContext context) {
            seen.add("context " + context.id() + " down");
        }

        @Override
        public void socketOpening(NetSocket socket, String kind, String host, int port) {
            seen.add("opening " + kind);
        }

        @Override
        public void socketOpened(NetSocket socket) {
            seen.add("opened " + (socket.remoteAddress() != null));
        }

        @Override
        public void socketFailed(NetSocket socket, NetError error) {
            seen.add("failed " + error);
        }

        @Override
        public void socketSent(NetSocket socket, int bytes, InetSocketAddress to) {
            seen.add("sent " + bytes);
        }

        @Override
        public void socketReceived(NetSocket socket, int bytes, InetSocketAddress from) {
            seen.add("received " + bytes);
        }

        @Override
        public void socketEnded(NetSocket socket, CloseCause cause) {
            seen.add("ended " + cause);
        }

        @Override
        public void socketClosed(NetSocket socket) {
            seen.add("closed");
        }
    }

    @Test
    void anObserverSeesContextsAndEachSocketsLifeWithoutTakingPart() throws Exception {
        Recorder recorder = new Recorder();
        on(() -> {
            net.observer(recorder);
            return null;
        });
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            Events events = new Events();
            TcpConnection conn = connect(c, server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            assertThat(on(() -> conn.send("ping".getBytes()))).isNull();
            peer.awaitReceived(4);
            peer.send("pong!");
            assertThat(readAll(conn, 5)).isEqualTo("pong!".getBytes());
            peer.close();
            assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCause.PEER);
            on(() -> {
                conn.close();
                return null;
            });
            Events refused = new Events();
            int port = Ports.refused();
            on(() -> net.connectTcp(c, "127.0.0.1", port, 0, refused));
            assertThat(refused.failed.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.CONNECT_FAILED);
            CompletableFuture<NetError> down = new CompletableFuture<>();
            loop.execute(() -> net.deactivate(c, down::complete));
            time.advance(NetSettings.defaults().deactivationDelay());
            assertThat(down.get(5, TimeUnit.SECONDS)).isNull();
        }
        Await.until("the context goes down", () -> recorder.seen.contains("context 1 down"));
        List<String> seen = new ArrayList<>(recorder.seen);
        seen.removeIf(s -> s.startsWith("received")); // the peer's five bytes may come in pieces
        assertThat(seen)
                .containsExactly(
                        "context 1 up",
                        "opening TCP",
                        "opened true",
                        "sent 4",
                        "ended PEER",
                        "closed",
                        "opening TCP",
                        "failed CONNECT_FAILED",
                        "closed",
                        "context 1 down");
        assertThat(recorder.seen.stream()
                        .filter(s -> s.startsWith("received"))
                        .mapToInt(s -> Integer.parseInt(s.substring(9)))
                        .sum())
                .isEqualTo(5);
    }

    private byte[] readAll(TcpConnection conn, int n) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Await.until(n + " bytes to read", () -> {
            got.writeBytes(on(() -> conn.read(n)));
            return got.size() >= n;
        });
        return got.toByteArray();
    }
}
