package io.vmodem.trace;

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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One modem's trace: every byte that crosses its link, in both directions, and what its network
 * does, one line per event:
 *
 * <pre>
 * 10:15:02.123456 m1 &gt; AT+QIOPEN=1,0,"TCP","127.0.0.1",4000,0,0\r\n     a line from the DTE
 * 10:15:02.123502 m1 &lt; \r\nOK\r\n                                      a line from the modem
 * 10:15:02.124310 m1 net socket 1 connected 127.10.0.1:40112 -&gt; 127.0.0.1:4000
 * 10:15:02.130001 m1 &lt;&lt; \r\n&gt; \                                        bytes with no line end
 * 10:15:02.131000 m1 &gt;&gt; test1\x1a                                     (a prompt, a data block)
 * 10:15:02.131200 m1 * dtr off                                         the link and the modem
 * 10:15:02.131300 m1 why AT+QISEND=12,5: parameter 1 out of range 0..11: 12    why an ERROR
 * </pre>
 *
 * <p>Bytes are grouped as they cross: a group from the DTE ends at its line end (CR, or CR LF); a
 * group from the modem ends at LF once it has something besides framing, so {@code \r\nOK\r\n} is
 * one line. Bytes without a line end (a prompt, data) are written as a block when the other side
 * speaks, when nothing more comes for a moment, or at 512 bytes. {@link TraceTranscript} turns a
 * trace into a transcript.
 *
 * <p>Confined to the modem's thread. Timestamps come from the modem's scheduler, so a trace taken
 * in virtual time shows virtual time.
 */
public final class ModemTrace implements NetObserver {
    /** A group without a line end is written after this much quiet. */
    static final Duration IDLE = Duration.ofMillis(20);

    static final int MAX_GROUP = 512;

    private final TraceLog log;
    private final TraceRing ring;
    private final String id;
    private final Scheduler scheduler;
    /** The wall clock (nanoseconds since 1970) when the scheduler read {@link #nanoOrigin}. */
    private final long wallOrigin;

    private final long nanoOrigin;
    private final Group fromDte = new Group(">", true);
    private final Group toDte = new Group("<", false);
    private final Map<NetSocket, Integer> socketNumbers = new IdentityHashMap<>();
    private int nextSocket = 1;
    private Scheduler.Cancellable idleTimer = Scheduler.Cancellable.DONE;
    private boolean closed;

    ModemTrace(TraceLog log, String id, Scheduler scheduler) {
        this(log, null, id, scheduler);
    }

    private ModemTrace(TraceLog log, TraceRing ring, String id, Scheduler scheduler) {
        this.log = log;
        this.ring = ring;
        this.id = id;
        this.scheduler = scheduler;
        Instant now = Instant.now();
        this.wallOrigin = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.nanoOrigin = scheduler.nanoTime();
    }

    /**
     * A modem's trace into the file {@code log} (null: none) and the in-memory {@code ring} (null:
     * none); at least one of them.
     */
    public static ModemTrace of(TraceLog log, TraceRing ring, String id, Scheduler scheduler) {
        if (log == null && ring == null) {
            throw new IllegalArgumentException("a trace goes somewhere");
        }
        return new ModemTrace(log, ring, id, scheduler);
    }

    public String id() {
        return id;
    }

    /** The lines kept in memory, or null. */
    public TraceRing ring() {
        return ring;
    }

    /** A fault injected or a condition changed ({@code fault pdp-drop context 1}). */
    public void fault(String text) {
        flush();
        write(scheduler.nanoTime(), "fault", text);
    }

    /** Bytes the DTE sent to the modem. */
    public void fromDte(byte[] data, int offset, int length) {
        toDte.flush();
        fromDte.add(data, offset, length);
    }

    /** Bytes the modem sent to the DTE. */
    public void toDte(byte[] data, int offset, int length) {
        fromDte.flush();
        toDte.add(data, offset, length);
    }

    /** Something that happened to the link or the modem ({@code link opened}, {@code dtr off}, ...). */
    public void event(String text) {
        flush();
        write(scheduler.nanoTime(), "*", text);
    }

    /**
     * Why the modem refused a command (the host saw only {@code ERROR} or its code): {@code command}
     * as typed, then the reason.
     */
    public void why(String command, String reason) {
        flush();
        write(scheduler.nanoTime(), "why", command + ": " + reason);
    }

    /** Writes what is still grouped; the trace goes on. */
    public void flush() {
        fromDte.flush();
        toDte.flush();
    }

    /** The modem is gone: what is grouped is written, and nothing after. */
    public void close() {
        flush();
        idleTimer.cancel();
        closed = true;
    }

    // ---- the network ----

    @Override
    public void contextActivated(PdpContext context) {
        net("context " + context.id() + " activated " + context.addressText());
    }

    @Override
    public void contextDeactivated(PdpContext context) {
        net("context " + context.id() + " deactivated");
    }

    @Override
    public void socketOpening(NetSocket socket, String kind, String host, int port) {
        String where = host == null ? "port " + port : host + ":" + port;
        net(socket(socket) + " opening " + kind + " " + where + " in context "
                + socket.context().id());
    }

    @Override
    public void socketOpened(NetSocket socket) {
        String what;
        if (socket instanceof TcpListener) {
            what = "listening on " + address(socket.localAddress());
        } else if (socket.remoteAddress() == null) {
            what = "bound to " + address(socket.localAddress());
        } else {
            what = "connected " + address(socket.localAddress()) + " -> " + address(socket.remoteAddress());
            if (socket instanceof TcpConnection c && c.secure()) {
                what += " with " + c.tlsProtocol() + " " + c.cipherSuite();
            }
        }
        net(socket(socket) + " " + what);
    }

    @Override
    public void socketFailed(NetSocket socket, NetError error) {
        String why = error.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (socket instanceof TcpConnection c && c.handshakeFailure() != null) {
            why += " (" + c.handshakeFailure().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        }
        net(socket(socket) + " failed: " + why);
    }

    @Override
    public void socketAccepted(TcpListener listener, TcpConnection connection) {
        net(socket(connection) + " accepted by " + socket(listener) + ": " + address(connection.remoteAddress())
                + " -> " + address(connection.localAddress()));
    }

    @Override
    public void socketSent(NetSocket socket, int bytes, InetSocketAddress to) {
        net(socket(socket) + " sent " + bytes + (to == null ? "" : " to " + address(to)));
    }

    @Override
    public void socketReceived(NetSocket socket, int bytes, InetSocketAddress from) {
        net(socket(socket) + " received " + bytes + (from == null ? "" : " from " + address(from)));
    }

    @Override
    public void socketDropped(NetSocket socket, int bytes, InetSocketAddress from) {
        net(socket(socket) + " dropped " + bytes + " from " + address(from) + ": receive buffer full");
    }

    @Override
    public void denied(NetSocket socket, String what, InetSocketAddress where) {
        String target = what.equals("listen")
                ? "on port " + where.getPort()
                : what.equals("ping") ? "to " + where.getAddress().getHostAddress() : "to " + address(where);
        net((socket == null ? "" : socket(socket) + " ") + what + " " + target + " denied by policy");
    }

    @Override
    public void conditionActed(NetSocket socket, String what) {
        net((socket == null ? "" : socket(socket) + " ") + what);
    }

    @Override
    public void socketEnded(NetSocket socket, CloseCause cause) {
        String why =
                switch (cause) {
                    case PEER -> "closed by the peer";
                    case ERROR -> "reset or failed";
                    case SEND_TIMEOUT -> "send timed out";
                    case CONTEXT_LOST -> "lost with its context";
                    case LOCAL -> "closed";
                };
        net(socket(socket) + " ended: " + why);
    }

    @Override
    public void socketClosed(NetSocket socket) {
        net(socket(socket) + " closed");
        socketNumbers.remove(socket);
    }

    @Override
    public void mqtt(MqttClient client, String what) {
        net("mqtt client " + client.index() + " " + what);
    }

    @Override
    public void http(HttpExchange exchange, String what) {
        net("http " + exchange.target() + " " + what);
    }

    private void net(String text) {
        flush();
        write(scheduler.nanoTime(), "net", text);
    }

    /** Sockets are numbered in the order they appear, per modem. */
    private String socket(NetSocket s) {
        Integer n = socketNumbers.get(s);
        if (n == null) {
            n = nextSocket++;
            socketNumbers.put(s, n);
        }
        return "socket " + n;
    }

    private static String address(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host =
                a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host + ":" + a.getPort();
    }

    // ---- writing ----

    private void write(long nanos, String kind, String text) {
        if (closed) {
            return;
        }
        long at = wallOrigin + (nanos - nanoOrigin);
        if (ring != null) {
            ring.add(at, kind, text);
        }
        if (log != null) {
            log.line(at, id + " " + kind + " " + text);
        }
    }

    private void armIdleFlush() {
        if (closed) {
            return;
        }
        idleTimer.cancel();
        idleTimer = scheduler.schedule(
                () -> {
                    idleTimer = Scheduler.Cancellable.DONE;
                    flush();
                },
                IDLE);
    }

    /** The bytes of one direction not yet written. */
    private final class Group {
        private final String kind;
        private final boolean fromHost;
        /** The line being grouped: at most {@link #MAX_GROUP} bytes (a plain array: this runs per byte). */
        private final byte[] pending = new byte[MAX_GROUP];

        private int size;
        private long firstAt;
        private boolean content;
        private int last = -1;

        Group(String kind, boolean fromHost) {
            this.kind = kind;
            this.fromHost = fromHost;
        }

        void add(byte[] data, int offset, int length) {
            long now = scheduler.nanoTime();
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                int b = data[i] & 0xff;
                if (b != '\r' && b != '\n' && last != '\r') {
                    // A run of line content, copied at once (a pushed stream is mostly that): the
                    // same as byte by byte below, up to a line end or a full group.
                    int stop = Math.min(end, i + MAX_GROUP - size);
                    int j = i + 1;
                    while (j < stop && data[j] != '\r' && data[j] != '\n') {
                        j++;
                    }
                    if (size == 0) {
                        firstAt = now;
                    }
                    System.arraycopy(data, i, pending, size, j - i);
                    size += j - i;
                    last = data[j - 1] & 0xff;
                    content = true;
                    if (size >= MAX_GROUP) {
                        flush();
                    }
                    i = j - 1;
                    continue;
                }
                if (last == '\r' && b != '\n' && (fromHost || content)) {
                    flush(); // a CR with no LF after it ended the line
                }
                if (size == 0) {
                    firstAt = now;
                }
                pending[size++] = (byte) b;
                last = b;
                if (b != '\r' && b != '\n') {
                    content = true;
                }
                if (b == '\n' && (fromHost || content) || size >= MAX_GROUP) {
                    flush();
                }
            }
            if (size > 0) {
                armIdleFlush();
            }
        }

        void flush() {
            if (size == 0) {
                return;
            }
            int n = size;
            size = 0;
            content = false;
            last = -1;
            int end = pending[n - 1];
            boolean line = end == '\r' || end == '\n';
            write(firstAt, line ? kind : kind + kind, TraceText.escape(pending, 0, n));
        }
    }
}
