package io.vmodem.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** The host's end of a TCP link, as a firmware's UART over TCP would be: lines out (ended by CR), bytes in. */
public final class HostUart implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private String lineEnd = "\r";

    public HostUart(InetSocketAddress link) throws IOException {
        socket = new Socket(link.getAddress(), link.getPort());
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
    }

    /** Ends the lines {@link #send} writes with {@code end} (CR by default, as V.250's S3). */
    public HostUart endingLinesWith(String end) {
        lineEnd = end;
        return this;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public HostUart send(String line) throws IOException {
        socket.getOutputStream().write((line + lineEnd).getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Bytes as they are, no line end: data after a prompt. */
    public HostUart write(String data) throws IOException {
        socket.getOutputStream().write(data.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Everything up to and including {@code end}. */
    public String until(String end) throws IOException {
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
    public String command(String line) throws IOException {
        send(line);
        return until("OK\r\n");
    }

    /** Reads until the modem's end hangs up; what came before. */
    public String untilClosed() throws IOException {
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
