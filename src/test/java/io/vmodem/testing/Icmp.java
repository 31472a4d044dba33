package io.vmodem.testing;

import io.netty.channel.EventLoop;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSettings;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingObserver;
import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Whether this host lets the tests send ICMP echo (an unprivileged ICMP socket, or a raw one). */
public final class Icmp {
    private static Boolean available;

    private Icmp() {}

    public static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        EventLoop loop = ModemHarness.host().nextLoop();
        VirtualScheduler time = VirtualScheduler.on(loop);
        ModemNetwork net = new ModemNetwork(ModemHarness.host(), loop, time, NetSettings.defaults());
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        loop.execute(() -> {
            PdpContext c = net.context(1);
            net.activate(
                    c,
                    err -> net.ping(c, "127.0.0.1", 8, Duration.ofSeconds(4), 1, new PingObserver() {
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
        time.advance(NetSettings.defaults().activationDelay());
        try {
            return !(outcome.get(10, TimeUnit.SECONDS) instanceof NetError);
        } catch (Exception e) {
            return false;
        } finally {
            loop.execute(net::shutdown);
        }
    }
}
