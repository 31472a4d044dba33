package io.vmodem.dialect.sim7600;

import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.modem.Modem;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The SIM7600's socket service (AT+NETOPEN / AT+NETCLOSE, L1101–L1102) as a state machine: closed,
 * opening (the context activating), open, closing (links and servers closed, the context going
 * down). It also lends the context to a DNS query while the service is closed (AT+CDNSGIP).
 */
final class NetService {
    /** The service as the host sees it. */
    enum State {
        CLOSED,
        OPENING,
        OPEN,
        CLOSING
    }

    private final Sim7600Session session;
    private final Modem modem;

    private State state = State.CLOSED;
    private PdpContext context;
    private boolean transparent;
    private boolean openAfterClose;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
    /** Counts AT+NETOPEN attempts, so that the outcome of an abandoned one is ignored. */
    private int attempt;

    NetService(Sim7600Session session) {
        this.session = session;
        this.modem = session.modem();
    }

    /** Power-up: closed. */
    void reset() {
        state = State.CLOSED;
        context = null;
        transparent = false;
        openAfterClose = false;
        timer.cancel();
    }

    /** Whether the service is open and its context still active. */
    boolean isOpen() {
        return state == State.OPEN && context != null && context.active();
    }

    /** The context the service runs on (AT+CSOCKSETPN), active or not. */
    PdpContext context() {
        return context != null ? context : modem.network().context(session.settings().contextId);
    }

    /** Whether AT+CIPMODE was 1 when the service was opened: link 0 only, CONNECT on open. */
    boolean transparent() {
        return transparent;
    }

    /** AT+NETOPEN: OK now, {@code +NETOPEN: <err>} once the context is up (or failed). */
    Reply open() {
        forgetDeactivated();
        switch (state) {
            case OPEN, OPENING -> {
                return session.ipFail(Sim7600Errors.IP_ALREADY_OPENED);
            }
            case CLOSING -> {
                openAfterClose = true;
                return Reply.ok();
            }
            case CLOSED -> {
                startOpening();
                return Reply.ok();
            }
        }
        return Reply.error().because("the network is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }

    private void startOpening() {
        int current = ++attempt;
        state = State.OPENING;
        transparent = session.settings().transparent;
        PdpContext c = modem.network().context(session.settings().contextId);
        context = c;
        modem.radio().attach(true); // an activation attaches first (27.007 10.1.10)
        if (!modem.radio().canAttach() || c.state() != PdpContext.State.INACTIVE && !c.active()) {
            modem.scheduler().execute(() -> opened(current, NetError.ACTIVATION_FAILED));
            return;
        }
        timer = modem.scheduler()
                .schedule(
                        () -> {
                            if (state == State.OPENING && attempt == current) {
                                state = State.CLOSED;
                                context = null;
                                modem.network().deactivate(c, e -> {});
                                session.urc("+NETOPEN: " + Sim7600Errors.TIMEOUT);
                            }
                        },
                        session.settings().timeouts.netopen());
        modem.network().activate(c, error -> opened(current, error));
    }

    private void opened(int which, NetError error) {
        if (state != State.OPENING || attempt != which) {
            return;
        }
        timer.cancel();
        if (error == null) {
            state = State.OPEN;
            session.urc("+NETOPEN: 0");
        } else {
            state = State.CLOSED;
            context = null;
            session.urc("+NETOPEN: " + Sim7600Errors.NETWORK_FAILURE);
        }
    }

    /** AT+NETCLOSE: every link and server closes, then the context; {@code +NETCLOSE: 0} after OK. */
    Reply close() {
        forgetDeactivated();
        if (state == State.OPENING) {
            return Reply.of(Final.ERROR, "+NETCLOSE: " + Sim7600Errors.BUSY).because("the network is opening");
        }
        if (state != State.OPEN) {
            return Reply.of(Final.ERROR, "+NETCLOSE: " + Sim7600Errors.NETWORK_NOT_OPENED)
                    .because("the network is not open");
        }
        state = State.CLOSING;
        PdpContext closing = context;
        session.closeEverything(true);
        modem.network().deactivate(closing, error -> {
            state = State.CLOSED;
            context = null;
            session.urc("+NETCLOSE: 0");
            if (openAfterClose) {
                openAfterClose = false;
                startOpening();
            }
        });
        return Reply.ok();
    }

    /**
     * The host deactivated the service's context itself (AT+CGACT=0): its sockets are gone, so the
     * service counts as closed.
     */
    private void forgetDeactivated() {
        if (state == State.OPEN && !context.active()) {
            state = State.CLOSED;
            context = null;
            session.closeEverything(false);
        }
    }

    /** The network dropped a context: the links already reported +IPCLOSE; the service ends. */
    void contextLost(PdpContext lost) {
        if (lost != context || state == State.CLOSED) {
            return;
        }
        timer.cancel();
        state = State.CLOSED;
        context = null;
        openAfterClose = false;
        session.closeEverything(false);
        session.urc("+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY");
    }

    // ---- a context for one DNS query ----

    /**
     * Work that needs an active context. When done with it, it calls {@code release} with what to
     * do once the context is back as it was (so the command's result comes after that).
     */
    interface NetworkUse {
        void run(PdpContext context, Consumer<Runnable> release);
    }

    /**
     * Runs {@code work} with the socket context active: the context as it is when active, or one
     * activated for the occasion and deactivated on release (AT+CDNSGIP opens the PS network
     * itself, with AT+CIPDNSSET's retries and timeout). {@code failed} runs when it cannot open.
     */
    void withNetwork(NetworkUse work, Runnable failed) {
        PdpContext c = modem.network().context(session.settings().contextId);
        if (c.active()) {
            work.run(c, Runnable::run);
            return;
        }
        if (state != State.CLOSED || c.state() != PdpContext.State.INACTIVE) {
            modem.scheduler().execute(failed);
            return;
        }
        int[] dns = session.settings().dnsSet;
        new TemporaryContext(c, dns[0], Duration.ofMillis(dns[1]), work, failed).attempt();
    }

    /** A context opened for one DNS query and closed after it, with AT+CIPDNSSET's retries and timeout. */
    private final class TemporaryContext {
        private final PdpContext context;
        private final Duration timeout;
        private final NetworkUse work;
        private final Runnable failed;
        private int retriesLeft;
        private boolean over;

        TemporaryContext(PdpContext context, int retries, Duration timeout, NetworkUse work, Runnable failed) {
            this.context = context;
            this.retriesLeft = retries;
            this.timeout = timeout;
            this.work = work;
            this.failed = failed;
        }

        void attempt() {
            if (!modem.radio().canAttach()) {
                failed.run();
                return;
            }
            boolean[] done = {false};
            Scheduler.Cancellable timer = modem.scheduler()
                    .schedule(
                            () -> {
                                if (!done[0]) {
                                    done[0] = true;
                                    modem.network().deactivate(context, e -> retry());
                                }
                            },
                            timeout);
            modem.network().activate(context, error -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                timer.cancel();
                if (error != null) {
                    retry();
                    return;
                }
                work.run(context, this::release);
            });
        }

        /** Ends the activation, unless the socket service has taken the context over since. */
        private void release(Runnable then) {
            if (NetService.this.context != context && context.active()) {
                modem.network().deactivate(context, e -> then.run());
            } else {
                then.run();
            }
        }

        private void retry() {
            if (over) {
                return;
            }
            if (retriesLeft-- > 0) {
                attempt();
            } else {
                over = true;
                failed.run();
            }
        }
    }
}
