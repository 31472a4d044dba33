package io.vmodem.dialect.sim7600;

import io.vmodem.net.TcpConnection;
import io.vmodem.time.Scheduler;
import java.time.Duration;

/**
 * AT+CIPSENDMODE=1 (L1111) on one link: the {@code +CIPSEND: <l>,<req>,<cnf>} report of a TCP send
 * waits for the peer's acknowledgement. The kernel tells what the peer acknowledged but not when,
 * so the report polls, backing off; past AT+CIPTIMEOUT's send timeout the data counts as not sent
 * and the module closes the link.
 */
final class AckWait {
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LAST_POLL = Duration.ofMillis(1000);

    private final Sim7600Link link;
    private boolean waiting;
    private long mark;
    private int length;
    private long deadline;
    private Duration poll;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

    AckWait(Sim7600Link link) {
        this.link = link;
    }

    /** Whether a report waits: the next AT+CIPSEND is refused as busy. */
    boolean waiting() {
        return waiting;
    }

    /** {@code length} bytes went to {@code connection}: report once the peer has them all. */
    void start(TcpConnection connection, int length) {
        Scheduler scheduler = link.session.scheduler();
        waiting = true;
        mark = connection.sent();
        this.length = length;
        deadline = scheduler.nanoTime()
                + link.session.settings().timeouts.cipsend().toNanos();
        poll = FIRST_POLL;
        scheduler.execute(this::check);
    }

    /** The link ended under a waiting report: it says the data is lost ({@code <cnf>} -1). */
    void linkGone() {
        timer.cancel();
        if (waiting) {
            report(-1);
        }
    }

    /** The link closed at the host's request: no report. */
    void cancel() {
        timer.cancel();
        waiting = false;
    }

    private void check() {
        if (!waiting) {
            return;
        }
        if (!(link.net instanceof TcpConnection c) || link.closed()) {
            report(-1);
            return;
        }
        if (c.acknowledged() >= mark) {
            report(length);
            return;
        }
        long left = deadline - link.session.scheduler().nanoTime();
        if (left <= 0) {
            report(0);
            link.closeByModule(2);
            return;
        }
        Duration wait = Duration.ofNanos(Math.min(poll.toNanos(), left));
        poll = poll.multipliedBy(2).compareTo(LAST_POLL) > 0 ? LAST_POLL : poll.multipliedBy(2);
        timer = link.session.scheduler().schedule(this::check, wait);
    }

    private void report(int confirmed) {
        waiting = false;
        link.session.urc("+CIPSEND: " + link.id + "," + length + "," + confirmed);
    }
}
