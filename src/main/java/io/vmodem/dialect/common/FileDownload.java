package io.vmodem.dialect.common;

import io.vmodem.at.AtEngine;
import io.vmodem.at.OnlineSession;
import io.vmodem.at.Reply;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A file's bytes to the host after {@code CONNECT} (BG96 AT+QFDWL, AT+QFREAD): written as fast as
 * the host's link takes them, then the reply that ends the data mode ({@code +QFDWL:
 * <size>,<checksum>} and {@code OK}). What the host types meanwhile is dropped; {@code +++} or DTR
 * stops it (the engine answers {@code OK}).
 */
public final class FileDownload implements OnlineSession {
    /** Most bytes handed to the link at once. */
    private static final int CHUNK = 4096;

    private final AtEngine engine;
    private final String suffix;
    private final byte[] data;
    private final Supplier<Reply.Done> end;
    private int sent;
    private boolean over;

    /**
     * @param suffix what follows {@code CONNECT} ({@code CONNECT 10}), or empty
     * @param end the reply once every byte is out
     */
    public FileDownload(AtEngine engine, String suffix, byte[] data, Supplier<Reply.Done> end) {
        this.engine = Objects.requireNonNull(engine);
        this.suffix = Objects.requireNonNull(suffix);
        this.data = Objects.requireNonNull(data);
        this.end = Objects.requireNonNull(end);
    }

    /** The reply that starts it: {@code CONNECT} and the suffix. */
    public Reply connect() {
        return Reply.connect(suffix, this);
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
        over = true;
    }

    private void send() {
        while (!over && sent < data.length && engine.isOnline() && engine.dteWritable()) {
            int n = Math.min(CHUNK, data.length - sent);
            engine.toDte(data, sent, n);
            sent += n;
        }
        if (!over && sent == data.length && engine.isOnline()) {
            over = true;
            engine.leaveOnline(end.get(), null, 0, 0);
        }
    }
}
