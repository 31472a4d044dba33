package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty codec on the bytes of one {@link TcpConnection}: the connection keeps its own pipeline
 * (its counters, its back-pressure, the TLS and the faults on it), and the codec runs beside it in
 * an {@link EmbeddedChannel}, on the modem's thread, as Netty's own content decoders run theirs.
 * The services' framing (HTTP, MQTT) is one of these, so that none writes its own. What is decoded
 * is the caller's to release.
 *
 * @param <O> what is encoded (a request, a packet)
 * @param <I> what is decoded
 */
class EmbeddedCodec<O, I> {
    private final Class<I> decoded;
    private final EmbeddedChannel channel;

    EmbeddedCodec(Class<I> decoded, ChannelHandler... handlers) {
        this.decoded = decoded;
        this.channel = new EmbeddedChannel(handlers);
    }

    /** The message's bytes on the wire; the message is released. */
    final byte[] encode(O message) {
        channel.writeOutbound(message);
        List<ByteBuf> pieces = new ArrayList<>(2);
        int length = 0;
        for (Object b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) b;
            pieces.add(buf);
            length += buf.readableBytes();
        }
        byte[] wire = new byte[length];
        int at = 0;
        for (ByteBuf buf : pieces) {
            try {
                int n = buf.readableBytes();
                buf.getBytes(buf.readerIndex(), wire, at, n);
                at += n;
            } finally {
                buf.release();
            }
        }
        return wire;
    }

    /** Takes {@code bytes} (released here) and returns what they complete. */
    final List<I> decode(ByteBuf bytes) {
        channel.writeInbound(bytes);
        return drain();
    }

    /**
     * The connection ended: what the end completes (a body delimited by the close), then nothing
     * more. Whatever was not taken is released.
     */
    final List<I> finish() {
        if (!channel.isOpen()) {
            return List.of();
        }
        try {
            channel.close();
        } catch (RuntimeException e) {
            // what the codec makes of the end is in what it emitted
        }
        List<I> out = drain();
        channel.finishAndReleaseAll();
        return out;
    }

    /** Drops whatever is half decoded or not yet taken. */
    final void close() {
        channel.finishAndReleaseAll();
    }

    private List<I> drain() {
        List<I> out = new ArrayList<>(2);
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add(decoded.cast(m));
        }
        return out;
    }
}
