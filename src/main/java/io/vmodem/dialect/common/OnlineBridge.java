package io.vmodem.dialect.common;

import io.vmodem.at.AtEngine;
import io.vmodem.at.Final;
import io.vmodem.at.OnlineSession;
import io.vmodem.at.Reply;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.UdpSocket;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;

/**
 * Online (transparent) data mode over one socket: the one bridge every dialect enters it through
 * (BG96 access mode 2, SIM7600 AT+CIPMODE=1). The engine owns the escape and its guard times; a
 * dialect supplies, through its {@link Owner}, the socket, its packet rules and the wording of the
 * ends. Nordic's {@code enter_datamode(handler, len)} is the model: one entry, a handler and an end.
 *
 * <p>Bytes from the host go to the network in packets of {@link Owner#packetSize()}; a shorter
 * packet goes once the host has been quiet for {@link Owner#waitTime()}. A TCP peer cannot tell
 * packets apart, so whole packets in a row leave in one send; a UDP packet is one datagram. While
 * the socket takes no more, the bytes wait here, and past {@link #HOLD_LIMIT} the host is asked to
 * stop sending. Bytes from the network go to the host as fast as its link takes them; while it
 * takes none the socket's buffer fills and TCP holds the peer back.
 *
 * <p>How it ends: the escape or DTR ({@link #escaped}: what the host typed is sent, what the network
 * sent waits in the socket); a close by the peer or the network, a lost context included
 * ({@link #remoteClosed}: once the host has every byte that came before it, the dialect's final);
 * the host closing the socket ({@link #stop}). A power-down resets the engine and closes the
 * socket under it.
 */
public final class OnlineBridge implements OnlineSession {
    /** Bytes from the host held for the network before the host is asked to stop sending. */
    public static final int HOLD_LIMIT = 16 * 1024;

    /** Most bytes handed to the host's link at once. */
    private static final int TO_DTE_CHUNK = 4096;

    /** How soon a UDP send the socket refused (its buffer full) is tried again: UDP says no "writable". */
    private static final Duration UDP_RETRY = Duration.ofMillis(10);

    /** What a dialect decides about its online mode: the socket, its packet rules, its wording. */
    public interface Owner {
        /** The socket the mode carries; null once there is none. */
        NetSocket net();

        /** Most bytes one packet to the network carries (BG96 {@code transpktsize}); no limit here. */
        default int packetSize() {
            return Integer.MAX_VALUE;
        }

        /** How long a short packet waits for more bytes from the host (BG96 {@code transwaittm}). */
        default Duration waitTime() {
            return Duration.ZERO;
        }

        /**
         * The connection ended while online and the host has every byte that came before the end:
         * the final result that ends the mode ({@code NO CARRIER}, {@code CLOSED}). URCs queued here
         * come out after it.
         */
        Final ended();

        /**
         * The host left online mode (escape or DTR; the engine answers {@code OK}). {@code
         * closedMeanwhile}: the connection ended while online and the host has not been told.
         */
        void left(boolean closedMeanwhile);
    }

    private final AtEngine engine;
    private final Scheduler scheduler;
    private final Owner owner;

    private byte[] pending = new byte[512];
    private int pendingLength;
    /** Send short packets too: the wait time ran out, or the mode ended. */
    private boolean flushAll;

    private boolean inputPaused;
    private boolean online;
    private boolean remoteClosed;
    private Scheduler.Cancellable waitTimer = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable retryTimer = Scheduler.Cancellable.DONE;

    public OnlineBridge(AtEngine engine, Scheduler scheduler, Owner owner) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.owner = owner;
    }

    /** The reply that enters online mode: {@code CONNECT}, then {@code suffix} when not empty. */
    public Reply connect(String suffix) {
        return Reply.connect(suffix, this);
    }

    /** Whether the host's port carries this socket's bytes now. */
    public boolean online() {
        return online;
    }

    // ---- the host's side ----

    @Override
    public void entered() {
        NetSocket net = owner.net();
        if (net == null || net.state() != SocketState.CONNECTED) {
            remoteClosed = true; // entered to take what a closed connection left (SIM7600 ATO)
        }
        online = true;
        inputPaused = false;
        toDte();
    }

    @Override
    public void fromDte(byte[] data, int offset, int length) {
        if (remoteClosed) {
            return; // nobody to send to; the end follows once the host has the rest
        }
        int direct = pendingLength == 0 ? sendWholePackets(data, offset, length) : 0;
        append(data, offset + direct, length - direct);
        waitTimer.cancel();
        send();
        if (pendingLength > 0 && !flushAll) {
            Duration wait = owner.waitTime();
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
        owner.left(remoteClosed);
    }

    @Override
    public void dteWritable() {
        toDte();
    }

    // ---- the network's side ----

    /** The socket received data. */
    public void readable() {
        toDte();
    }

    /** The socket takes data again after it was full. */
    public void writable() {
        send();
        updatePause();
    }

    /** The peer closed, or the network dropped the connection (its context included). */
    public void remoteClosed() {
        remoteClosed = true;
        dropPending();
        toDte();
    }

    /** The host closed the socket. */
    public void stop() {
        online = false;
        dropPending();
    }

    /** Nobody will take what the host sent and waits here. */
    private void dropPending() {
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
        int size = owner.packetSize();
        int start = 0;
        while (pendingLength - start >= size || flushAll && pendingLength > start) {
            NetSocket net = owner.net();
            int n = Math.min(size, pendingLength - start);
            if (net instanceof TcpConnection) {
                n = flushAll ? pendingLength - start : (pendingLength - start) / size * size;
            }
            NetError error = sendPackets(net, pending, start, n);
            if (error == NetError.SEND_FAILED) {
                continue; // online, the host cannot hear of a failed send: the bytes go again
            }
            if (error == NetError.BUFFER_FULL) {
                if (net instanceof UdpSocket) {
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
     * With nothing pending, the whole packets in what the host sent go to a TCP socket straight from
     * the host's bytes; returns how many were sent.
     */
    private int sendWholePackets(byte[] data, int offset, int length) {
        int size = owner.packetSize();
        int n = length / size * size;
        if (n == 0 || !(owner.net() instanceof TcpConnection c) || c.send(data, offset, n) != null) {
            return 0;
        }
        return n;
    }

    /** Packets in a row: one send for TCP (which copies what it keeps), one datagram for UDP. */
    private static NetError sendPackets(NetSocket net, byte[] bytes, int offset, int length) {
        if (net instanceof TcpConnection c) {
            return c.send(bytes, offset, length);
        }
        return net == null
                ? NetError.NOT_CONNECTED
                : net.send(Arrays.copyOfRange(bytes, offset, offset + length), null);
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

    private int unread() {
        NetSocket net = owner.net();
        return net == null ? 0 : net.unread();
    }

    /** What the network delivered goes to the host as fast as its link takes it; then the end. */
    private void toDte() {
        while (online && engine.isOnline() && engine.dteWritable()) {
            int n = unread();
            if (n == 0) {
                break;
            }
            owner.net().read(Math.min(n, TO_DTE_CHUNK), engine::toDte);
        }
        if (online && remoteClosed && unread() == 0) {
            online = false;
            engine.leaveOnline(owner.ended());
        }
    }
}
