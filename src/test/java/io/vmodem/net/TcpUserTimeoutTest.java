package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The module's TCP retransmission limit reaches the kernel's sockets as a TCP user timeout. */
class TcpUserTimeoutTest {
    private final HostNetwork host = ModemHarness.host();
    private final EventLoop loop = host.nextLoop();
    private final VirtualScheduler time = VirtualScheduler.on(loop);
    private final ModemNetwork net = new ModemNetwork(host, loop, time, NetSettings.defaults());

    @AfterEach
    void tearDown() {
        on(() -> {
            net.shutdown();
            return null;
        });
    }

    private <T> T on(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(task.get()));
        return f.join();
    }

    @Test
    void appliesToNewAndOpenConnections() throws Exception {
        assumeTrue(host.transportName().equals("epoll"), "only epoll sockets take a TCP user timeout");
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PdpContext c = on(() -> net.context(1));
            CompletableFuture<NetError> activated = new CompletableFuture<>();
            loop.execute(() -> net.activate(c, activated::complete));
            time.advance(NetSettings.defaults().activationDelay());
            assertThat(activated.get(5, TimeUnit.SECONDS)).isNull();

            on(() -> {
                net.tcpUserTimeout(Duration.ofSeconds(243));
                return null;
            });
            CompletableFuture<NetSocket> opened = new CompletableFuture<>();
            TcpConnection conn = on(() -> net.connectTcp(c, echo.host(), echo.port(), 0, new SocketEvents() {
                @Override
                public void opened(NetSocket socket) {
                    opened.complete(socket);
                }
            }));
            opened.get(5, TimeUnit.SECONDS);
            assertThat(on(() -> conn.userTimeout())).isEqualTo(Duration.ofSeconds(243));

            on(() -> {
                net.tcpUserTimeout(Duration.ofMillis(3500));
                return null;
            });
            assertThat(on(() -> conn.userTimeout())).isEqualTo(Duration.ofMillis(3500));
        }
    }
}
