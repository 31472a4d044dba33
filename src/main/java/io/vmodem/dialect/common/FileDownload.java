package io.vmodem.dialect.common;

import io.vmodem.at.AtEngine;
import io.vmodem.at.OnlineSession;
import io.vmodem.at.Reply;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Bytes to the host after {@code CONNECT}: a file's (BG96 AT+QFDWL, AT+QFREAD), whole from the
 * start, or a response's body as it arrives (BG96 AT+QHTTPREAD). Written as fast as the host's link
 * takes them and no faster: what the link does not take waits in the {@link Source}, which holds
 * its own bounded share and lets the network wait for the rest. Once the source has ended and every
 * byte is out, the reply that ends the data mode ({@code +QFDWL: <size>,<checksum>} and {@code OK}).
 * What the host types meanwhile is dropped; {@code +++} or DTR stops it (the engine answers {@code
 * OK}).
 */
public final class FileDownload implements OnlineSession {
    /** Most bytes handed to the link at once. */
    private static final int CHUNK = 4096;

    /** Where the bytes come from. */
    public interface Source {
        /** Hands up to {@code max} bytes to {@code to}, in pieces valid only during the call; returns how many. */
        int take(int max, Consumer<ByteBuffer> to);

        /** Whether nothing more will come: every byte has been taken and the source is done. */
        boolean ended();

        /** The host left before the end (the escape or DTR). */
        default void abandoned() {}
    }

    private final AtEngine engine;
    private final String suffix;
    private final Source source;
    private final Supplier<Reply.Done> end;
    private boolean over;

    /**
     * @param suffix what follows {@code CONNECT} ({@code CONNECT 10}), or empty
     * @param end the reply once every byte is out
     */
    public FileDownload(AtEngine engine, String suffix, byte[] data, Supplier<Reply.Done> end) {
        this(engine, suffix, whole(data), end);
    }

    /**
     * @param source the bytes, as they come; {@link #more} says when more came or the source ended
     * @param end the reply once the source has ended and every byte is out
     */
    public FileDownload(AtEngine engine, String suffix, Source source, Supplier<Reply.Done> end) {
        this.engine = Objects.requireNonNull(engine);
        this.suffix = Objects.requireNonNull(suffix);
        this.source = Objects.requireNonNull(source);
        this.end = Objects.requireNonNull(end);
    }

    /** The bytes of {@code data}, all there from the start. */
    static Source whole(byte[] data) {
        Objects.requireNonNull(data);
        return new Source() {
            private int sent;

            @Override
            public int take(int max, Consumer<ByteBuffer> to) {
                int n = Math.min(max, data.length - sent);
                to.accept(ByteBuffer.wrap(data, sent, n));
                sent += n;
                return n;
            }

            @Override
            public boolean ended() {
                return sent == data.length;
            }
        };
    }

    /** The reply that starts it: {@code CONNECT} and the suffix. */
    public Reply connect() {
        return Reply.connect(suffix, this);
    }

    /** More bytes came, or the source ended: they go on while the link takes them. */
    public void more() {
        send();
    }

    @Override
    public void entered() {
        send();
    }

    @Override
    public void dteWritable() {
        send();
    }

    @Override
    public void fromDte(byte[] bytes, int offset, int length) {
        // the module reads nothing from the host while it sends a file
    }

    @Override
    public void escaped() {
        if (!over) {
            over = true;
            source.abandoned();
        }
    }

    private void send() {
        while (!over && engine.isOnline() && engine.dteWritable()) {
            if (source.take(CHUNK, engine::toDte) == 0) {
                break;
            }
        }
        if (!over && source.ended() && engine.isOnline()) {
            over = true;
            engine.leaveOnline(end.get(), null, 0, 0);
        }
    }
}
