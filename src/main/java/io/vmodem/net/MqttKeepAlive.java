package io.vmodem.net;

import io.vmodem.time.Scheduler;
import java.time.Duration;

/**
 * An {@link MqttClient}'s keep-alive: a PINGREQ once the client has sent nothing for the session's
 * interval, and the end of the session when no PINGRESP comes within the packet timeout. Its own
 * part because its two timers run beside every flow, and every packet sent restarts one.
 */
final class MqttKeepAlive {
    private final MqttClient client;
    private Scheduler.Cancellable interval = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable answer = Scheduler.Cancellable.DONE;
    private Runnable pingInFlight;

    MqttKeepAlive(MqttClient client) {
        this.client = client;
    }

    /** A packet went out: the interval counts from now, unless a PINGREQ waits for its answer. */
    void sent() {
        if (pingInFlight == null) {
            restart();
        }
    }

    /** The interval counts from now, while the session is connected and asked for one. */
    void restart() {
        interval.cancel();
        int seconds = client.session() == null ? 0 : client.session().keepAliveSeconds();
        if (seconds > 0 && client.state() == MqttClient.State.CONNECTED) {
            interval = client.network.guard().schedule(this::ping, Duration.ofSeconds(seconds));
        }
    }

    private void ping() {
        if (client.state() != MqttClient.State.CONNECTED || pingInFlight != null) {
            return;
        }
        client.send(MqttPackets.pingreq(), "PINGREQ");
        pingInFlight = client.network.begin();
        answer = client.network
                .guard()
                .schedule(
                        () -> {
                            if (!client.over() && pingInFlight != null) {
                                endPing();
                                client.closeAndEnd(MqttClient.End.PING_TIMEOUT);
                            }
                        },
                        client.timing().packetTimeout());
    }

    /** PINGRESP came. */
    void answered() {
        answer.cancel();
        endPing();
    }

    /** The session is over: no timer runs, no ping is in flight. */
    void stop() {
        interval.cancel();
        answer.cancel();
        endPing();
    }

    private void endPing() {
        if (pingInFlight != null) {
            pingInFlight.run();
            pingInFlight = null;
        }
    }
}
