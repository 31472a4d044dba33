package io.vmodem.dialect.sim7600;

import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingObserver;
import io.vmodem.time.Scheduler;
import java.net.InetAddress;
import java.time.Duration;

/**
 * One AT+CPING session: {@code <num_pings>} real ICMP echoes of {@code <data_packet_size>} bytes,
 * one every {@code <interval_time>}, each waiting up to {@code <wait_time>}. Each reply is
 * {@code +CPING: 1,<ip>,<size>,<rtt>,<ttl>}, each loss {@code +CPING: 2}, and the end
 * {@code +CPING: 3,<sent>,<recvd>,<lost>,<min>,<max>,<avg>}. AT+CPINGSTOP ends it early.
 */
final class PingSession {
    private final Sim7600Session session;
    private final PdpContext context;
    private final String destination;
    private final int count;
    private final int size;
    private final Duration interval;
    private final Duration wait;
    private final int ttl;
    private InetAddress target;
    private int sent;
    private int received;
    private long min = Long.MAX_VALUE;
    private long max;
    private long total;
    private long lastSend;
    private boolean over;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

    PingSession(
            Sim7600Session session,
            PdpContext context,
            String destination,
            int count,
            int size,
            Duration interval,
            Duration wait,
            int ttl) {
        this.session = session;
        this.context = context;
        this.destination = destination;
        this.count = count;
        this.size = size;
        this.interval = interval;
        this.wait = wait;
        this.ttl = ttl;
    }

    void start() {
        session.modem().network().resolve(context, destination, r -> {
            if (over) {
                return;
            }
            if (!r.ok()) {
                finish();
                return;
            }
            target = r.addresses().get(0);
            next();
        });
    }

    private void next() {
        if (over) {
            return;
        }
        if (sent == count) {
            finish();
            return;
        }
        sent++;
        lastSend = session.scheduler().nanoTime();
        session.modem().network().ping(context, target.getHostAddress(), size, wait, 1, ttl, new PingObserver() {
            @Override
            public void reply(Reply reply) {
                if (over) {
                    return;
                }
                received++;
                min = Math.min(min, reply.timeMillis());
                max = Math.max(max, reply.timeMillis());
                total += reply.timeMillis();
                session.urc("+CPING: 1," + reply.address().getHostAddress() + "," + reply.bytes() + ","
                        + reply.timeMillis() + "," + reply.ttl());
            }

            @Override
            public void lost(NetError error) {
                if (!over) {
                    session.urc("+CPING: 2");
                }
            }

            @Override
            public void finished(Summary summary) {
                settled();
            }

            @Override
            public void failed(NetError error) {
                if (over) {
                    return;
                }
                if (sent == 1) {
                    // Nothing can be sent at all (the host forbids ICMP, or the context went away).
                    sent = 0;
                    finish();
                    return;
                }
                session.urc("+CPING: 2");
                settled();
            }
        });
    }

    /** One echo has its outcome: the next goes out an interval after this one did. */
    private void settled() {
        if (over) {
            return;
        }
        long due = lastSend + interval.toNanos() - session.scheduler().nanoTime();
        if (sent == count) {
            finish();
        } else {
            timer = session.scheduler().schedule(this::next, Duration.ofNanos(Math.max(0, due)));
        }
    }

    private void finish() {
        if (over) {
            return;
        }
        session.urc(summary());
        end();
    }

    /** AT+CPINGSTOP: no more echoes; the summary so far, for the command to print. */
    String stop() {
        String line = summary();
        end();
        return line;
    }

    private void end() {
        over = true;
        timer.cancel();
        if (session.ping() == this) {
            session.ping(null);
        }
    }

    private String summary() {
        long avg = received == 0 ? 0 : Math.round((double) total / received);
        return "+CPING: 3," + sent + "," + received + "," + (sent - received) + "," + (received == 0 ? 0 : min) + ","
                + max + "," + avg;
    }
}
