package io.vmodem.testing.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP peer on loopback that echoes each datagram back to its sender and remembers it. */
public final class UdpEchoPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final LinkedBlockingQueue<DatagramPacket> received = new LinkedBlockingQueue<>();
    private volatile boolean echo = true;

    public UdpEchoPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::run, "udp-echo");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String host() {
        return socket.getLocalAddress().getHostAddress();
    }

    public void echo(boolean on) {
        echo = on;
    }

    /** Sends a datagram from this peer's port. */
    public void send(byte[] data, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    /** The next datagram received, waiting up to 10 s. */
    public DatagramPacket awaitDatagram() throws InterruptedException {
        DatagramPacket p = received.poll(10, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no datagram arrived");
        }
        return p;
    }

    private void run() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
                received.add(new DatagramPacket(data, data.length, p.getSocketAddress()));
                if (echo) {
                    socket.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
                }
            } catch (SocketTimeoutException e) {
                // keep going
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
