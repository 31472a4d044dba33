package io.vmodem.dialect.bg96;

import io.vmodem.at.Deferred;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.DataPush;
import io.vmodem.dialect.common.OnlineBridge;
import io.vmodem.dialect.common.ReceiveNotice;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelSocket;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.net.CloseCause;
import io.vmodem.net.Datagram;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TcpListener;
import io.vmodem.net.UdpSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One connect ID of the BG96: the service the host opened on it and how its events are worded. The
 * network socket does the work; this class decides which URC the host sees, and when.
 */
public final class Bg96Socket extends QuectelSocket {
    /** The {@code <SSL_ctxID>} of a socket of AT+QIOPEN: it has none. */
    static final int NOT_SSL = -1;

    final Bg96Session session;
    final ServiceType type;
    final String remoteHost;
    final int remotePort;
    final int requestedLocalPort;
    final int serverId;
    AccessMode mode;
    /**
     * Where a UDP service sends when AT+QISEND names no peer: the remote given to AT+QIOPEN, when it
     * named one (a port other than 0); null otherwise.
     */
    InetSocketAddress serviceRemote;
    /**
     * The SSL context of an SSL client (AT+QSSLOPEN), whose events are worded {@code +QSSLOPEN} and
     * {@code +QSSLURC}; {@link #NOT_SSL} for a socket of AT+QIOPEN.
     */
    final int sslContextId;
    /** Set while a transparent-mode AT+QIOPEN waits to answer CONNECT or ERROR. */
    Deferred connectReply;
    /** The socket's transparent mode, once it has been in it. */
    private OnlineBridge transparent;

    private final ReceiveNotice recvNotice = new ReceiveNotice();
    private final Bg96ReceivedData received = new Bg96ReceivedData(this);
    private final DataPush push =
            new DataPush(() -> net != null && mode == AccessMode.PUSH && unread() > 0, received::push);
    private boolean closeReported;

    Bg96Socket(
            Bg96Session session,
            int id,
            ServiceType type,
            int contextId,
            String remoteHost,
            int remotePort,
            int localPort,
            int serverId,
            AccessMode mode,
            int sslContextId) {
        super(id, contextId);
        this.sslContextId = sslContextId;
        this.session = session;
        this.type = type;
        this.remoteHost = remoteHost;
        this.remotePort = remotePort;
        this.requestedLocalPort = localPort;
        this.serverId = serverId;
        this.mode = mode;
    }

    /**
     * An SSL client of AT+QSSLOPEN (SSL manual 2.2): a TCP client with TLS on it, numbered by its
     * {@code <clientID>}, its events worded as the SSL manual words them; everything else as a
     * socket of AT+QIOPEN in the same access mode.
     */
    static Bg96Socket sslClient(
            Bg96Session session,
            int clientId,
            int contextId,
            int sslContextId,
            String host,
            int port,
            AccessMode mode) {
        return new Bg96Socket(
                session, clientId, ServiceType.TCP, contextId, host, port, 0, clientId, mode, sslContextId);
    }

    /** Whether this is an SSL client (AT+QSSLOPEN). */
    boolean ssl() {
        return sslContextId >= 0;
    }

    /** Starts the TLS connection of an SSL client. */
    void openTls(io.vmodem.net.TlsSettings tls) {
        net = session.modem()
                .network()
                .connectTls(session.modem().network().context(contextId), remoteHost, remotePort, 0, tls, this);
    }

    /** {@code +QIURC: } or, for an SSL client, {@code +QSSLURC: }. */
    String urc() {
        return ssl() ? "+QSSLURC: " : "+QIURC: ";
    }

    /** The {@code <err>} of a failed open: the TCP/IP codes, and for TLS {@link Bg96SslCommands#openError}. */
    private int openError(NetSocket socket, NetError error) {
        return ssl() ? Bg96SslCommands.openError(socket, error) : QuectelErrors.of(error);
    }

    /** The +QSSLSTATE line (SSL manual 2.6). */
    String sslStateLine() {
        InetSocketAddress local = net == null ? null : net.localAddress();
        InetSocketAddress remote = net == null ? null : net.remoteAddress();
        String ip = remote != null ? remote.getAddress().getHostAddress() : remoteHost;
        int rport = remote != null ? remote.getPort() : remotePort;
        int lport = local != null ? local.getPort() : 0;
        return "+QSSLSTATE: " + id + ",\"SSLClient\",\"" + ip + "\"," + rport + "," + lport + "," + state() + ","
                + contextId + "," + serverId + "," + mode.code() + ",\"" + session.atPort() + "\"," + sslContextId;
    }

    public ServiceType type() {
        return type;
    }

    public AccessMode mode() {
        return mode;
    }

    @Override
    public void answerOpenWith(Deferred reply) {
        connectReply = reply;
    }

    /** {@code <socket_state>} of AT+QISTATE: 0 initial .. 4 closing. */
    public int state() {
        if (net == null) {
            return 0;
        }
        return switch (net.state()) {
            case OPENING -> 1;
            case CONNECTED -> 2;
            case LISTENING -> 3;
            case CLOSING -> 4;
            case CLOSED -> closeReported ? 4 : 0;
        };
    }

    /** The +QISTATE line (2.1.6). */
    @Override
    public String stateLine() {
        InetSocketAddress local = net == null ? null : net.localAddress();
        InetSocketAddress remote = net == null ? null : net.remoteAddress();
        String ip;
        int rport;
        if (type == ServiceType.TCP_LISTENER || type == ServiceType.UDP_SERVICE) {
            ip = session.contextAddress(contextId);
            rport = 0;
        } else {
            ip = remote != null ? remote.getAddress().getHostAddress() : remoteHost;
            rport = remote != null ? remote.getPort() : remotePort;
        }
        int lport = local != null ? local.getPort() : requestedLocalPort;
        return "+QISTATE: " + id + ",\"" + type.wording() + "\",\"" + ip + "\"," + rport + "," + lport + "," + state()
                + "," + contextId + "," + serverId + "," + mode.code() + ",\"" + session.atPort() + "\"";
    }

    // ---- data ----

    long received() {
        return net == null ? 0 : net.received();
    }

    long readTotal() {
        return net == null ? 0 : net.readTotal();
    }

    /** Reads for AT+QIRD; re-arms the "recv" URC once the buffer is empty. */
    byte[] read(int max) {
        byte[] data = net == null ? new byte[0] : net.read(max);
        recvNotice.read(unread());
        return data;
    }

    /** As {@link #read(int)}, the bytes handed to {@code to} in pieces valid during the call. */
    int read(int max, Consumer<ByteBuffer> to) {
        int n = net == null ? 0 : net.read(max, to);
        recvNotice.read(unread());
        return n;
    }

    /** One whole datagram of a UDP service, for AT+QIRD. */
    Datagram readDatagram() {
        Datagram d = net instanceof UdpSocket u ? u.readDatagram() : null;
        recvNotice.read(unread());
        return d;
    }

    // ---- network events, worded ----

    @Override
    public void opened(NetSocket socket) {
        if (connectReply != null) {
            Deferred reply = connectReply;
            connectReply = null;
            reply.complete(enterTransparent());
            return;
        }
        session.radio().answer((ssl() ? "+QSSLOPEN: " : "+QIOPEN: ") + id + ",0");
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        session.release(this);
        int code = openError(socket, error);
        if (connectReply != null) {
            Deferred reply = connectReply;
            connectReply = null;
            reply.complete(session.fail(code, Bg96SslCommands.why(socket, error)));
            return;
        }
        session.radio().answer((ssl() ? "+QSSLOPEN: " : "+QIOPEN: ") + id + "," + code);
    }

    // ---- transparent access mode ----

    /** Switches the port to this socket's bytes: CONNECT (AT+QIOPEN, AT+QISWTMD, ATO). */
    Reply enterTransparent() {
        mode = AccessMode.TRANSPARENT;
        if (transparent == null) {
            transparent = new OnlineBridge(session.engine(), session.modem().scheduler(), new Transparent());
        }
        session.lastTransparent(this);
        return transparent.connect("");
    }

    /**
     * The BG96's rules for transparent mode (1.2): packets of {@code transpktsize}, sent after
     * {@code transwaittm} of quiet; a remote close ends it with NO CARRIER.
     */
    private final class Transparent implements OnlineBridge.Owner {
        @Override
        public NetSocket net() {
            return net;
        }

        @Override
        public int packetSize() {
            return session.options().packetSize();
        }

        @Override
        public Duration waitTime() {
            return session.options().waitTime();
        }

        @Override
        public Final ended() {
            transparentEnded();
            return Final.NO_CARRIER;
        }

        @Override
        public void left(boolean closedMeanwhile) {
            leftTransparent(closedMeanwhile);
        }
    }

    /** Whether the port carries this socket's bytes now. */
    boolean online() {
        return transparent != null && transparent.online();
    }

    /**
     * "+++" or DTR: the socket goes on in buffer access mode (1.2); what arrived meanwhile is
     * reported as in that mode, and a close the host did not hear of as NO CARRIER is reported now.
     */
    private void leftTransparent(boolean closedMeanwhile) {
        mode = AccessMode.BUFFER;
        session.lastTransparent(this);
        modeChanged();
        if (closedMeanwhile && !closeReported) {
            closeReported = true;
            session.urc(urc() + "\"closed\"," + id);
        }
    }

    /** A remote close ended transparent mode with NO CARRIER: that was the host's notice. */
    private void transparentEnded() {
        closeReported = true;
        session.lastTransparent(this);
    }

    @Override
    public void writable(NetSocket socket) {
        if (transparent != null) {
            transparent.writable();
        }
    }

    @Override
    public void readable(NetSocket socket) {
        if (mode == AccessMode.TRANSPARENT) {
            if (online()) {
                transparent.readable();
            }
            // Not entered yet (an incoming connection of a transparent listener): the data waits.
        } else if (mode == AccessMode.PUSH) {
            push.arrived(session.radio()::downlink);
        } else if (mode == AccessMode.BUFFER) {
            recvNotice.arrived(() -> session.radio().downlink(urc() + "\"recv\"," + id));
        }
    }

    @Override
    public int takesAtOnce(NetSocket socket) {
        return mode == AccessMode.PUSH && !push.queued()
                ? received.pushableAtOnce(session.radio().downlinkRoom())
                : 0;
    }

    /**
     * A client connected to this listener (2.2.4): it takes the highest free connect ID, as the
     * manual's example shows (ID 11 for a listener on 1), with the listener's access mode. With no
     * free ID the client is refused and the host hears "incoming full" (2.2.3).
     */
    @Override
    public SocketEvents incoming(TcpListener listener, TcpConnection connection) {
        int free = session.freeIdFromTop();
        if (free < 0) {
            session.radio().downlink("+QIURC: \"incoming full\"");
            return null;
        }
        InetSocketAddress peer = connection.remoteAddress();
        Bg96Socket accepted = new Bg96Socket(
                session,
                free,
                ServiceType.TCP_INCOMING,
                contextId,
                peer.getAddress().getHostAddress(),
                peer.getPort(),
                requestedLocalPort,
                id,
                mode,
                NOT_SSL);
        accepted.net = connection;
        session.claim(accepted);
        session.radio()
                .downlink("+QIURC: \"incoming\"," + free + "," + id + ",\""
                        + peer.getAddress().getHostAddress() + "\"," + peer.getPort());
        return accepted;
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        if (online()) {
            transparent.remoteClosed();
            return;
        }
        if (!closeReported) {
            closeReported = true;
            session.radio().downlink(urc() + "\"closed\"," + id);
        }
    }

    /**
     * An AT+QIRD or AT+QSSLRECV answer: its header and the data as AT+QICFG="viewmode" lays them out;
     * then OK.
     */
    Reply readReply(String header, byte[] data) {
        return received.readReply(header, data);
    }

    /** After AT+QISWTMD changes the mode, report what is already waiting in the new mode's way. */
    void modeChanged() {
        recvNotice.reset();
        if (unread() > 0 && net != null && net.state() != SocketState.CLOSED) {
            readable(net);
        }
    }

    @Override
    public void close() {
        if (transparent != null) {
            transparent.stop();
        }
        super.close();
    }
}
