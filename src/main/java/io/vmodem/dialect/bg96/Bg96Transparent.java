package io.vmodem.dialect.bg96;

import io.vmodem.at.AtEngine;
import io.vmodem.at.Final;
import io.vmodem.at.OnlineSession;
import io.vmodem.net.NetError;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.UdpSocket;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;

/**
 * Transparent access mode of one socket (manual 1.2): the port carries the socket's bytes both
 * ways. Bytes from the port are sent in packets of {@code transpktsize}; a shorter packet goes once
 * the port has been quiet for {@code transwaittm}. Bytes from the network go to the port as fast
 * as it takes them; while it does not, the socket stops reading and TCP holds the peer back.
 *
 * <p>"+++" (the engine's escape) switches the socket to buffer access mode without losing a byte:
 * what the port typed is sent at once, and what the network sent waits in the socket's buffer for
 * AT+QIRD, or for the return to transparent mode. A remote close ends the mode with NO CARRIER once
 * the port has every byte that arrived before it.
 */
final class Bg96Transparent implements OnlineSession {
    /** Bytes from the port held for the network before the port is asked to stop sending. */
    private static final int HOLD_LIMIT = 16 * 1024;
    /** Most bytes handed to the port at once. */
    private static final int TO_DTE_CHUNK = 4096;
    /** How soon a UDP send the socket refused (its buffer full) is tried again. */
    private static final Duration UDP_RETRY = Duration.ofMillis(10);

    private final Bg96Session session;
    private final Bg96Socket socket;
    private final AtEngine engine;
    private final Scheduler scheduler;
    private byte[] pending = new byte[512];
    private int pendingLength;
    /** Send short packets too: the wait time ran out, or the mode ended. */
    private boolean flushAll;

    private boolean inputPaused;
    private boolean online;
    private boolean remoteClosed;
    private Scheduler.Cancellable waitTimer = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable retryTimer = Scheduler.Cancellable.DONE;

    Bg96Transparent(Bg96Session session, Bg96Socket socket) {
        this.session = session;
        this.socket = socket;
        this.engine = session.engine();
        this.scheduler = session.modem().scheduler();
    }

    Bg96Socket socket() {
        return socket;
    }

    /** Whether the port is in transparent mode with this socket now. */
    boolean online() {
        return online;
    }

    /** Whether bytes from the port still wait to be sent. */
    boolean sending() {
        return pendingLength > 0;
    }

    // ---- the port's side ----

    @Override
    public void entered() {
        online = true;
        inputPaused = false;
        toDte();
    }

    @Override
    public void fromDte(byte[] data, int offset, int length) {
        if (remoteClosed) {
            return; // nobody to send to; NO CARRIER follows once the port has the rest
        }
        int direct = pendingLength == 0 ? sendWholePackets(data, offset, length) : 0;
        append(data, offset + direct, length - direct);
        waitTimer.cancel();
        send();
        if (pendingLength > 0 && !flushAll) {
            Duration wait = session.options().waitTime();
            if (wait.isZero()) {
                flushAll = true;
                send();
            } else {
                waitTimer = scheduler.schedule(this::waitedLongEnough, wait);
            }
        }
        updatePause();
    }

    @Override
    public void escaped() {
        online = false;
        waitTimer.cancel();
        flushAll = true;
        send();
        socket.leftTransparent(remoteClosed);
    }

    @Override
    public void dteWritable() {
        toDte();
    }

    // ---- the network's side ----

    void readable() {
        toDte();
    }

    void writable() {
        send();
        updatePause();
    }

    /** The peer closed (or the network dropped the connection). */
    void remoteClosed() {
        remoteClosed = true;
        pendingLength = 0;
        waitTimer.cancel();
        retryTimer.cancel();
        toDte();
    }

    /** The host closed the socket. */
    void stop() {
        online = false;
        pendingLength = 0;
        waitTimer.cancel();
        retryTimer.cancel();
    }

    private void waitedLongEnough() {
        flushAll = true;
        send();
        updatePause();
    }

    /** Sends whole packets, and the short rest too once {@link #flushAll}; stops at a full socket. */
    private void send() {
        int size = session.options().packetSize();
        int start = 0;
        while (pendingLength - start >= size || flushAll && pendingLength > start) {
            int n = Math.min(size, pendingLength - start);
            if (socket.net() instanceof TcpConnection) {
                n = flushAll ? pendingLength - start : (pendingLength - start) / size * size;
            }
            NetError error = sendPackets(pending, start, n);
            if (error == NetError.BUFFER_FULL) {
                if (socket.net() instanceof UdpSocket) {
                    retryTimer.cancel();
                    retryTimer = scheduler.schedule(this::writable, UDP_RETRY);
                }
                break; // TCP: the socket says when it is writable again
            }
            start += n; // sent, or the socket is gone and so is the data
        }
        System.arraycopy(pending, start, pending, 0, pendingLength - start);
        pendingLength -= start;
        if (pendingLength == 0) {
            flushAll = false;
        }
    }

    /**
     * With nothing pending, the whole packets in what the port sent go to a TCP socket straight from
     * the port's bytes; returns how many were sent.
     */
    private int sendWholePackets(byte[] data, int offset, int length) {
        int n = length / session.options().packetSize() * session.options().packetSize();
        if (n == 0 || !(socket.net() instanceof TcpConnection c) || c.send(data, offset, n) != null) {
            return 0;
        }
        return n;
    }

    /**
     * Packets in a row, as one datagram for UDP (one packet) or as one send for TCP: the peer of a
     * stream cannot tell packets apart, so whole packets in a row leave together, and a TCP socket
     * copies what it keeps.
     */
    private NetError sendPackets(byte[] bytes, int offset, int length) {
        if (socket.net() instanceof TcpConnection c) {
            return c.send(bytes, offset, length);
        }
        return socket.net() == null
                ? NetError.NOT_CONNECTED
                : socket.net().send(Arrays.copyOfRange(bytes, offset, offset + length), null);
    }

    private void append(byte[] data, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(data, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void updatePause() {
        boolean pause = pendingLength >= HOLD_LIMIT;
        if (online && pause != inputPaused) {
            inputPaused = pause;
            engine.pauseOnlineInput(pause);
        }
    }

    /** What the network delivered goes to the port as fast as the port takes it. */
    private void toDte() {
        while (online && engine.isOnline() && engine.dteWritable()) {
            int n = socket.unread();
            if (n == 0) {
                break;
            }
            socket.read(Math.min(n, TO_DTE_CHUNK), engine::toDte);
        }
        if (online && remoteClosed && socket.unread() == 0) {
            online = false;
            socket.transparentEnded();
            engine.leaveOnline(Final.NO_CARRIER);
        }
    }
}
