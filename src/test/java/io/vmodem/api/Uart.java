package io.vmodem.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** The host's end of a TCP link, as a firmware's UART over TCP would be: lines out, bytes in. */
final class Uart implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Uart(InetSocketAddress link) throws IOException {
        socket = new Socket(link.getAddress(), link.getPort());
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    Uart send(String line) throws IOException {
        socket.getOutputStream().write((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Bytes as they are, no line end: data after a prompt. */
    Uart write(String data) throws IOException {
        socket.getOutputStream().write(data.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Everything up to and including {@code end}. */
    String until(String end) throws IOException {
        while (!buf.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("waited for " + end + ", have: " + buf.toString(StandardCharsets.ISO_8859_1));
            }
            if (b < 0) {
                throw new AssertionError("link closed; have: " + buf.toString(StandardCharsets.ISO_8859_1));
            }
            buf.write(b);
        }
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        buf.reset();
        return s;
    }

    /** Sends {@code line} and returns the answer up to its final {@code OK}. */
    String command(String line) throws IOException {
        send(line);
        return until("OK\r\n");
    }

    /** Reads until the modem's end hangs up; what came before. */
    String untilClosed() throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
