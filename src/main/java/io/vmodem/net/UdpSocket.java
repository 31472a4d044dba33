package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket: a client with a fixed peer, or a service bound to a local port that talks to
 * anyone. Datagram boundaries and senders are kept; a datagram that does not fit the receive
 * buffer is dropped and counted, as modules do.
 */
public final class UdpSocket extends NetSocket {
    private static final Logger log = LoggerFactory.getLogger(UdpSocket.class);

    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private final int limit;
    private final boolean service;
    private int queued;
    private int headOffset;
    private long received;
    private long readTotal;
    private long sent;
    private long dropped;
    /** Datagrams a latency or a bandwidth holds on their way in. */
    private DelayLine<Datagram> downlink;
    /** A datagram held back behind the next (udp-reorder), on its way in. */
    private Datagram heldBack;

    private io.vmodem.time.Scheduler.Cancellable heldBackTimer = io.vmodem.time.Scheduler.Cancellable.DONE;
    /** Datagrams let go into the queue that the reader has not been told of yet. */
    private boolean untold;

    UdpSocket(ModemNetwork network, PdpContext context, SocketEvents events, int limit, boolean service) {
        super(network, context, events);
        this.limit = limit;
        this.service = service;
    }

    /** Whether this is a service (any peer) rather than a client with one peer. */
    public boolean service() {
        return service;
    }

    /** Unread bytes in all queued datagrams. */
    @Override
    public int unread() {
        return queued - headOffset;
    }

    public int datagrams() {
        return queue.size();
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public long readTotal() {
        return readTotal;
    }

    @Override
    public long sent() {
        return sent;
    }

    /** Datagrams dropped because the buffer was full. */
    public long dropped() {
        return dropped;
    }

    /** The next whole datagram (the rest of it, after a partial {@link #read}), or null. */
    public Datagram readDatagram() {
        Datagram d = queue.poll();
        if (d == null) {
            return null;
        }
        byte[] data = d.data();
        if (headOffset > 0) {
            byte[] rest = new byte[data.length - headOffset];
            System.arraycopy(data, headOffset, rest, 0, rest.length);
            data = rest;
        }
        queued -= d.data().length;
        headOffset = 0;
        readTotal += data.length;
        return new Datagram(data, d.sender());
    }

    /** Up to {@code max} bytes of the next datagram; what is left of it stays for the next read. */
    @Override
    public byte[] read(int max) {
        Datagram d = queue.peek();
        if (d == null || max <= 0) {
            return new byte[0];
        }
        int n = Math.min(max, d.data().length - headOffset);
        byte[] out = new byte[n];
        System.arraycopy(d.data(), headOffset, out, 0, n);
        headOffset += n;
        readTotal += n;
        if (headOffset == d.data().length) {
            queue.poll();
            queued -= d.data().length;
            headOffset = 0;
        }
        return out;
    }

    /** The sender of the next datagram, or null. */
    public InetSocketAddress nextSender() {
        Datagram d = queue.peek();
        return d == null ? null : d.sender();
    }

    /** Sends one datagram to {@code to}, or to the client's peer when null. Null on success. */
    @Override
    public NetError send(byte[] data, InetSocketAddress to) {
        if (state != SocketState.CONNECTED || channel == null) {
            return NetError.NOT_CONNECTED;
        }
        InetSocketAddress target = to != null ? to : remote;
        if (target == null) {
            return NetError.NOT_CONNECTED;
        }
        if (!network.policy().mayReach(target)) {
            network.observer().denied(this, "UDP", target);
            return NetError.DENIED;
        }
        if (sendFails()) {
            return NetError.SEND_FAILED;
        }
        if (!channel.isWritable()) {
            return NetError.BUFFER_FULL;
        }
        sent += data.length;
        network.observer().socketSent(this, data.length, target);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), target));
        return null;
    }

    @Override
    public boolean writable() {
        return state == SocketState.CONNECTED && channel != null && channel.isWritable();
    }

    @Override
    public void close() {
        if (state == SocketState.CLOSED) {
            return;
        }
        queue.clear();
        queued = 0;
        headOffset = 0;
        heldBackTimer.cancel();
        heldBack = null;
        if (downlink != null) {
            downlink.discard(d -> {});
        }
        closeChannelAndRelease();
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.pipeline().addLast(new Pipe());
    }

    void bound() {
        state = SocketState.CONNECTED;
        local = (InetSocketAddress) channel.localAddress();
        conditionsChanged();
    }

    // ---- the conditions of the network, on the way in ----

    @Override
    void conditionsChanged() {
        super.conditionsChanged();
        if (shaping(NetConditions.Direction.DOWNLINK).none()) {
            letHeldBackGo();
            if (downlink != null) {
                downlink.releaseAll();
            }
        }
    }

    /** Bytes on their way in, counted against the receive buffer's limit. */
    private int waiting() {
        return (downlink == null ? 0 : downlink.bytes()) + (heldBack == null ? 0 : heldBack.data().length);
    }

    /** A datagram from the network while a condition acts on the way in: lost, doubled, reordered, delayed. */
    private void arrivedShaped(ByteBuf buf, InetSocketAddress sender, Shaping s) {
        java.util.Random random = network.conditions().random();
        int n = buf.readableBytes();
        String what = "datagram of " + n + " bytes from " + text(sender);
        if (s.loss() > 0 && random.nextDouble() < s.loss()) {
            acted(what + " lost (udp-loss)");
            return;
        }
        byte[] bytes = new byte[n];
        buf.readBytes(bytes);
        Datagram d = new Datagram(bytes, sender);
        if (s.duplicate() > 0 && random.nextDouble() < s.duplicate()) {
            acted(what + " arrives twice (udp-duplicate)");
            pass(d, s, what);
        }
        pass(d, s, what);
    }

    private void pass(Datagram d, Shaping s, String what) {
        if (heldBack == null && s.reorder() > 0 && network.conditions().random().nextDouble() < s.reorder()) {
            if (fits(d)) {
                acted(what + " held back behind the next (udp-reorder)");
                heldBack = d;
                heldBackTimer = network.scheduler().schedule(this::letHeldBackGo, UplinkShaper.REORDER_HOLD);
            }
            return;
        }
        hold(d, s);
        letHeldBackGo(); // it comes after the one that passed it
    }

    /** Whether {@code d} fits the receive buffer with what waits; if not it is dropped and counted, as a full buffer drops. */
    private boolean fits(Datagram d) {
        int n = d.data().length;
        if (queued + waiting() + n > limit) {
            dropped++;
            network.observer().socketDropped(this, n, d.sender());
            return false;
        }
        return true;
    }

    private void hold(Datagram d, Shaping s) {
        if (!fits(d)) {
            return;
        }
        if (!s.delays() && (downlink == null || downlink.isEmpty())) {
            deliver(d);
            return;
        }
        if (downlink == null) {
            downlink = new DelayLine<>(network.scheduler(), this::deliver, this::tellReader);
        }
        downlink.add(d, d.data().length, s, network.conditions().random());
    }

    private void letHeldBackGo() {
        heldBackTimer.cancel();
        Datagram d = heldBack;
        heldBack = null;
        if (d != null) {
            Shaping s = shaping(NetConditions.Direction.DOWNLINK);
            if (!s.delays() && (downlink == null || downlink.isEmpty())) {
                deliver(d);
                tellReader();
            } else {
                hold(d, s);
            }
        }
    }

    private void deliver(Datagram d) {
        if (state != SocketState.CONNECTED) {
            return;
        }
        int n = d.data().length;
        queue.add(d);
        queued += n;
        received += n;
        network.observer().socketReceived(this, n, d.sender());
        untold = true;
    }

    private void tellReader() {
        if (untold) {
            untold = false;
            if (state == SocketState.CONNECTED) {
                events.readable(this);
            }
        }
    }

    private final class Pipe extends ChannelInboundHandlerAdapter {
        private boolean newData;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                network.guard().call("a UDP read", () -> receive(packet));
            } finally {
                packet.release();
            }
        }

        private void receive(DatagramPacket packet) {
            if (state != SocketState.CONNECTED) {
                return;
            }
            InetSocketAddress sender = packet.sender();
            if (!service && remote != null && !remote.equals(sender)) {
                return; // a client hears only its peer
            }
            ByteBuf buf = packet.content();
            Shaping s = shaping(NetConditions.Direction.DOWNLINK);
            if (!s.none() || heldBack != null || downlink != null && !downlink.isEmpty()) {
                arrivedShaped(buf, sender, s);
                if (untold) {
                    untold = false;
                    newData = true;
                }
                return;
            }
            int n = buf.readableBytes();
            if (queued + n > limit) {
                dropped++;
                network.observer().socketDropped(UdpSocket.this, n, sender);
                return;
            }
            byte[] bytes = new byte[n];
            buf.readBytes(bytes);
            queue.add(new Datagram(bytes, sender));
            queued += n;
            received += n;
            network.observer().socketReceived(UdpSocket.this, n, sender);
            newData = true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (newData) {
                newData = false;
                network.guard().call("a UDP socket's new data", () -> events.readable(UdpSocket.this));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like: UDP carries on, as on a module.
            log.debug("{} {}: {}", network.id(), describe(), cause.toString());
        }
    }
}
