package io.vmodem.net;

import io.vmodem.time.Scheduler;
import java.time.Duration;

/**
 * One asynchronous service the host started (a lookup, a ping, a time query): it holds its kind
 * while it lasts (see {@link Services}), reports to its owner until it ends, and lets go of what it
 * holds (a timer, a channel) when it ends, whether it finished, was stopped, timed out or the power
 * went.
 */
public abstract sealed class ServiceRun permits NameLookup, PingRun, NtpQuery, MqttClient, HttpExchange {
    final ModemNetwork network;
    final PdpContext context;
    private final Services.Kind kind;
    private boolean over;
    private Scheduler.Cancellable deadline = Scheduler.Cancellable.DONE;

    ServiceRun(ModemNetwork network, PdpContext context, Services.Kind kind) {
        this.network = network;
        this.context = context;
        this.kind = kind;
    }

    public Services.Kind kind() {
        return kind;
    }

    public PdpContext context() {
        return context;
    }

    /** What the run reaches: the name looked up, the host pinged, the server, the broker, the URL. */
    public abstract String target();

    /** Where the run stands, in a word or two (the control API shows it). */
    public abstract String progress();

    /** Whether the run has ended: nothing more comes of it. */
    public boolean over() {
        return over;
    }

    /** Takes the run's place among the modem's services, then starts it. */
    final void begin() {
        network.services().begin(this);
        start();
    }

    abstract void start();

    /** Ends the run, if it has not ended: its kind is free again and nothing more is reported. */
    public final void end() {
        if (over) {
            return;
        }
        over = true;
        deadline.cancel();
        network.services().ended(this);
        released();
    }

    /** What the run lets go of as it ends. */
    void released() {}

    /** No deadline from now on: whoever waits on the run decides. */
    final void noDeadline() {
        deadline.cancel();
        deadline = Scheduler.Cancellable.DONE;
    }

    /** After {@code limit} of the modem's time, {@code expired} runs unless the run has ended. */
    final void deadline(Duration limit, Runnable expired) {
        deadline.cancel();
        deadline = network.guard()
                .schedule(
                        () -> {
                            if (!over) {
                                expired.run();
                            }
                        },
                        limit);
    }
}
