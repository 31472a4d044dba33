package io.vmodem.testing.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server the test drives by hand: it records what each client sent, and sends, stops reading
 * or closes when told. With {@code greeting} it writes those bytes to every client on accept.
 */
public final class ControlledServer implements AutoCloseable {
    private final ServerSocket server;
    private final LinkedBlockingQueue<Client> accepted = new LinkedBlockingQueue<>();
    private final byte[] greeting;
    private volatile boolean reading = true;
    private volatile Client last;

    public ControlledServer() throws IOException {
        this(new byte[0]);
    }

    public ControlledServer(byte[] greeting) throws IOException {
        this.greeting = greeting;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "controlled-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** Stop (or resume) reading from clients, so their sends back up: a peer that does not read. */
    public void reading(boolean on) {
        synchronized (this) {
            reading = on;
            notifyAll();
        }
    }

    public boolean reading() {
        return reading;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Client c = new Client(s);
                last = c;
                if (greeting.length > 0) {
                    s.getOutputStream().write(greeting);
                }
                accepted.add(c);
                Thread t = new Thread(c::read, "controlled-read");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The next client to connect, waiting up to 10 s. */
    public Client awaitClient() throws InterruptedException {
        Client c = accepted.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no client connected");
        }
        return c;
    }

    /** The most recent client, or null. */
    public Client last() {
        return last;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Client c;
        while ((c = accepted.poll()) != null) {
            c.close();
        }
        if (last != null) {
            last.close();
        }
    }

    /** One accepted connection. */
    public final class Client {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean closedByPeer;
        private volatile boolean resetByPeer;
        private volatile boolean closedHere;

        Client(Socket socket) {
            this.socket = socket;
        }

        public InetSocketAddress remote() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        public void send(byte[] data) throws IOException {
            socket.getOutputStream().write(data);
            socket.getOutputStream().flush();
        }

        /** Sends {@code data} from a thread of its own (a peer that streams while the test reads). */
        public Thread sendInBackground(byte[] data) {
            Thread t = new Thread(
                    () -> {
                        try {
                            send(data);
                        } catch (IOException e) {
                            // the connection went away; the test sees what arrived
                        }
                    },
                    "controlled-send");
            t.setDaemon(true);
            t.start();
            return t;
        }

        public void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Whether the other end closed the connection (this side read EOF). */
        public boolean closedByPeer() {
            return closedByPeer;
        }

        /** Whether the other end reset the connection (this side's read failed: a RST). */
        public boolean resetByPeer() {
            return resetByPeer;
        }

        /** Closes the connection (FIN). */
        public void close() throws IOException {
            closedHere = true;
            socket.close();
        }

        /** Everything received so far. */
        public byte[] received() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        /** Waits until at least {@code n} bytes have arrived; returns them all. */
        public byte[] awaitReceived(int n) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 20_000;
            synchronized (received) {
                while (received.size() < n) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new AssertionError("peer got " + received.size() + " of " + n + " bytes");
                    }
                    received.wait(left);
                }
                return received.toByteArray();
            }
        }

        void read() {
            var watched = PeerActivity.watch(socket, ControlledServer.this::reading);
            // Not closed on EOF: a FIN ends only the other direction, and a peer may still send.
            try {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                while (true) {
                    synchronized (ControlledServer.this) {
                        while (!reading) {
                            ControlledServer.this.wait();
                        }
                    }
                    int n = in.read(buf);
                    if (n < 0) {
                        closedByPeer = true;
                        return;
                    }
                    PeerActivity.begin();
                    synchronized (received) {
                        received.write(buf, 0, n);
                        received.notifyAll();
                    }
                    PeerActivity.end();
                }
            } catch (java.net.SocketException e) {
                // "Connection reset" when the other end reset it, "Socket closed" when this side closed it
                resetByPeer = !closedHere;
            } catch (IOException | InterruptedException e) {
                // closed
            } finally {
                PeerActivity.unwatch(watched);
            }
        }
    }
}
