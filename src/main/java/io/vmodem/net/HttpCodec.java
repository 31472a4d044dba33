package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 framing by Netty's {@link HttpClientCodec}, on the bytes of one {@link TcpConnection}:
 * the connection keeps its own pipeline (its counters, its back-pressure, the TLS and the faults on
 * it), and the codec runs beside it in an {@link EmbeddedChannel}, on the modem's thread, as
 * Netty's own content decoders run theirs. What is decoded is the caller's to release.
 */
final class HttpCodec {
    /** The longest status line and header block a response may have. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final EmbeddedChannel channel;

    HttpCodec() {
        channel = new EmbeddedChannel(new HttpClientCodec(4096, MAX_HEADER_BYTES, 8192));
    }

    /** The request's bytes on the wire; the request (a full one with its body) is released. */
    byte[] encode(HttpRequest request) {
        channel.writeOutbound(request);
        ByteArrayBuilder wire = new ByteArrayBuilder();
        for (Object b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) b;
            try {
                wire.add(buf);
            } finally {
                buf.release();
            }
        }
        return wire.bytes();
    }

    /** Takes {@code bytes} (released here) and returns what they complete of the response. */
    List<HttpObject> decode(ByteBuf bytes) {
        channel.writeInbound(bytes);
        return drain();
    }

    /**
     * The connection ended: what the end completes (a body delimited by the close), then nothing
     * more. Whatever was not taken is released.
     */
    List<HttpObject> finish() {
        if (!channel.isOpen()) {
            return List.of();
        }
        List<HttpObject> out;
        try {
            channel.close();
        } catch (RuntimeException e) {
            // what the codec makes of the end is in what it emitted
        }
        out = drain();
        channel.finishAndReleaseAll();
        return out;
    }

    private List<HttpObject> drain() {
        List<HttpObject> out = new ArrayList<>(2);
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add((HttpObject) m);
        }
        return out;
    }

    /** A byte array grown from buffers. */
    private static final class ByteArrayBuilder {
        private byte[] bytes = new byte[0];

        void add(ByteBuf buf) {
            int n = buf.readableBytes();
            byte[] next = java.util.Arrays.copyOf(bytes, bytes.length + n);
            buf.getBytes(buf.readerIndex(), next, bytes.length, n);
            bytes = next;
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
