package io.vmodem.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real ICMP echo over IPv4 for the modems' ping commands. It uses an unprivileged ICMP datagram
 * socket where the host allows one (Linux {@code net.ipv4.ping_group_range}), a raw socket where
 * the process is privileged, and reports {@link NetError#NOT_ALLOWED} where neither works. Echoes
 * are blocking system calls, so they run on a small shared pool, never on an event loop.
 */
final class IcmpEcho implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IcmpEcho.class);

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final short POLLIN = 1;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;

    /** The outcome of one echo request. */
    record Echo(NetError error, InetAddress from, int bytes, long rttMicros, int ttl) {
        boolean ok() {
            return error == null;
        }
    }

    private final LibC libc = load();
    /**
     * Up to four pings wait for replies at once, on threads that end when idle. (With no core
     * threads an unbounded queue would never start a second one: every modem's ping would wait for
     * the one before.)
     */
    private final ThreadPoolExecutor pool = pool();

    private int nextId = (int) (System.nanoTime() & 0x7fff);

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vmodem-ping");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @SuppressWarnings("unused")
    public interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int sendto(int fd, byte[] buf, int len, int flags, SockaddrIn to, int tolen) throws LastErrorException;

        int recv(int fd, byte[] buf, int len, int flags) throws LastErrorException;

        int poll(PollFd fds, int nfds, int timeout) throws LastErrorException;

        int setsockopt(int fd, int level, int name, IntByReference value, int length) throws LastErrorException;

        int close(int fd);
    }

    @Structure.FieldOrder({"sin_family", "sin_port", "sin_addr", "sin_zero"})
    public static class SockaddrIn extends Structure {
        public short sin_family;
        public short sin_port;
        public byte[] sin_addr = new byte[4];
        public byte[] sin_zero = new byte[8];
    }

    @Structure.FieldOrder({"fd", "events", "revents"})
    public static class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }

    private static LibC load() {
        if (!Platform.isLinux() && !Platform.isMac()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("no libc: ping unavailable", e);
            return null;
        }
    }

    /**
     * Sends one echo request of {@code size} payload bytes to {@code target} and waits up to
     * {@code timeoutMillis} (real time) for the reply; {@code done} runs on the pool's thread.
     */
    void echo(InetAddress target, int size, int sequence, long timeoutMillis, Consumer<Echo> done) {
        echo(target, size, sequence, timeoutMillis, 0, done);
    }

    /** As above, with the request's IP time to live ({@code ttl} 0: the system's default). */
    void echo(InetAddress target, int size, int sequence, long timeoutMillis, int ttl, Consumer<Echo> done) {
        int id;
        synchronized (this) {
            id = nextId = (nextId + 1) & 0xffff;
        }
        pool.execute(() -> done.accept(echoNow(target, size, id, sequence, timeoutMillis, ttl)));
    }

    private Echo echoNow(InetAddress target, int size, int id, int sequence, long timeoutMillis, int ttl) {
        if (libc == null || !(target instanceof Inet4Address)) {
            return failed(NetError.NOT_ALLOWED);
        }
        int fd = -1;
        boolean raw = false;
        try {
            try {
                fd = libc.socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
            } catch (LastErrorException e) {
                fd = libc.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
                raw = true;
            }
            if (ttl > 0) {
                libc.setsockopt(fd, IPPROTO_IP, IP_TTL, new IntByReference(ttl), 4);
            }
            byte[] packet = request(id, sequence, size);
            SockaddrIn to = new SockaddrIn();
            to.sin_family = AF_INET;
            to.sin_addr = target.getAddress();
            long start = System.nanoTime();
            libc.sendto(fd, packet, packet.length, 0, to, to.size());
            byte[] buf = new byte[size + 128];
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return failed(NetError.TIMEOUT);
                }
                PollFd p = new PollFd();
                p.fd = fd;
                p.events = POLLIN;
                if (libc.poll(p, 1, (int) Math.min(left, Integer.MAX_VALUE)) <= 0) {
                    continue;
                }
                int n = libc.recv(fd, buf, buf.length, 0);
                long rtt = (System.nanoTime() - start) / 1000;
                Echo echo = parse(buf, n, raw, id, sequence, target, rtt);
                if (echo != null) {
                    return echo;
                }
            }
        } catch (LastErrorException e) {
            log.debug("ping {} failed: errno {}", target, e.getErrorCode());
            // EPERM/EACCES: neither socket kind is allowed here; anything else: unreachable.
            int errno = e.getErrorCode();
            return failed(errno == 1 || errno == 13 || errno == 93 ? NetError.NOT_ALLOWED : NetError.CONNECT_FAILED);
        } finally {
            if (fd >= 0) {
                libc.close(fd);
            }
        }
    }

    private static Echo failed(NetError e) {
        return new Echo(e, null, 0, 0, 0);
    }

    /** An echo request: type 8, code 0, checksum, identifier, sequence, payload. */
    static byte[] request(int id, int sequence, int size) {
        byte[] p = new byte[8 + size];
        p[0] = ECHO_REQUEST;
        p[4] = (byte) (id >> 8);
        p[5] = (byte) id;
        p[6] = (byte) (sequence >> 8);
        p[7] = (byte) sequence;
        for (int i = 0; i < size; i++) {
            p[8 + i] = (byte) ('a' + i % 23);
        }
        int sum = checksum(p);
        p[2] = (byte) (sum >> 8);
        p[3] = (byte) sum;
        return p;
    }

    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (data.length % 2 == 1) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * The reply in {@code buf}, or null when it is not ours. Raw sockets deliver the IP header (the
     * TTL is in it); datagram sockets deliver the ICMP message alone and rewrite the identifier,
     * so there the sequence alone matches and the TTL is the host's default.
     */
    private static Echo parse(byte[] buf, int n, boolean raw, int id, int sequence, InetAddress target, long rtt) {
        int offset = 0;
        int ttl = 64;
        if (raw) {
            if (n < 20) {
                return null;
            }
            offset = (buf[0] & 0x0f) * 4;
            ttl = buf[8] & 0xff;
            byte[] src = {buf[12], buf[13], buf[14], buf[15]};
            if (!java.util.Arrays.equals(src, target.getAddress())) {
                return null;
            }
        }
        if (n - offset < 8 || (buf[offset] & 0xff) != ECHO_REPLY) {
            return null;
        }
        int replyId = ((buf[offset + 4] & 0xff) << 8) | (buf[offset + 5] & 0xff);
        int replySeq = ((buf[offset + 6] & 0xff) << 8) | (buf[offset + 7] & 0xff);
        if (replySeq != sequence || (raw && replyId != id)) {
            return null;
        }
        return new Echo(null, target, n - offset - 8, rtt, ttl);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
