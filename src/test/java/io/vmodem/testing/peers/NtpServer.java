package io.vmodem.testing.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;

/**
 * An NTP server on loopback whose clock reads a time the test chooses (advancing with real time),
 * encoded by commons-net, so that time synchronisation is tested without the internet.
 */
public final class NtpServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile long offsetMillis;
    private volatile boolean silent;

    public NtpServer(Instant now) throws IOException {
        offsetMillis = now.toEpochMilli() - System.currentTimeMillis();
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "ntp-server");
        t.setDaemon(true);
        t.start();
    }

    public String host() {
        return socket.getLocalAddress().getHostAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    public NtpServer silent(boolean on) {
        silent = on;
        return this;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                requests.incrementAndGet();
                if (silent) {
                    continue;
                }
                NtpV3Impl request = new NtpV3Impl();
                request.setDatagramPacket(new DatagramPacket(in.getData(), in.getLength()));
                long now = System.currentTimeMillis() + offsetMillis;
                NtpV3Impl reply = new NtpV3Impl();
                reply.setMode(NtpV3Packet.MODE_SERVER);
                reply.setVersion(NtpV3Packet.VERSION_3);
                reply.setStratum(1);
                reply.setReferenceId(0x4c4f434c); // "LOCL"
                reply.setOriginateTimeStamp(request.getTransmitTimeStamp());
                reply.setReceiveTimeStamp(TimeStamp.getNtpTime(now));
                reply.setReferenceTime(TimeStamp.getNtpTime(now));
                reply.setTransmitTime(TimeStamp.getNtpTime(now));
                DatagramPacket out = reply.getDatagramPacket();
                out.setSocketAddress(in.getSocketAddress());
                socket.send(out);
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
