package io.vmodem.dialect.bg96;

import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.common.Hex;
import io.vmodem.net.Datagram;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.UdpSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * How one socket's received bytes read to the host: the push-mode "recv" URCs (2.2.2) and the
 * AT+QIRD / AT+QSSLRECV answers, laid out as AT+QICFG "dataformat" and "viewmode" ask. The socket
 * decides when the host hears of data; this decides what it reads.
 */
final class Bg96ReceivedData {
    /** Most bytes one push-mode "recv" URC carries. */
    static final int PUSH_CHUNK = 1500;

    /** More than a push URC adds to its data: {@code \r\n+QIURC: "recv",11,1500\r\n}, and {@code \r\n} (29). */
    private static final int URC_FRAMING = 64;

    private final Bg96Socket socket;
    /** The stream's "recv" header up to the length, and with the length of a full piece: made once. */
    private String header, fullHeader;

    Bg96ReceivedData(Bg96Socket socket) {
        this.socket = socket;
    }

    /**
     * Push mode (2.2.2): one datagram a URC for UDP (with its sender for a UDP service: a client has
     * one peer), else up to 1500 bytes of the stream.
     */
    void push(Urc.UrcOutput out) {
        if (socket.net() instanceof UdpSocket u) {
            Datagram d = u.readDatagram();
            InetSocketAddress from = d.sender();
            String header = "+QIURC: \"recv\"," + socket.id() + "," + d.data().length;
            if (u.service()) {
                header += ",\"" + from.getAddress().getHostAddress() + "\"," + from.getPort();
            }
            pushed(out, header, d.data());
            return;
        }
        if (header == null) {
            header = socket.urc() + "\"recv\"," + socket.id() + ",";
            fullHeader = header + PUSH_CHUNK;
        }
        if (!socket.ssl() && (options().dataFormat().recvHex() || options().oneLine())) {
            byte[] chunk = socket.read(PUSH_CHUNK);
            pushed(out, header + chunk.length, chunk);
            return;
        }
        // Raw data on its own line: straight from the socket's buffer into the output.
        int n = Math.min(socket.unread(), PUSH_CHUNK);
        out.line(n == PUSH_CHUNK ? fullHeader : header + n);
        socket.read(PUSH_CHUNK, out.rawSink());
        out.lineEnd();
    }

    /**
     * How many bytes of a stream push mode writes to a link with {@code room} bytes free before the
     * link reports itself full: whole URCs, each counted with the longest header it can have; none
     * where a URC is not the bytes' size (hex, the data on the header's line, datagrams).
     */
    int pushableAtOnce(int room) {
        if (!(socket.net() instanceof TcpConnection)
                || options().dataFormat().recvHex()
                || options().oneLine()) {
            return 0;
        }
        return room / (PUSH_CHUNK + URC_FRAMING) * PUSH_CHUNK;
    }

    private void pushed(Urc.UrcOutput out, String header, byte[] data) {
        byte[] body = formatted(data);
        if (options().oneLine()) {
            // The header line carries the data: a framed line of header, comma and bytes.
            out.line(header + "," + new String(body, StandardCharsets.ISO_8859_1));
        } else {
            out.lineAndData(header, body, 0, body.length, true);
        }
    }

    /** Received data as AT+QICFG="dataformat" asks for it: raw, or two hex digits per byte. */
    private byte[] formatted(byte[] data) {
        // AT+QICFG's formats are the TCP/IP commands'; the SSL commands carry raw bytes.
        return !socket.ssl() && options().dataFormat().recvHex()
                ? Hex.encode(data).getBytes(StandardCharsets.ISO_8859_1)
                : data;
    }

    /**
     * An AT+QIRD answer: its header and the data as AT+QICFG="viewmode" lays them out, on two lines
     * (0) or on one, separated by a comma (1); then OK.
     */
    Reply readReply(String header, byte[] data) {
        byte[] body = formatted(data);
        if (socket.ssl() || !options().oneLine()) {
            return Reply.builder().line(header).data(body).ok();
        }
        byte[] head = (header + ",").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return Reply.builder().data(all).ok();
    }

    private Bg96Options options() {
        return socket.session.options();
    }
}
