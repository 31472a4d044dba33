package io.vmodem.testing.peers;

import io.netty.channel.Channel;
import io.vmodem.net.KernelQueues;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What the test's peers are doing, for the harness that moves virtual time: a peer that is
 * answering, or whose socket holds input it will read, is busy, and the modem's timers wait for it.
 * A peer that deliberately stops reading is not busy: the modem then waits on it for real.
 */
public final class PeerActivity {
    private static final AtomicInteger handling = new AtomicInteger();
    private static final AtomicLong events = new AtomicLong();
    private static final Set<BooleanSupplier> inputs = ConcurrentHashMap.newKeySet();

    private PeerActivity() {}

    /** A peer got something and is acting on it (reading, answering). */
    public static void begin() {
        handling.incrementAndGet();
        events.incrementAndGet();
    }

    /** The peer is done acting. */
    public static void end() {
        events.incrementAndGet();
        handling.decrementAndGet();
    }

    /** Watches a blocking socket: busy while it has unread bytes and {@code reading} says it reads. */
    public static BooleanSupplier watch(Socket socket, BooleanSupplier reading) {
        BooleanSupplier pending = () -> reading.getAsBoolean() && available(socket) > 0;
        inputs.add(pending);
        return pending;
    }

    /** Watches a Netty channel of a peer's own. */
    public static BooleanSupplier watch(Channel channel) {
        BooleanSupplier pending = () -> KernelQueues.inputPending(channel);
        inputs.add(pending);
        return pending;
    }

    public static void unwatch(BooleanSupplier watched) {
        inputs.remove(watched);
    }

    /** Whether every peer is waiting for something to arrive. */
    public static boolean idle() {
        if (handling.get() > 0) {
            return false;
        }
        for (BooleanSupplier s : inputs) {
            if (s.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** Grows with every peer action: unchanged across two looks means nothing happened in between. */
    public static long events() {
        return events.get();
    }

    private static int available(Socket socket) {
        if (socket.isClosed()) {
            return 0;
        }
        try {
            return socket.getInputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }
}
