package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.at.DtePort;
import io.vmodem.at.EngineListener;
import io.vmodem.at.Final;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.fault.ModemFaults;
import io.vmodem.fault.Trigger;
import io.vmodem.modem.Modem;
import io.vmodem.modem.Radio;
import io.vmodem.net.CloseCause;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.MqttClient;
import io.vmodem.net.NetError;
import io.vmodem.net.NetObserver;
import io.vmodem.net.NetSocket;
import io.vmodem.net.PdpContext;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TcpListener;
import io.vmodem.time.Scheduler;
import io.vmodem.trace.ModemTrace;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the runtime keeps beside one modem, on the modem's thread: its faults (the scenario's
 * triggers fed from the engine and the network, the effects done in the layers below), its link's
 * byte counts and the command in progress (for the metrics and the control API), and the events the
 * control API streams. It sees the network as the trace does ({@link NetObserver}) and passes every
 * call on to the trace; it hears the engine ({@link EngineListener}) and the radio.
 *
 * <p>A modem nobody watches pays for counting only: events are built only while the fleet has
 * listeners, and byte counts reach the fault triggers only while a step waits for them.
 */
final class ModemWatch implements NetObserver, EngineListener {
    private final long serial;
    private final String link;
    private final String dialect;
    private final Fleet fleet;
    private final EventLoop loop;
    private final Scheduler scheduler;
    private final LoopStats stats;
    private ModemTrace trace;
    private NetObserver traceObserver = NetObserver.NONE;
    private ModemFaults faults;
    private FaultEffects effects;
    private UartFaults uart;
    private ModemSession session;
    private long bytesIn;
    private long bytesOut;
    private String command;
    private long commandStart;
    /** Connect IDs of sockets seen by the byte triggers, so a close can be told by ID. */
    private final Map<NetSocket, Integer> socketIds = new IdentityHashMap<>();

    ModemWatch(long serial, String link, String dialect, Fleet fleet, EventLoop loop, Scheduler scheduler) {
        this.serial = serial;
        this.link = link;
        this.dialect = dialect;
        this.fleet = fleet;
        this.loop = loop;
        this.scheduler = scheduler;
        this.stats = fleet.stats(loop);
    }

    void trace(ModemTrace trace) {
        this.trace = trace;
        this.traceObserver = trace == null ? NetObserver.NONE : trace;
    }

    /** The rest of the modem, once made; hooks into the engine and the radio. */
    void attach(ModemSession session, ModemFaults faults, FaultEffects effects, UartFaults uart) {
        this.session = session;
        this.faults = faults;
        this.effects = effects;
        this.uart = uart;
        session.engine().listener(this);
        Radio radio = session.modem().radio();
        radio.addListener(status ->
                event("registration", Map.of("stat", status, "state", ModemSnapshot.registrationWord(status))));
        radio.addSignalListener((rssi, ber) -> event("signal", Map.of("rssi", rssi, "ber", ber)));
    }

    long serial() {
        return serial;
    }

    String link() {
        return link;
    }

    String dialect() {
        return dialect;
    }

    ModemFaults faults() {
        return faults;
    }

    UartFaults uart() {
        return uart;
    }

    ModemTrace trace() {
        return trace;
    }

    // ---- the fleet ----

    void joined(VirtualModem modem) {
        loop.execute(() -> stats.modems.add(this));
        fleet.added(modem);
    }

    /** The link is gone; on the modem's loop. */
    void left(VirtualModem modem) {
        effects.retire();
        faults.reset(); // timers end; conditions end without effect
        fleet.removed(modem);
        if (stats.modems.remove(this)) {
            stats.engineFaultsGone += engineFaults();
        }
    }

    // ---- what the metrics read, on the loop ----

    int sockets() {
        return session.modem().network().sockets().size();
    }

    int activeContexts() {
        return session.modem().network().activeContexts();
    }

    long engineFaults() {
        return session.engine().faults();
    }

    // ---- the link's bytes ----

    void input(int length) {
        bytesIn += length;
        stats.bytesIn += length;
    }

    /** The link, counting what the modem writes to it. */
    DtePort meter(DtePort port) {
        return new DtePort() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                bytesOut += length;
                stats.bytesOut += length;
                port.write(bytes, offset, length);
            }

            @Override
            public void write(ByteBuffer data) {
                int n = data.remaining();
                bytesOut += n;
                stats.bytesOut += n;
                port.write(data);
            }

            @Override
            public boolean isWritable() {
                return port.isWritable();
            }

            @Override
            public int writableBytes() {
                return port.writableBytes();
            }

            @Override
            public ByteBuffer claim(int max) {
                return port.claim(max);
            }

            @Override
            public void commit(ByteBuffer claimed) {
                int n = claimed.position();
                bytesOut += n;
                stats.bytesOut += n;
                port.commit(claimed);
            }

            @Override
            public void setInputPaused(boolean paused) {
                port.setInputPaused(paused);
            }
        };
    }

    // ---- faults: the trace line, the event ----

    /** A fault injected or a condition changed, as {@link ModemFaults} words it. */
    void faultLine(String text) {
        stats.faultsInjected++;
        note(text);
    }

    /** A line of the fault kind in the trace and an event: what a fault did or could not do. */
    void note(String text) {
        if (trace != null) {
            trace.fault(text);
        }
        event("fault", Map.of("text", text));
    }

    private void event(String type, Map<String, Object> detail) {
        if (fleet.watched()) {
            fleet.publish(new FleetEvent(serial, System.currentTimeMillis(), type, detail));
        }
    }

    /** Fault triggers act after the engine or the network is done with what it was doing. */
    private void later(Runnable r) {
        scheduler.execute(r);
    }

    // ---- the engine ----

    @Override
    public void poweredOn() {
        faults.poweredOn();
        event("power", Map.of("state", "on"));
    }

    @Override
    public void poweredOff() {
        command = null;
        event("power", Map.of("state", session.booting() ? "booting" : "off"));
    }

    @Override
    public void commandStarted(String line) {
        command = line;
        commandStart = scheduler.nanoTime();
        if (fleet.commandsWatched()) {
            fleet.publishCommand(new FleetEvent(serial, System.currentTimeMillis(), "command", Map.of("line", line)));
        }
    }

    @Override
    public void commandFinished(String line, Final result) {
        if (command != null) {
            stats.command(Math.max(0, scheduler.nanoTime() - commandStart));
        }
        command = null;
        later(() -> faults.commandFinished(line));
    }

    @Override
    public void promptShown() {
        later(() -> faults.entered(Trigger.State.DATA_PROMPT));
    }

    @Override
    public void onlineEntered() {
        later(() -> faults.entered(Trigger.State.TRANSPARENT));
    }

    // ---- the network: passed on to the trace, and to the triggers and the events ----

    @Override
    public void contextActivated(PdpContext context) {
        traceObserver.contextActivated(context);
        later(() -> faults.entered(Trigger.State.CONTEXT_ACTIVE));
        event("context", Map.of("id", context.id(), "state", "active", "address", context.addressText()));
    }

    @Override
    public void contextDeactivated(PdpContext context) {
        traceObserver.contextDeactivated(context);
        event("context", Map.of("id", context.id(), "state", "inactive"));
    }

    @Override
    public void socketOpening(NetSocket socket, String kind, String host, int port) {
        traceObserver.socketOpening(socket, kind, host, port);
    }

    @Override
    public void socketOpened(NetSocket socket) {
        traceObserver.socketOpened(socket);
        later(() -> faults.entered(Trigger.State.SOCKET_OPEN));
        socketEvent(socket, "open");
    }

    @Override
    public void socketFailed(NetSocket socket, NetError error) {
        traceObserver.socketFailed(socket, error);
    }

    @Override
    public void socketAccepted(TcpListener listener, TcpConnection connection) {
        traceObserver.socketAccepted(listener, connection);
    }

    @Override
    public void socketSent(NetSocket socket, int bytes, InetSocketAddress to) {
        traceObserver.socketSent(socket, bytes, to);
        countBytes(socket);
    }

    @Override
    public void socketReceived(NetSocket socket, int bytes, InetSocketAddress from) {
        traceObserver.socketReceived(socket, bytes, from);
        countBytes(socket);
    }

    @Override
    public void socketDropped(NetSocket socket, int bytes, InetSocketAddress from) {
        traceObserver.socketDropped(socket, bytes, from);
    }

    @Override
    public void denied(NetSocket socket, String what, InetSocketAddress where) {
        traceObserver.denied(socket, what, where);
    }

    @Override
    public void conditionActed(NetSocket socket, String what) {
        traceObserver.conditionActed(socket, what);
    }

    @Override
    public void socketEnded(NetSocket socket, CloseCause cause) {
        traceObserver.socketEnded(socket, cause);
        socketEvent(socket, "ended");
    }

    @Override
    public void socketClosed(NetSocket socket) {
        traceObserver.socketClosed(socket);
        Integer id = socketIds.remove(socket);
        if (id != null) {
            later(() -> faults.socketClosed(id));
        }
        socketEvent(socket, "closed");
    }

    @Override
    public void mqtt(MqttClient client, String what) {
        traceObserver.mqtt(client, what);
    }

    @Override
    public void http(HttpExchange exchange, String what) {
        traceObserver.http(exchange, what);
    }

    private void countBytes(NetSocket socket) {
        if (!faults.watchesBytes()) {
            return;
        }
        Integer id = socketIds.get(socket);
        if (id == null) {
            id = moduleId(socket);
            if (id == null) {
                return;
            }
            socketIds.put(socket, id);
        }
        int connectId = id;
        long sent = socket.sent();
        long received = socket.received();
        later(() -> faults.socketBytes(connectId, sent, received));
    }

    private Integer moduleId(NetSocket socket) {
        for (ModuleSocket s : session.moduleSockets()) {
            if (s.net() == socket) {
                return s.id();
            }
        }
        return null;
    }

    private void socketEvent(NetSocket socket, String state) {
        if (!fleet.watched()) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        Integer id = socketIds.get(socket);
        if (id == null) {
            id = moduleId(socket);
        }
        if (id != null) {
            detail.put("id", id);
        }
        detail.put("state", state);
        event("socket", detail);
    }

    // ---- the snapshot ----

    ModemSnapshot snapshot() {
        Modem m = session.modem();
        Radio radio = m.radio();
        List<Map<String, Object>> conditions = new ArrayList<>();
        faults.conditions().forEach(c -> conditions.add(c.toMap()));
        var at = session.engine().settings();
        return new ModemSnapshot(
                serial,
                "m" + serial,
                dialect,
                link,
                m.identity().imei(),
                session.powered() ? "on" : session.booting() ? "booting" : "off",
                new ModemSnapshot.Registration(radio.status(), ModemSnapshot.registrationWord(radio.status())),
                new ModemSnapshot.Signal(radio.rssi(), radio.ber()),
                SnapshotParts.contexts(m.network()),
                SnapshotParts.sockets(session.moduleSockets()),
                SnapshotParts.services(m.network().services()),
                bytesIn,
                bytesOut,
                session.engine().faults(),
                faults.injected(),
                command,
                conditions,
                new ModemSnapshot.Settings(
                        at.echo(), at.verbose(), at.quiet(), at.cmee().name().toLowerCase(Locale.ROOT)),
                trace == null || trace.ring() == null ? 0 : trace.ring().nextSeq());
    }
}
