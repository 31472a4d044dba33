package io.vmodem.dialect.bc260y;

import io.vmodem.at.Urc;
import io.vmodem.dialect.common.DataPush;
import io.vmodem.dialect.common.Hex;
import io.vmodem.net.CloseCause;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TlsFailure;
import io.vmodem.net.TlsSettings;
import java.nio.charset.StandardCharsets;

/**
 * One SSL connection of the BC260Y-CN, named by its {@code <contextID>,<connectID>} (SSL note 2.3.2,
 * syntax of the BC660K-GL SSL application note): a TCP client with TLS on it, in non-transparent
 * mode, pushing what it receives in {@code +QSSLURC: "recv"} URCs and telling a close with {@code
 * +QSSLURC: "closed"}. The network connection does the work; this words its events.
 */
final class Bc260ySslConnection implements SocketEvents {
    /** Most bytes one "recv" URC carries ({@code <length>} 1-1400, SSL note 2.4.1). */
    static final int PUSH_CHUNK = 1400;

    private final Bc260ySession session;
    final int contextId;
    final int connectId;
    final String host;
    final int port;
    private TcpConnection net;
    private final DataPush push = new DataPush(this::dataWaits, this::pushPiece);

    Bc260ySslConnection(Bc260ySession session, int contextId, int connectId, String host, int port) {
        this.session = session;
        this.contextId = contextId;
        this.connectId = connectId;
        this.host = host;
        this.port = port;
    }

    /** {@code <contextID>,<connectID>}, as every command and URC names it. */
    String ids() {
        return contextId + "," + connectId;
    }

    void open(TlsSettings tls) {
        net = session.modem().network().connectTls(session.defaultContext(), host, port, 0, tls, this);
    }

    NetSocket net() {
        return net;
    }

    boolean connected() {
        return net != null && net.state() == SocketState.CONNECTED;
    }

    NetError send(byte[] data) {
        return net == null ? NetError.NOT_CONNECTED : net.send(data, null);
    }

    /** Closes at the host's request; no event follows. */
    void close() {
        if (net != null) {
            net.close();
        }
    }

    // ---- network events, worded ----

    @Override
    public void opened(NetSocket socket) {
        session.radio().answer(Urc.line("+QSSLOPEN: " + ids() + ",0"));
    }

    /** The connection is gone: its IDs are free at once, as after AT+QSSLCLOSE. */
    @Override
    public void openFailed(NetSocket socket, NetError error) {
        session.releaseSsl(this);
        session.radio().answer(Urc.line("+QSSLOPEN: " + ids() + "," + openError(socket, error)));
    }

    @Override
    public void readable(NetSocket socket) {
        push.arrived(session.radio()::downlink);
    }

    /**
     * {@code +QSSLURC: "closed",<contextID>,<connectID>} (2.4.2): the module closes the connection
     * itself, so the IDs are free without AT+QSSLCLOSE; what was received still reaches the host first.
     */
    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        session.radio().downlink(out -> {
            if (session.sslConnection(connectId) == this) {
                session.releaseSsl(this);
                out.line("+QSSLURC: \"closed\"," + ids());
            }
            return true;
        });
    }

    private boolean dataWaits() {
        return net != null && net.unread() > 0 && session.sslConnection(connectId) == this;
    }

    /**
     * {@code +QSSLURC: "recv",<contextID>,<connectID>,<length>,"<data>"} (2.4.1, the data quoted as
     * in the example of 3.1), at most 1400 bytes each, text or hex per the context's
     * {@code <recv_data_format>}.
     */
    private void pushPiece(Urc.UrcOutput out) {
        byte[] chunk = net.read(PUSH_CHUNK);
        String data = session.ssl().recvHex ? Hex.encode(chunk) : new String(chunk, StandardCharsets.ISO_8859_1);
        out.line("+QSSLURC: \"recv\"," + ids() + "," + chunk.length + ",\"" + data + "\"");
    }

    // ---- the note's result codes (chapter 4) ----

    /** 0 success; 1 exception, 2 connection, 3 certificate, 4 key, 5 cipher, 6 state, 7 timeout, 9 other. */
    static final int EXCEPTION = 1;

    static final int CONNECTION = 2;
    static final int CERTIFICATE = 3;
    static final int KEY = 4;
    static final int CIPHER = 5;
    static final int STATE = 6;
    static final int TIMEOUT = 7;
    static final int OTHER = 9;

    /**
     * The {@code <err>} of a failed AT+QSSLOPEN. The note names the codes but not which failure gives
     * which; vmodem takes them at their word: a server certificate refused (wrong CA, expired, none
     * configured) 3, a server that refuses the module's own certificate 3 as well, the module's
     * certificate or key unreadable 4, no version or suite in common 5, the handshake or connect
     * running past {@code "timeout"} 7, anything on the way to the server (DNS, refused, reset,
     * context) 2.
     */
    static int openError(NetSocket socket, NetError error) {
        if (error == NetError.TIMEOUT) {
            return TIMEOUT;
        }
        if (error != NetError.HANDSHAKE_FAILED) {
            return CONNECTION;
        }
        TlsFailure why = socket instanceof TcpConnection c ? c.handshakeFailure() : null;
        return switch (why == null ? TlsFailure.OTHER : why) {
            case UNTRUSTED, EXPIRED, REFUSED -> CERTIFICATE;
            case BAD_CREDENTIALS -> KEY;
            case NO_COMMON_PARAMETERS -> CIPHER;
            case TIMEOUT -> TIMEOUT;
            case PEER_CLOSED -> CONNECTION;
            case OTHER -> OTHER;
        };
    }
}
