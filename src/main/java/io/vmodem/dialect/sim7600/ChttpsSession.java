package io.vmodem.dialect.sim7600;

import io.vmodem.at.Reply;
import io.vmodem.dialect.common.ReceiveNotice;
import io.vmodem.net.CloseCause;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TlsSettings;
import java.util.Locale;

/**
 * The one session of the SIM7600's raw HTTP(S) service (AT+CHTTPSOPSE): a TLS connection (or plain
 * TCP for {@code <server_type>} 1) the host writes its request to with AT+CHTTPSSEND and reads the
 * response from with AT+CHTTPSRECV. The module does not frame HTTP here: bytes go as written and
 * come back as the server sent them. The network socket does the work; this class words its events.
 */
final class ChttpsSession implements SocketEvents {
    /** {@code <server_type>} 1: HTTP, plain TCP. */
    static final int HTTP = 1;
    /** {@code <server_type>} 2: HTTPS, the default. */
    static final int HTTPS = 2;

    private final Sim7600Session session;
    final String host;
    final int port;
    final int serverType;
    private TcpConnection net;
    private boolean closed;
    private final ReceiveNotice recvNotice = new ReceiveNotice();

    ChttpsSession(Sim7600Session session, String host, int port, int serverType) {
        this.session = session;
        this.host = host;
        this.port = port;
        this.serverType = serverType;
    }

    /** Starts the connection: TLS with {@code tls}, or plain TCP. */
    void open(TlsSettings tls) {
        var network = session.modem().network();
        var context = session.socketContext();
        net = serverType == HTTPS
                ? network.connectTls(context, host, port, 0, tls, this)
                : network.connectTcp(context, host, port, 0, this);
    }

    /** The connection, or null before it opens. */
    TcpConnection net() {
        return net;
    }

    boolean connected() {
        return !closed && net != null && net.state() == SocketState.CONNECTED;
    }

    /** Whether it is still opening (no +CHTTPSOPSE yet). */
    boolean opening() {
        return !closed && net != null && net.state() != SocketState.CONNECTED;
    }

    boolean closed() {
        return closed;
    }

    int unread() {
        return net == null ? 0 : net.unread();
    }

    /** The data of AT+CHTTPSSEND: OK, then {@code +CHTTPSSEND: 0}. */
    Reply send(byte[] data) {
        NetError error = connected() ? net.send(data) : NetError.NOT_CONNECTED;
        if (error != null) {
            return Reply.error().because("the HTTPS session: " + error.name().toLowerCase(Locale.ROOT));
        }
        session.urc("+CHTTPSSEND: " + CchService.OK);
        return Reply.ok();
    }

    /** AT+CHTTPSRECV=<max_recv_len>: {@code +CHTTPSRECV: DATA,<len>} pieces, then {@code +CHTTPSRECV: 0}. */
    void read(int max) {
        CachedReads.read(
                session,
                net,
                max,
                CchSession.CHUNK,
                n -> "+CHTTPSRECV: DATA," + n,
                "+CHTTPSRECV: 0",
                () -> recvNotice.read(unread()));
    }

    /** Closes the connection at the host's request; no event follows. */
    void close() {
        closed = true;
        if (net != null) {
            net.close();
        }
    }

    // ---- the network's events, worded ----

    @Override
    public void opened(NetSocket socket) {
        session.urc("+CHTTPSOPSE: " + CchService.OK);
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        closed = true;
        if (session.chttps().session == this) {
            session.chttps().session = null; // nothing to read or close
        }
        session.urc("+CHTTPSOPSE: " + CchService.openError(error, net == null ? null : net.handshakeFailure()));
    }

    @Override
    public void readable(NetSocket socket) {
        recvNotice.arrived(() -> session.urc("+CHTTPS: RECV EVENT"));
    }

    /**
     * {@code +CHTTPSNOTIFY: PEER CLOSED} however the connection ended under the session (the server
     * closed or reset it, the context dropped): what it received stays readable where the connection
     * kept it (a server's close), until AT+CHTTPSCLSE.
     */
    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        if (closed) {
            return;
        }
        closed = true;
        session.urc("+CHTTPSNOTIFY: PEER CLOSED");
    }
}
