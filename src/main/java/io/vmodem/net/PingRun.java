package io.vmodem.net;

import io.vmodem.time.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One ping command's run: the host name resolved once, then real ICMP echo requests one at a time
 * on the modem's loop, each timed out in the modem's time, added up in one place ({@link
 * PingStats}). Its observer hears each reply or loss, then the summary; or, when nothing could be
 * sent (no context, no address, the policy, no ICMP on this host), why not. {@link #stop} ends it
 * early with the summary so far.
 */
public final class PingRun extends ServiceRun {
    /** The longest a request waits for its reply in real time; the modem's own timeout decides. */
    private static final long LONGEST_REAL_WAIT_MILLIS = 30_000;

    private final PingRequest request;
    private final PingObserver observer;
    private final PingStats stats = new PingStats();
    private InetAddress target;
    private long lastSent;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

    PingRun(ModemNetwork network, PdpContext context, PingRequest request, PingObserver observer) {
        super(network, context, Services.Kind.PING);
        this.request = request;
        this.observer = observer;
    }

    public PingRequest request() {
        return request;
    }

    @Override
    public String target() {
        return request.host();
    }

    @Override
    public String progress() {
        return "pinging";
    }

    @Override
    void start() {
        network.guard().execute(() -> {
            if (over()) {
                return;
            }
            if (!context.active()) {
                failed(NetError.CONTEXT_INACTIVE);
                return;
            }
            network.resolve(context, request.host(), r -> {
                if (over()) {
                    return;
                }
                if (!r.ok()) {
                    failed(NetError.DNS_FAILED);
                    return;
                }
                target = r.addresses().get(0);
                if (!network.policy().mayReach(target)) {
                    network.observer().denied(null, "ping", new InetSocketAddress(target, 0));
                    failed(NetError.DENIED);
                    return;
                }
                next();
            });
        });
    }

    /** The summary so far, and no more requests, replies or losses. */
    public PingObserver.Summary stop() {
        PingObserver.Summary summary = stats.summary(target, request.average());
        end();
        return summary;
    }

    @Override
    void released() {
        timer.cancel();
    }

    private void next() {
        if (over()) {
            return;
        }
        if (stats.sent() == request.count()) {
            end();
            observer.finished(stats.summary(target, request.average()));
            return;
        }
        int sequence = stats.send();
        lastSent = network.guard().nanoTime();
        if (!context.active()) {
            outcome(sequence, NetError.CONTEXT_INACTIVE); // the context went down during the run
            return;
        }
        boolean[] answered = {false};
        timer = network.guard()
                .schedule(
                        () -> {
                            if (!answered[0]) {
                                answered[0] = true;
                                outcome(sequence, NetError.TIMEOUT);
                            }
                        },
                        request.timeout());
        Runnable end = network.begin();
        Consumer<Runnable> onLoop = network.guard().bind("an echo reply", Runnable::run);
        network.host()
                .icmp()
                .echo(
                        target,
                        request.payload(),
                        sequence,
                        Math.min(request.timeout().toMillis(), LONGEST_REAL_WAIT_MILLIS),
                        request.ttl(),
                        echo -> network.loop().execute(() -> {
                            end.run();
                            onLoop.accept(() -> replied(echo, answered, sequence));
                        }));
    }

    /** An echo reply, or its failure, on the modem's loop. */
    private void replied(IcmpEcho.Echo echo, boolean[] answered, int sequence) {
        if (answered[0] || over()) {
            return;
        }
        if (!echo.ok() && echo.error() == NetError.TIMEOUT) {
            return; // the modem's own timeout reports it, in the modem's time
        }
        answered[0] = true;
        timer.cancel();
        if (echo.ok()) {
            long ms = Math.max(0, Math.round(echo.rttMicros() / 1000.0));
            stats.received(ms);
            observer.reply(new PingObserver.Reply(echo.from(), echo.bytes(), ms, echo.ttl()));
            settled();
        } else {
            outcome(sequence, echo.error());
        }
    }

    /**
     * A request without a reply. On the first, a failure that will recur (no ICMP on this host, no
     * context) means nothing can be sent at all.
     */
    private void outcome(int sequence, NetError error) {
        if (sequence == 1 && (error == NetError.NOT_ALLOWED || error == NetError.CONTEXT_INACTIVE)) {
            failed(error);
            return;
        }
        observer.lost(error);
        settled();
    }

    /** The request has its outcome: the next goes out now, or an interval after this one did. */
    private void settled() {
        if (over()) {
            return;
        }
        long wait = lastSent + request.interval().toNanos() - network.guard().nanoTime();
        if (request.interval().isZero() || stats.sent() == request.count()) {
            next();
        } else {
            timer = network.guard().schedule(this::next, Duration.ofNanos(Math.max(0, wait)));
        }
    }

    private void failed(NetError error) {
        end();
        observer.failed(error);
    }
}
