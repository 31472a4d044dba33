package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.vmodem.testing.ModemHarness;
import io.vmodem.time.VirtualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A connect whose SYN nobody answers (a server whose accept queue is full drops it): the kernel
 * retries, and the open fails only when the modem's connect timeout is over, in the modem's time,
 * with the timeout's error, as a module that retries its SYN for tens of seconds reports it. It is
 * not cut short by a timer of the host's own (Netty's 30 s default, in real time).
 */
class UnansweredConnectTest {
    private final HostNetwork host = ModemHarness.host();
    private final EventLoop loop = host.nextLoop();
    private final VirtualScheduler time = VirtualScheduler.on(loop);

    private <T> T on(Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(task.get()));
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUnansweredSynFailsTheOpenAtTheConnectTimeoutInModemTime() throws Exception {
        NetSettings settings = NetSettings.defaults().withConnectTimeout(Duration.ofSeconds(75));
        ModemNetwork net = new ModemNetwork(host, loop, time, settings);
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Nobody accepts: once its queue is full, the listener drops every further SYN.
            for (int i = 0; i < 4; i++) {
                SocketChannel s = SocketChannel.open();
                s.configureBlocking(false);
                s.connect(new InetSocketAddress(full.getInetAddress(), full.getLocalPort()));
                fillers.add(s);
            }
            PdpContext c = on(() -> net.context(1));
            CompletableFuture<NetError> activated = new CompletableFuture<>();
            loop.execute(() -> net.activate(c, activated::complete));
            time.advance(settings.activationDelay());
            assertThat(activated.get(5, TimeUnit.SECONDS)).isNull();

            CompletableFuture<Object> outcome = new CompletableFuture<>();
            on(() -> net.connectTcp(c, "127.0.0.1", full.getLocalPort(), 0, new SocketEvents() {
                @Override
                public void opened(NetSocket socket) {
                    outcome.complete("opened");
                }

                @Override
                public void openFailed(NetSocket socket, NetError error) {
                    outcome.complete(error);
                }
            }));
            time.advance(Duration.ofMillis(74_999));
            on(() -> null); // what the loop had queued has run
            assertThat(outcome).isNotDone();
            time.advance(Duration.ofMillis(1));
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(NetError.TIMEOUT);
        } finally {
            for (SocketChannel s : fillers) {
                s.close();
            }
            on(() -> {
                net.shutdown();
                return null;
            });
        }
    }
}
