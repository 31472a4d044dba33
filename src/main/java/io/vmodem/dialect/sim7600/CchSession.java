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
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TlsFailure;
import io.vmodem.net.TlsSettings;

/**
 * One session (0–1) of the SIM7600's SSL client service (AT+CCHOPEN): a TCP or a TLS connection,
 * its data read as AT+CCHSET says (pushed in {@code +CCHRECV: DATA} URCs, or cached with a {@code
 * +CCHEVENT: <session_id>,RECV EVENT} notice for AT+CCHRECV), or carried in transparent mode
 * (AT+CCHMODE=1). The network socket does the work; this class words its events.
 */
final class CchSession implements io.vmodem.net.SocketEvents {
    /** Most bytes one {@code +CCHRECV: DATA} piece carries. */
    static final int CHUNK = 1500;

    final Sim7600Session session;
    final CchService service;
    final int id;
    final String host;
    final int port;
    /** {@code <client_type>}: 1 TCP, 2 SSL/TLS. */
    final int clientType;
    /** {@code <bind_port>}: the local port, or 0 for any. */
    final int bindPort;

    final boolean transparent;
    TcpConnection net;
    /** The open AT+CCHOPEN waits for, in transparent mode (CONNECT or its failure). */
    Deferred opening;

    private boolean closed;
    private final ReceiveNotice recvNotice = new ReceiveNotice();
    private final DataPush push = new DataPush(this::pushWaits, this::pushPiece, this::drained);
    private final OnlineBridge online;

    CchSession(
            Sim7600Session session, CchService service, int id, String host, int port, int clientType, int bindPort) {
        this.session = session;
        this.service = service;
        this.id = id;
        this.host = host;
        this.port = port;
        this.clientType = clientType;
        this.bindPort = bindPort;
        this.transparent = service.transparent() && id == 0;
        this.online = transparent ? new OnlineBridge(session.engine(), session.scheduler(), new Transparent()) : null;
    }

    /** Starts the connection: plain TCP, or TLS with {@code tls}. */
    void open(TlsSettings tls) {
        var network = session.modem().network();
        var context = session.socketContext();
        net = clientType == CchService.TLS
                ? network.connectTls(context, host, port, bindPort, tls, this)
                : network.connectTcp(context, host, port, bindPort, this);
    }

    boolean connected() {
        return !closed && net != null && net.state() == SocketState.CONNECTED;
    }

    int unread() {
        return net == null ? 0 : net.unread();
    }

    // ---- receiving ----

    @Override
    public void readable(NetSocket socket) {
        if (transparent) {
            online.readable();
        } else if (service.manualReceive()) {
            recvNotice.arrived(() -> session.urc("+CCHEVENT: " + id + ",RECV EVENT"));
        } else {
            push.arrived(session::urc);
        }
    }

    /** AT+CCHRECV=<session_id>[,<max_recv_len>]: the pieces as URCs, then {@code +CCHRECV: <id>,0}. */
    void readCached(int max) {
        CachedReads.read(
                session, net, max, CHUNK, n -> "+CCHRECV: DATA," + id + "," + n, "+CCHRECV: " + id + ",0", () -> {
                    recvNotice.read(unread());
                    drained();
                });
    }

    private boolean pushWaits() {
        return net != null && !transparent && !service.manualReceive() && unread() > 0;
    }

    private void pushPiece(Urc.UrcOutput out) {
        int n = Math.min(unread(), CHUNK);
        out.line("+CCHRECV: DATA," + id + "," + n);
        net.read(n, out.rawSink());
    }

    /** A session the network closed is released once the host has everything it received. */
    private void drained() {
        if (closed && unread() == 0) {
            service.release(this);
        }
    }

    /** AT+CCHSET changed how data is received: what waits goes out the new way. */
    void receiveModeChanged() {
        recvNotice.reset();
        if (unread() > 0 && !transparent) {
            readable(net);
        }
    }

    // ---- sending ----

    /** The data of AT+CCHSEND: OK, and {@code +CCHSEND: <id>,0} when AT+CCHSET asked for it. */
    Reply send(byte[] data) {
        NetError error = connected() ? net.send(data) : NetError.NOT_CONNECTED;
        if (error != null) {
            return Reply.error().because("session " + id + ": " + error.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (service.reportSendResult()) {
            session.urc("+CCHSEND: " + id + ",0");
        }
        return Reply.ok();
    }

    // ---- the network's events, worded ----

    @Override
    public void opened(NetSocket socket) {
        Deferred waiting = opening;
        opening = null;
        if (waiting != null) {
            waiting.complete(online.connect("115200"));
        } else {
            session.urc("+CCHOPEN: " + id + ",0");
        }
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        closed = true;
        service.release(this);
        int err = CchService.openError(error, net == null ? null : net.handshakeFailure());
        Deferred waiting = opening;
        opening = null;
        String why = net != null && net.handshakeFailure() != null
                ? "TLS handshake failed: " + net.handshakeFailure().name().toLowerCase(java.util.Locale.ROOT)
                : CchService.text(err);
        if (waiting != null) {
            waiting.complete(
                    Reply.of(Final.ERROR, "+CCHOPEN: " + id + "," + err).because(why));
        } else {
            session.urc("+CCHOPEN: " + id + "," + err);
        }
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (transparent && online.online()) {
            online.remoteClosed();
            return;
        }
        session.urc(closeUrc(cause));
        if (unread() == 0 && !push.queued()) {
            service.release(this);
        }
    }

    /**
     * {@code +CCH_PEER_CLOSED: <id>} when the server closed; {@code +CCH_RECV_CLOSED: <id>,<err>}
     * when the connection broke under the session (a reset: peer closed, 4; the network: 9; sent data
     * never acknowledged: 18).
     */
    private String closeUrc(CloseCause cause) {
        return switch (cause) {
            case PEER, LOCAL -> "+CCH_PEER_CLOSED: " + id;
            case ERROR -> "+CCH_RECV_CLOSED: " + id + "," + CchService.PEER_CLOSED;
            case CONTEXT_LOST -> "+CCH_RECV_CLOSED: " + id + "," + CchService.NETWORK_ERROR;
            case SEND_TIMEOUT -> "+CCH_RECV_CLOSED: " + id + "," + CchService.SEND_TIMEOUT;
        };
    }

    @Override
    public void writable(NetSocket socket) {
        if (transparent) {
            online.writable();
        }
    }

    /** Closes the connection at the host's request; no event follows. */
    void close() {
        closed = true;
        if (transparent) {
            online.stop();
        }
        if (net != null) {
            net.close();
        }
    }

    /** Why the handshake failed, or null. */
    TlsFailure handshakeFailure() {
        return net == null ? null : net.handshakeFailure();
    }

    // ---- transparent mode ----

    /** Whether ATO may return to this session: connected, or closed with data still to deliver. */
    boolean canReturn() {
        return transparent && net != null && (connected() || unread() > 0);
    }

    OnlineSession goOnline() {
        return online;
    }

    /**
     * The end of transparent mode when the connection ends: {@code CLOSED}, then {@code
     * +CCH_PEER_CLOSED: 0} (as a TCP link ends it with CLOSED and +CIPCLOSE), and the session is free.
     */
    private final class Transparent implements OnlineBridge.Owner {
        @Override
        public NetSocket net() {
            return net;
        }

        @Override
        public Final ended() {
            service.release(CchSession.this);
            session.urc("+CCH_PEER_CLOSED: " + id);
            return Final.text("CLOSED");
        }

        @Override
        public void left(boolean closedMeanwhile) {
            if (closedMeanwhile) {
                session.urc("+CCH_PEER_CLOSED: " + id);
            }
        }
    }
}
