package io.vmodem.net;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.vmodem.net.MqttClient.Request;
import io.vmodem.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link MqttClient}'s requests that wait for the broker's answer (SUBSCRIBE, UNSUBSCRIBE, PUBLISH
 * at QoS 1 and 2), by packet identifier: each holds a timer and counts as a network operation in
 * flight; unanswered, it goes again up to the module's retry count (a PUBLISH marked DUP, or its
 * PUBREL once PUBREC came), and after the last the host is told it was undelivered. Its own part
 * because the retransmission rule is the module's, beside MQTT's flows rather than in them.
 */
final class MqttInFlight {
    /** A request waiting for its answer: what to send again, and until when. */
    private final class Pending {
        final Request request;
        final int packetId;
        byte[] wire;
        boolean released; // a QoS 2 publish past PUBREC: PUBREL is what goes again
        int attempts;
        Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
        final Runnable inFlight = client.network.begin();

        Pending(Request request, int packetId, byte[] wire) {
            this.request = request;
            this.packetId = packetId;
            this.wire = wire;
        }

        void arm() {
            timer.cancel();
            timer = client.network
                    .guard()
                    .schedule(() -> expired(this), client.timing().packetTimeout());
        }

        void finish() {
            timer.cancel();
            inFlight.run();
        }
    }

    private final MqttClient client;
    private final MqttClient.Observer observer;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextPacketId = 1;

    MqttInFlight(MqttClient client, MqttClient.Observer observer) {
        this.client = client;
        this.observer = observer;
    }

    boolean waiting(int packetId) {
        return pending.containsKey(packetId);
    }

    /** A packet identifier no request is waiting with, or -1 when all are. */
    int freePacketId() {
        for (int i = 0; i < 65535; i++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!pending.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    /** Sends {@code wire} and waits for its answer. */
    void send(Request request, int packetId, byte[] wire, String what) {
        Pending p = new Pending(request, packetId, wire);
        pending.put(packetId, p);
        client.write(wire, what);
        p.arm();
    }

    /**
     * The broker answered {@code request} {@code id}: true when it was waiting (it waits no more);
     * false for a late answer to what already failed, or one not ours: nothing to tell.
     */
    boolean answered(Request request, int id) {
        Pending p = pending.get(id);
        if (p == null || p.request != request) {
            return false;
        }
        pending.remove(id);
        p.finish();
        return true;
    }

    /** PUBREC for {@code id}: the publish waits for PUBCOMP now, and PUBREL is what goes again. */
    void received(int id) {
        Pending p = pending.get(id);
        if (p == null || p.request != Request.PUBLISH) {
            // not ours (any more): release it anyway, so the broker's state ends too
            client.send(MqttPackets.ack(MqttMessageType.PUBREL, id), "PUBREL " + id);
            return;
        }
        p.released = true;
        p.wire = client.encode(MqttPackets.ack(MqttMessageType.PUBREL, id));
        client.write(p.wire, "PUBREL " + id);
        p.arm();
    }

    private void expired(Pending p) {
        if (client.over() || pending.get(p.packetId) != p) {
            return;
        }
        if (p.attempts < client.timing().retries()) {
            p.attempts++;
            if (p.request == Request.PUBLISH && !p.released) {
                MqttPackets.markDuplicate(p.wire); // the same PUBLISH again
            }
            client.write(p.wire, "again (" + p.attempts + "): " + p.request + " " + p.packetId);
            p.arm();
            observer.retransmitted(client, p.request, p.packetId, p.attempts);
            return;
        }
        pending.remove(p.packetId);
        p.finish();
        observer.undelivered(client, p.request, p.packetId);
        if (client.timing().giveUp() && !client.over()) {
            client.closeAndEnd(MqttClient.End.SEND_FAILED);
        }
    }

    /** The session is over: nothing waits any more. */
    void clear() {
        for (Pending p : new ArrayList<>(pending.values())) {
            p.finish();
        }
        pending.clear();
    }
}
