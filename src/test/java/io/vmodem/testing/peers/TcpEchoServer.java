package io.vmodem.testing.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP echo server on loopback, on an ephemeral port: everything a client sends comes back. */
public final class TcpEchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<java.net.InetSocketAddress> peers = new CopyOnWriteArrayList<>();

    public TcpEchoServer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "echo-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** The addresses clients connected from, in order. */
    public List<java.net.InetSocketAddress> peers() {
        return peers;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                peers.add((java.net.InetSocketAddress) s.getRemoteSocketAddress());
                Thread t = new Thread(() -> echo(s), "echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket s) {
        var watched = PeerActivity.watch(s, () -> true);
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                PeerActivity.begin();
                try {
                    out.write(buf, 0, n);
                } finally {
                    PeerActivity.end();
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            PeerActivity.unwatch(watched);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
