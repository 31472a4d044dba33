package io.vmodem.dialect.common;

import io.vmodem.at.AtEngine;
import io.vmodem.at.OnlineSession;
import io.vmodem.at.Reply;
import io.vmodem.time.Scheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A file's bytes from the host after {@code CONNECT} (BG96 AT+QFUPL, AT+QFWRITE): the engine's
 * online data mode with an end condition, as Nordic's {@code enter_datamode(handler, len)}. It ends
 * when {@link #length} bytes are in (what the host wrote after them is command input again), when
 * the host has sent nothing for the idle timeout, or by {@code +++} or DTR (the engine answers
 * {@code OK}; the bytes so far are kept). In ACK mode the module writes {@code A} after every block
 * of {@link #ackEvery} bytes that does not end the data, and the host waits for it before the next.
 */
public final class FileUpload implements OnlineSession {
    private static final byte[] ACK = "A".getBytes(StandardCharsets.US_ASCII);

    /** What the command does with the bytes, and how it answers. */
    public interface Receiver {
        /** All {@code length} bytes are in: the reply that ends the data mode. */
        Reply.Done complete(byte[] data);

        /** The host sent nothing for the idle timeout: the reply, with what came. */
        Reply.Done timedOut(byte[] data);

        /** The host left with {@code +++} or DTR: keep what came (the engine answers OK). */
        void escaped(byte[] data);
    }

    private final AtEngine engine;
    private final Scheduler scheduler;
    private final int length;
    private final Duration idleTimeout;
    private final int ackEvery;
    private final Receiver receiver;
    private final ByteArrayOutputStream data;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
    private boolean over;

    /**
     * @param length how many bytes end the data
     * @param idleTimeout how long the host may send nothing before the data ends with what came
     * @param ackEvery the block after which the module writes {@code A}; 0 for none
     */
    public FileUpload(
            AtEngine engine, Scheduler scheduler, int length, Duration idleTimeout, int ackEvery, Receiver receiver) {
        this.engine = Objects.requireNonNull(engine);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.length = length;
        this.idleTimeout = idleTimeout;
        this.ackEvery = ackEvery;
        this.receiver = Objects.requireNonNull(receiver);
        this.data = new ByteArrayOutputStream(Math.min(length, 64 * 1024));
    }

    /** The reply that starts it: {@code CONNECT}. */
    public Reply connect() {
        return Reply.connect("", this);
    }

    @Override
    public void entered() {
        if (length == 0) {
            finish(receiver.complete(new byte[0]), null, 0, 0);
            return;
        }
        armTimer();
    }

    @Override
    public void fromDte(byte[] bytes, int offset, int count) {
        if (over) {
            return;
        }
        int n = Math.min(count, length - data.size());
        int before = data.size();
        data.write(bytes, offset, n);
        if (data.size() == length) {
            finish(receiver.complete(data.toByteArray()), bytes, offset + n, count - n);
            return;
        }
        if (ackEvery > 0 && data.size() / ackEvery > before / ackEvery) {
            engine.toDte(ACK, 0, ACK.length);
        }
        armTimer();
    }

    @Override
    public void escaped() {
        if (!over) {
            over = true;
            timer.cancel();
            receiver.escaped(data.toByteArray());
        }
    }

    private void armTimer() {
        timer.cancel();
        timer = scheduler.schedule(this::idle, idleTimeout);
    }

    private void idle() {
        if (!over && engine.isOnline()) {
            finish(receiver.timedOut(data.toByteArray()), null, 0, 0);
        }
    }

    private void finish(Reply.Done reply, byte[] rest, int offset, int count) {
        over = true;
        timer.cancel();
        engine.leaveOnline(reply, rest, offset, count);
    }
}
