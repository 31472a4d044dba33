package io.vmodem.testing.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP client on loopback that connects to a modem's listener: it sends what the test tells it and
 * records what the modem sends back.
 */
public final class TcpClientPeer implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean ended;

    public TcpClientPeer(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        Thread t = new Thread(this::read, "client-peer-read");
        t.setDaemon(true);
        t.start();
    }

    /** {@code host:port}. */
    public static TcpClientPeer connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return new TcpClientPeer(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the modem closed the connection. */
    public boolean ended() {
        return ended;
    }

    /** Waits until at least {@code n} bytes have arrived; returns them all. */
    public byte[] awaitReceived(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        synchronized (received) {
            while (received.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("client got " + received.size() + " of " + n + " bytes");
                }
                received.wait(left);
            }
            return received.toByteArray();
        }
    }

    /** Waits until the modem closes the connection. */
    public void awaitEnd() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        synchronized (received) {
            while (!ended) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("the modem did not close the connection");
                }
                received.wait(left);
            }
        }
    }

    private void read() {
        var watched = PeerActivity.watch(socket, () -> true);
        try (InputStream in = socket.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                PeerActivity.begin();
                synchronized (received) {
                    received.write(buf, 0, n);
                    received.notifyAll();
                }
                PeerActivity.end();
            }
        } catch (IOException e) {
            // closed or reset
        } finally {
            PeerActivity.unwatch(watched);
            synchronized (received) {
                ended = true;
                received.notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
