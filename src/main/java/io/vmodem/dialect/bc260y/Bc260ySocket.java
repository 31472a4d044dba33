package io.vmodem.dialect.bc260y;

import io.vmodem.at.Urc;
import io.vmodem.dialect.common.DataPush;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelSocket;
import io.vmodem.net.CloseCause;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketState;
import java.nio.charset.StandardCharsets;

/**
 * One connect ID of the BC260Y (0-4): the client the host opened on it, always in direct push mode,
 * and how its events are worded (guide 2.3.2-2.3.5, 2.4). The network socket does the work.
 */
public final class Bc260ySocket extends QuectelSocket {
    /** Most bytes of received data one "recv" URC carries (guide 2.4 note 4). */
    static final int PUSH_CHUNK = 1024;

    /** More than a "recv" URC adds to its data: {@code \r\n+QIURC: "recv",4,1024,} and {@code \r\n} (26). */
    private static final int URC_FRAMING = 64;

    private final Bc260ySession session;
    final boolean tcp;
    final String host;
    final int remotePort;
    final int localPort;
    private boolean openFailed;
    private final DataPush push = new DataPush(this::dataWaits, this::pushPiece);
    private boolean closeReported;

    Bc260ySocket(
            Bc260ySession session, int id, boolean tcp, int contextId, String host, int remotePort, int localPort) {
        super(id, contextId);
        this.session = session;
        this.tcp = tcp;
        this.host = host;
        this.remotePort = remotePort;
        this.localPort = localPort;
    }

    /**
     * {@code <socket_state>} (2.3.4): 0 initial (also after a failed open, until AT+QICLOSE), 1
     * connecting, 2 connected, 4 "remote closing" while the peer's close is not yet reported, 3
     * "closing" once "closed" has been reported (2.4.1).
     */
    int state() {
        if (openFailed || net == null) {
            return 0;
        }
        return switch (net.state()) {
            case OPENING -> 1;
            case CONNECTED, LISTENING -> 2;
            case CLOSING -> closeReported ? 3 : 4;
            case CLOSED -> closeReported ? 3 : 0;
        };
    }

    /** Whether data may be sent now. */
    boolean connected() {
        return !openFailed && net != null && net.state() == SocketState.CONNECTED;
    }

    /**
     * {@code +QISTATE: <connectID>,<service_type>,<host>,<remote_port>,<local_port>,<socket_state>,
     * <contextID>,<access_mode>}: the host as the host gave it, the local port as requested (0 when
     * the module picks one), as in the guide's example 4.1.2.
     */
    @Override
    public String stateLine() {
        return "+QISTATE: " + id + ",\"" + (tcp ? "TCP" : "UDP") + "\",\"" + host + "\"," + remotePort + "," + localPort
                + "," + state() + "," + contextId + "," + AccessMode.PUSH.code();
    }

    /** Sends; null on success. */
    NetError send(byte[] data) {
        return net == null ? NetError.NOT_CONNECTED : net.send(data, null);
    }

    // ---- network events, worded ----

    @Override
    public void opened(NetSocket socket) {
        session.radio().answer(Urc.line("+QIOPEN: " + id + ",0"));
    }

    /** The ID stays taken, in state 0, until AT+QICLOSE (2.3.2 note 3). */
    @Override
    public void openFailed(NetSocket socket, NetError error) {
        openFailed = true;
        session.radio().answer(Urc.line("+QIOPEN: " + id + "," + QuectelErrors.of(error)));
    }

    @Override
    public void readable(NetSocket socket) {
        push.arrived(session.radio()::downlink);
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        session.radio().downlink(out -> {
            if (session.socket(id) == this) {
                closeReported = true;
                out.line("+QIURC: \"closed\"," + id);
            }
            return true;
        });
    }

    /**
     * With nothing queued, the radio hearing at once and the engine idle: as many whole URCs' data
     * as the host's link takes, each counted with its framing (and twice its bytes in hex).
     */
    @Override
    public int takesAtOnce(NetSocket socket) {
        if (push.queued()) {
            return 0;
        }
        int urcBytes = (session.dataFormat().recvHex() ? 2 * PUSH_CHUNK : PUSH_CHUNK) + URC_FRAMING;
        return session.radio().downlinkRoom() / urcBytes * PUSH_CHUNK;
    }

    private byte[] read(int max) {
        return net == null ? new byte[0] : net.read(max);
    }

    /** Data waits for a push, and this socket still holds its ID. */
    private boolean dataWaits() {
        return net != null && unread() > 0 && session.socket(id) == this;
    }

    /**
     * {@code +QIURC: "recv",<connectID>,<current_recv_length>,<data>} (2.4.2), at most 1024 bytes
     * each, text or hex per the receive data format. The data leaves the socket's buffer only as fast
     * as the host's link takes it, so a slow host holds the peer back instead of filling memory.
     */
    private void pushPiece(Urc.UrcOutput out) {
        byte[] chunk = read(PUSH_CHUNK);
        String data =
                session.dataFormat().recvHex() ? Hex.encode(chunk) : new String(chunk, StandardCharsets.ISO_8859_1);
        out.line("+QIURC: \"recv\"," + id + "," + chunk.length + "," + data);
    }
}
