package io.vmodem.testing;

import io.netty.channel.EventLoop;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSettings;
import io.vmodem.net.PdpContext;
import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
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
        PingOutcome ping = new PingOutcome();
        loop.execute(() -> {
            PdpContext c = net.context(1);
            net.activate(c, err -> net.ping(c, "127.0.0.1", 8, Duration.ofSeconds(4), 1, ping));
        });
        time.advance(NetSettings.defaults().activationDelay());
        try {
            return !(ping.end.get(10, TimeUnit.SECONDS) instanceof NetError);
        } catch (Exception e) {
            return false;
        } finally {
            loop.execute(net::shutdown);
        }
    }
}
