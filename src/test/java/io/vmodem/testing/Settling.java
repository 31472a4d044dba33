package io.vmodem.testing;

import io.netty.channel.EventLoop;
import io.vmodem.net.ModemNetwork;
import io.vmodem.testing.peers.PeerActivity;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tells when nothing is under way around a modem's network: two looks a quarter of a millisecond or more apart
 * find the modem's loop done with what was queued, its network with no operation in flight and no
 * input waiting in the kernel ({@link ModemNetwork#settled}), the test's peers idle, and no peer
 * acted in between. Virtual time may then move without overtaking a real event. A real operation
 * that stays in flight past the grace period with no peer acting meanwhile (a peer that never
 * answers) stops holding it back.
 */
public final class Settling {
    /** How long a real network operation may stay in flight before virtual time moves anyway. */
    static final long NETWORK_GRACE_MILLIS = 1_000;

    private static final long TIMEOUT_MILLIS = 15_000;

    private final EventLoop loop;
    private final Supplier<ModemNetwork> network;
    private long lastPeerEvents = -1;
    private long eventsWhenBusy = -1;
    private long busySince = System.currentTimeMillis();

    public Settling(EventLoop loop, Supplier<ModemNetwork> network) {
        this.loop = loop;
        this.network = network;
    }

    /** Waits until nothing is under way (the grace does not apply: a stuck operation fails it). */
    public static void await(EventLoop loop, ModemNetwork network) {
        Settling s = new Settling(loop, () -> network);
        Await.until("the network settles", () -> s.settled(false));
    }

    /** Forget earlier looks: something just happened. */
    public void reset() {
        lastPeerEvents = -1;
        busySince = System.currentTimeMillis();
    }

    /**
     * One look; true when it and the previous one found nothing under way.
     *
     * @param mayOverrunNetwork whether an operation in flight past the grace period counts as settled
     */
    public boolean settled(boolean mayOverrunNetwork) {
        long peerEvents = PeerActivity.events();
        boolean quiet = PeerActivity.idle() && onLoop();
        long now = System.currentTimeMillis();
        // a peer that acted since the last look is progress (a slow TLS handshake), not a stall
        if (quiet || peerEvents != eventsWhenBusy) {
            busySince = now;
            eventsWhenBusy = peerEvents;
        } else if (mayOverrunNetwork && now - busySince >= NETWORK_GRACE_MILLIS) {
            return true;
        }
        boolean settled = quiet && peerEvents == lastPeerEvents;
        lastPeerEvents = quiet ? peerEvents : -1;
        return settled;
    }

    private boolean onLoop() {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(network.get().settled()));
        try {
            return f.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the modem's loop did not answer", e);
        }
    }
}
