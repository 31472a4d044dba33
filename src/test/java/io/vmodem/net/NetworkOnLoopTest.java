package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.OnLoop;
import io.vmodem.time.VirtualScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/**
 * What the network layer's tests share: one modem's network on a real event loop, with virtual
 * time, shut down after each test.
 */
abstract class NetworkOnLoopTest {
    final HostNetwork host = ModemHarness.host();
    final EventLoop loop = host.nextLoop();
    final VirtualScheduler time = VirtualScheduler.on(loop);
    final ModemNetwork net = new ModemNetwork(host, loop, time, NetSettings.defaults());

    @AfterEach
    void shutDownTheNetwork() {
        on(() -> {
            net.shutdown();
            return null;
        });
    }

    /** Runs {@code task} on the network's loop and returns its result. */
    <T> T on(Supplier<T> task) {
        return OnLoop.call(loop, task::get);
    }

    /** A TCP connection from context {@code c}, once it is open. */
    TcpConnection connect(PdpContext c, String host, int port, Events events) throws Exception {
        TcpConnection conn = on(() -> net.connectTcp(c, host, port, 0, events));
        events.opened.get(5, TimeUnit.SECONDS);
        return conn;
    }

    /** Context {@code cid}, activated (virtual time moves past the activation delay). */
    PdpContext active(int cid) throws Exception {
        CompletableFuture<NetError> done = new CompletableFuture<>();
        PdpContext c = on(() -> net.context(cid));
        loop.execute(() -> net.activate(c, done::complete));
        time.advance(NetSettings.defaults().activationDelay());
        assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
        return c;
    }

    /** Records socket events and completes futures for the ones a test waits on. */
    static class Events implements SocketEvents {
        final CompletableFuture<NetSocket> opened = new CompletableFuture<>();
        final CompletableFuture<NetError> failed = new CompletableFuture<>();
        final CompletableFuture<CloseCause> closed = new CompletableFuture<>();
        volatile int readable;

        @Override
        public void opened(NetSocket socket) {
            opened.complete(socket);
        }

        @Override
        public void openFailed(NetSocket socket, NetError error) {
            failed.complete(error);
        }

        @Override
        public void readable(NetSocket socket) {
            readable++;
        }

        @Override
        public void closedByNetwork(NetSocket socket, CloseCause cause) {
            closed.complete(cause);
        }
    }
}
