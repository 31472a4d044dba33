package io.vmodem.dialect.bc260y;

import io.netty.channel.EventLoop;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSettings;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingObserver;
import io.vmodem.testing.ModemHarness;
import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Whether this host lets the process send ICMP echo (datagram or raw socket), asked once. */
final class Pings {
    private static Boolean allowed;

    private Pings() {}

    static synchronized boolean allowed() throws Exception {
        if (allowed == null) {
            EventLoop loop = ModemHarness.host().nextLoop();
            VirtualScheduler time = VirtualScheduler.on(loop);
            ModemNetwork net = new ModemNetwork(ModemHarness.host(), loop, time, NetSettings.defaults());
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            loop.execute(() -> {
                PdpContext c = net.context(1);
                net.activate(
                        c,
                        e -> net.ping(c, "127.0.0.1", 32, Duration.ofSeconds(4), 1, new PingObserver() {
                            @Override
                            public void reply(Reply reply) {}

                            @Override
                            public void lost(NetError error) {}

                            @Override
                            public void finished(Summary summary) {
                                outcome.complete(summary);
                            }

                            @Override
                            public void failed(NetError error) {
                                outcome.complete(error);
                            }
                        }));
            });
            time.advance(Duration.ofSeconds(1));
            Object result = outcome.get(20, TimeUnit.SECONDS);
            loop.execute(net::shutdown);
            allowed = result != NetError.NOT_ALLOWED;
        }
        return allowed;
    }
}
