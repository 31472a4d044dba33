package io.vmodem.dialect.sim7600;

import io.vmodem.at.Deferred;
import io.vmodem.at.Final;
import io.vmodem.at.OnlineSession;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.common.DataPush;
import io.vmodem.dialect.common.OnlineBridge;
import io.vmodem.dialect.common.ReceiveNotice;
import io.vmodem.net.CloseCause;
import io.vmodem.net.Datagram;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.UdpSocket;
import io.vmodem.time.Scheduler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One link number (0–9) of the SIM7600: a TCP or UDP client, or a client a server accepted. The
 * network socket does the work; this class words its events ({@code +CIPOPEN}, {@code +IPCLOSE},
 * {@code RECV FROM}, {@code +CIPRXGET: 1}) and carries transparent mode. A link the network closed
 * keeps its unread data readable until the host has taken it.
 */
final class Sim7600Link implements SocketEvents {
    /** Most bytes one push-mode output carries (and one AT+CIPRXGET=2 read). */
    static final int CHUNK = 1500;

    /** More than a pushed piece adds to its data: {@code RECV FROM:<ip>:<port>} and {@code +RECEIVE,<l>,<len>} lines. */
    private static final int PUSH_FRAMING = 80;

    final Sim7600Session session;
    final int id;
    final boolean tcp;
    /** The server address as the host gave it (a client), or the client's (an accepted link). */
    final String host;

    final int port;
    /** The server that accepted this link (0–3), or -1 for a client. */
    final int serverIndex;

    final boolean transparent;
    NetSocket net;
    /** An open whose outcome the command waits for (UDP: +CIPOPEN before OK; transparent: CONNECT). */
    Deferred opening;

    private boolean connected;
    private boolean closed;
    private Scheduler.Cancellable openTimer = Scheduler.Cancellable.DONE;
    private final ReceiveNotice recvNotice = new ReceiveNotice();
    private final DataPush push = new DataPush(this::pushWaits, this::pushPiece, this::pushDrained);
    private Scheduler.Cancellable pushDelay = Scheduler.Cancellable.DONE;
    private boolean pushDelayed;
    private final AckWait ack = new AckWait(this);
    /** Transparent mode, for a link opened while AT+CIPMODE=1; else null. */
    private final OnlineBridge online;

    Sim7600Link(
            Sim7600Session session, int id, boolean tcp, String host, int port, int serverIndex, boolean transparent) {
        this.session = session;
        this.id = id;
        this.tcp = tcp;
        this.host = host;
        this.port = port;
        this.serverIndex = serverIndex;
        this.transparent = transparent;
        this.online = transparent ? new OnlineBridge(session.engine(), session.scheduler(), new Transparent()) : null;
    }

    /** An accepted client of server {@code serverIndex}, connected already. */
    static Sim7600Link accepted(Sim7600Session session, int id, int serverIndex, TcpConnection connection) {
        InetSocketAddress remote = connection.remoteAddress();
        Sim7600Link link = new Sim7600Link(
                session, id, true, remote.getAddress().getHostAddress(), remote.getPort(), serverIndex, false);
        link.net = connection;
        link.connected = true;
        return link;
    }

    /** Connected and not closed: state 1 of AT+CIPCLOSE?. */
    boolean established() {
        return connected && !closed && net != null && net.state() == SocketState.CONNECTED;
    }

    /** Closed by the network; unread data may remain. */
    boolean closed() {
        return closed;
    }

    /** Still connecting (or binding). */
    boolean opening() {
        return !connected && !closed;
    }

    boolean awaitingAck() {
        return ack.waiting();
    }

    /** Arms the AT+CIPTIMEOUT limit on opening. */
    void openTimeout(Duration timeout) {
        openTimer = session.scheduler()
                .schedule(
                        () -> {
                            if (opening()) {
                                openFailed(net, NetError.TIMEOUT);
                            }
                        },
                        timeout);
    }

    /** Whether AT+CIPOPEN? describes this link: TCP and transparent links (a UDP service has no server). */
    boolean described() {
        return tcp || transparent;
    }

    /** The +CIPOPEN? line of an established link. */
    String describe() {
        return "+CIPOPEN: " + id + ",\"" + (tcp ? "TCP" : "UDP") + "\",\"" + host + "\"," + port + "," + serverIndex;
    }

    // ---- receiving ----

    int unread() {
        return net == null ? 0 : net.unread();
    }

    /** Up to {@code max} bytes for AT+CIPRXGET=2/3; a closed link is released once drained. */
    byte[] read(int max) {
        byte[] data = take(max);
        recvNotice.read(unread());
        if (unread() == 0) {
            if (closed) {
                session.free(this);
            }
        }
        return data;
    }

    /** AT+CIPRXGET=0 and data waiting. */
    private boolean pushWaits() {
        return net != null && !transparent && !session.settings().readManually && unread() > 0;
    }

    /** A link the network closed is released once everything it received is out. */
    private void pushDrained() {
        if (closed && unread() == 0) {
            session.free(this);
        }
    }

    private byte[] take(int max) {
        return net == null ? new byte[0] : net.read(max);
    }

    @Override
    public void readable(NetSocket socket) {
        if (transparent) {
            online.readable();
        } else if (!session.settings().readManually) {
            schedulePush();
        } else {
            reportReceived();
        }
    }

    /**
     * AT+CIPRXGET=0 with no DelayTm and the engine idle: a stream's pieces go out in the same call,
     * as many whole ones as the host's link takes, each counted with its longest headers.
     */
    @Override
    public int takesAtOnce(NetSocket socket) {
        if (transparent
                || !tcp
                || session.settings().readManually
                || push.queued()
                || pushDelayed
                || !session.settings().ccfg.pushDelay().isZero()) {
            return 0;
        }
        return session.engine().urcRoom() / (CHUNK + PUSH_FRAMING) * CHUNK;
    }

    /** AT+CIPRXGET=1: one {@code +CIPRXGET: 1,<l>} until the buffer has been emptied. */
    private void reportReceived() {
        if (unread() > 0) {
            recvNotice.arrived(() -> session.urc("+CIPRXGET: 1," + id));
        }
    }

    /** AT+CIPRXGET=0: data goes out as it comes, after AT+CIPCCFG's DelayTm. */
    private void schedulePush() {
        if (push.queued() || pushDelayed) {
            return;
        }
        Duration delay = session.settings().ccfg.pushDelay();
        if (!delay.isZero() && !closed) {
            pushDelayed = true;
            pushDelay = session.scheduler().schedule(this::queuePush, delay);
        } else {
            queuePush();
        }
    }

    private void queuePush() {
        pushDelay.cancel();
        pushDelayed = false;
        push.arrived(session::urc);
    }

    /**
     * Push mode: {@code RECV FROM:<ip>:<port>} and {@code +IPD<len>} (or {@code +RECEIVE,<l>,<len>})
     * before each piece, at most 1500 bytes each, one datagram each for UDP. Data leaves the socket
     * only as fast as the host's link takes it, so a slow host holds the peer back.
     */
    private void pushPiece(Urc.UrcOutput out) {
        byte[] data;
        InetSocketAddress from;
        if (net instanceof UdpSocket u) {
            Datagram d = u.readDatagram();
            data = d.data();
            from = d.sender();
        } else {
            from = net.remoteAddress();
            data = take(CHUNK);
        }
        writePush(out, from, data);
    }

    private void writePush(Urc.UrcOutput out, InetSocketAddress from, byte[] data) {
        String remote = session.settings().showRemote && from != null
                ? "RECV FROM:" + from.getAddress().getHostAddress() + ":" + from.getPort()
                : null;
        String header = !session.settings().ipHeader
                ? null
                : session.settings().ccfg.receiveHeader() ? "+RECEIVE," + id + "," + data.length : "+IPD" + data.length;
        if (remote != null && header != null) {
            out.line(remote);
            byte[] h = (header + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.raw(h, 0, h.length);
            out.raw(data, 0, data.length);
        } else if (remote != null || header != null) {
            out.lineAndData(remote != null ? remote : header, data, 0, data.length, false);
        } else {
            out.raw(data, 0, data.length);
        }
    }

    /** AT+CIPRXGET switched between 0 and 1: what waits goes out the new way. */
    void rxModeChanged() {
        if (transparent) {
            return;
        }
        recvNotice.reset();
        if (unread() > 0) {
            if (!session.settings().readManually) {
                queuePush();
            } else {
                reportReceived();
            }
        }
    }

    // ---- sending ----

    /** Whether a send would be taken now. */
    boolean writable() {
        return net != null && net.writable();
    }

    /**
     * The data of AT+CIPSEND: OK, then {@code +CIPSEND: <l>,<req>,<cnf>} once the stack took it
     * (or, with AT+CIPSENDMODE=1, once the peer acknowledged it); cnf -1 when the link is gone.
     */
    Reply send(byte[] data, InetSocketAddress to) {
        NetError error = net == null ? NetError.NOT_CONNECTED : net.send(data, to);
        if (error == null) {
            if (tcp && session.settings().reportOnAck) {
                ack.start((TcpConnection) net, data.length);
            } else {
                session.urc("+CIPSEND: " + id + "," + data.length + "," + data.length);
            }
            return Reply.ok();
        }
        if (error == NetError.NOT_CONNECTED) {
            session.urc("+CIPSEND: " + id + "," + data.length + ",-1");
            return Reply.ok();
        }
        if (error == NetError.BUFFER_FULL) {
            session.urc("+CIPSEND: " + id + "," + data.length + ",0");
            return Reply.ok();
        }
        return Sim7600Session.cipError(Sim7600Errors.of(error));
    }

    /** The module gives up on the link: {@code +IPCLOSE: <l>,<reason>}, the link is free again. */
    void closeByModule(int reason) {
        closed = true;
        connected = false;
        session.free(this);
        session.urc("+IPCLOSE: " + id + "," + reason);
    }

    // ---- network events, worded ----

    @Override
    public void opened(NetSocket socket) {
        openTimer.cancel();
        connected = true;
        Deferred waiting = opening;
        opening = null;
        if (waiting == null) {
            session.urc("+CIPOPEN: " + id + ",0");
        } else if (transparent) {
            waiting.complete(online.connect("115200"));
        } else {
            waiting.complete(Reply.ok("+CIPOPEN: " + id + ",0"));
        }
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        openTimer.cancel();
        closed = true;
        session.free(this);
        Deferred waiting = opening;
        opening = null;
        int err = Sim7600Errors.of(error);
        if (waiting == null) {
            session.urc("+CIPOPEN: " + id + "," + err);
        } else if (transparent) {
            waiting.complete(Reply.text("CONNECT FAIL"));
        } else {
            waiting.complete(
                    Reply.of(Final.ERROR, "+CIPOPEN: " + id + "," + err).because(Sim7600Errors.text(err)));
        }
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        ack.linkGone();
        if (transparent && online.online()) {
            online.remoteClosed();
            return;
        }
        if (!transparent && !session.settings().readManually && unread() > 0) {
            queuePush();
        }
        int reason =
                switch (cause) {
                    case PEER, ERROR -> 1;
                    case SEND_TIMEOUT -> 2;
                    case LOCAL, CONTEXT_LOST -> 0;
                };
        if (unread() == 0 && !push.queued()) {
            session.free(this);
        }
        session.urc("+IPCLOSE: " + id + "," + reason);
    }

    @Override
    public void writable(NetSocket socket) {
        if (transparent) {
            online.writable();
        }
    }

    /** Closes the socket at the host's (or the module's) request; no event follows. */
    void closeNow() {
        openTimer.cancel();
        ack.cancel();
        pushDelay.cancel();
        if (transparent) {
            online.stop();
        }
        if (net != null) {
            net.close();
        }
    }

    // ---- transparent mode ----

    /** ATO: back to online mode on this link (CONNECT 115200). */
    OnlineSession goOnline() {
        return online;
    }

    /**
     * The SIM7600's rules for transparent mode (L1110): the host's bytes go as they come; a close
     * ends it with {@code CLOSED}, then {@code +CIPCLOSE: <l>,0}, and frees the link.
     */
    private final class Transparent implements OnlineBridge.Owner {
        @Override
        public NetSocket net() {
            return net;
        }

        @Override
        public Final ended() {
            session.free(Sim7600Link.this);
            session.urc("+CIPCLOSE: " + id + ",0");
            return Final.text("CLOSED");
        }

        @Override
        public void left(boolean closedMeanwhile) {
            // A close while the host is away is +IPCLOSE; one that came while online, CLOSED after ATO.
        }
    }
}
