package io.vmodem.dialect.sim7600;

import io.netty.channel.EventLoop;
import io.vmodem.net.HostNetwork;
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

/** Whether this host lets a process send ICMP echo (ping tests are skipped where it does not). */
final class IcmpCheck {
    private static Boolean allowed;

    private IcmpCheck() {}

    static synchronized boolean allowed() throws Exception {
        if (allowed == null) {
            allowed = probe();
        }
        return allowed;
    }

    private static boolean probe() throws Exception {
        HostNetwork host = ModemHarness.host();
        EventLoop loop = host.nextLoop();
        VirtualScheduler time = VirtualScheduler.on(loop);
        ModemNetwork net = new ModemNetwork(host, loop, time, NetSettings.defaults());
        CompletableFuture<NetError> active = new CompletableFuture<>();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        loop.execute(() -> {
            PdpContext c = net.context(1);
            net.activate(c, active::complete);
        });
        time.advance(NetSettings.defaults().activationDelay());
        active.get(5, TimeUnit.SECONDS);
        loop.execute(() -> net.ping(net.context(1), "127.0.0.1", 8, Duration.ofSeconds(5), 1, new PingObserver() {
            @Override
            public void reply(Reply reply) {
                outcome.complete(true);
            }

            @Override
            public void lost(NetError error) {
                outcome.complete(true);
            }

            @Override
            public void finished(Summary summary) {}

            @Override
            public void failed(NetError error) {
                outcome.complete(error != NetError.NOT_ALLOWED);
            }
        }));
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } finally {
            loop.execute(net::shutdown);
        }
    }
}
