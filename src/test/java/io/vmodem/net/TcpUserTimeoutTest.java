package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.testing.peers.TcpEchoServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The module's TCP retransmission limit reaches the kernel's sockets as a TCP user timeout. */
class TcpUserTimeoutTest extends NetworkOnLoopTest {
    @Test
    void appliesToNewAndOpenConnections() throws Exception {
        assumeTrue(host.transportName().equals("epoll"), "only epoll sockets take a TCP user timeout");
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PdpContext c = active(1);

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
