package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.OnLoop;
import io.vmodem.testing.Settling;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.NtpServer;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The network's configurable delays, each as long as a manual's maximum, in virtual time. */
class NetDelaysTest {
    private final HostNetwork host = ModemHarness.host();
    private final EventLoop loop = host.nextLoop();
    private final VirtualScheduler time = VirtualScheduler.on(loop);
    private ModemNetwork net;

    @AfterEach
    void tearDown() {
        if (net == null) {
            return;
        }
        on(() -> {
            net.shutdown();
            return null;
        });
    }

    private <T> T on(Supplier<T> task) {
        return OnLoop.call(loop, task::get);
    }

    private PdpContext active(NetSettings settings) throws Exception {
        net = new ModemNetwork(host, loop, time, settings);
        PdpContext c = on(() -> net.context(1));
        CompletableFuture<NetError> done = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, done::complete));
        time.advance(settings.activationDelay());
        assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
        return c;
    }

    @Test
    void activationTakesTheActivationDelay() throws Exception {
        net = new ModemNetwork(host, loop, time, NetSettings.defaults().withActivationDelay(Duration.ofSeconds(150)));
        PdpContext c = on(() -> net.context(1));
        CompletableFuture<NetError> done = new CompletableFuture<>();
        loop.execute(() -> net.activate(c, done::complete));
        time.advance(Duration.ofMillis(149_999));
        assertThat(done).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aSocketOpensAfterTheOpenDelay() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PdpContext c = active(NetSettings.defaults().withOpenDelay(Duration.ofSeconds(150)));
            CompletableFuture<NetSocket> opened = new CompletableFuture<>();
            on(() -> net.connectTcp(c, echo.host(), echo.port(), 0, new SocketEvents() {
                @Override
                public void opened(NetSocket socket) {
                    opened.complete(socket);
                }
            }));
            time.advance(Duration.ofMillis(149_999));
            Settling.await(loop, net);
            assertThat(opened).isNotDone();
            assertThat(echo.peers()).isEmpty();
            time.advance(Duration.ofMillis(1));
            opened.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSocketClosedDuringTheOpenDelayNeverOpens() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PdpContext c = active(NetSettings.defaults().withOpenDelay(Duration.ofSeconds(5)));
            CompletableFuture<Object> event = new CompletableFuture<>();
            TcpConnection conn = on(() -> net.connectTcp(c, echo.host(), echo.port(), 0, new SocketEvents() {
                @Override
                public void opened(NetSocket socket) {
                    event.complete("opened");
                }

                @Override
                public void openFailed(NetSocket socket, NetError error) {
                    event.complete(error);
                }
            }));
            on(() -> {
                conn.close();
                return null;
            });
            time.advance(Duration.ofSeconds(10));
            Settling.await(loop, net);
            assertThat(event).isNotDone();
            assertThat(echo.peers()).isEmpty();
        }
    }

    @Test
    void aLookupAnswersAfterTheDnsDelayCountedFromTheQuestion() throws Exception {
        try (DnsServer dns = new DnsServer().add("www.example.test", "127.0.0.7")) {
            PdpContext c = active(NetSettings.defaults().withDnsDelay(Duration.ofSeconds(60)));
            on(() -> {
                c.dnsServers(List.of(dns.address()));
                return null;
            });
            CompletableFuture<Resolution> answer = new CompletableFuture<>();
            loop.execute(() -> net.resolve(c, "www.example.test", answer::complete));
            Await.until("the DNS server is asked", () -> dns.queries() > 0);
            Settling.await(loop, net);
            time.advance(Duration.ofMillis(59_999));
            assertThat(answer).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertThat(answer.get(5, TimeUnit.SECONDS).addresses().get(0).getHostAddress())
                    .isEqualTo("127.0.0.7");

            CompletableFuture<Resolution> literal = new CompletableFuture<>();
            loop.execute(() -> net.resolve(c, "127.0.0.8", literal::complete));
            assertThat(literal.get(5, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void anNtpExchangeTakesTheNtpDelay() throws Exception {
        try (NtpServer ntp = new NtpServer(Instant.parse("2013-08-19T03:10:10Z"))) {
            PdpContext c = active(NetSettings.defaults().withNtpDelay(Duration.ofSeconds(125)));
            CompletableFuture<NtpResult> result = new CompletableFuture<>();
            loop.execute(() -> net.ntp(c, ntp.host(), ntp.port(), Duration.ofSeconds(125), result::complete));
            time.advance(Duration.ofMillis(124_999));
            Settling.await(loop, net);
            assertThat(ntp.requests()).isZero();
            time.advance(Duration.ofMillis(1));
            assertThat(result.get(5, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void delaysCannotBeNegative() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> NetSettings.defaults().withCloseDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> NetSettings.defaults().withDnsPort(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
