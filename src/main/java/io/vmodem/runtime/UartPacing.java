package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import io.vmodem.time.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A UART's speed on a link that has none of its own (pty, TCP, terminal): bytes cross in each
 * direction no faster than {@code baud / 10} per second (8N1: a start bit, eight data bits, a stop
 * bit), so a driver's timeouts see the module's real speed. It sits between the modem's engine and
 * the link, on the modem's thread, and keeps time with the modem's scheduler: in virtual time a test
 * sees exact figures.
 *
 * <p>Each direction is a lane: a byte starts on the line when the previous one has left, and is
 * handed on when its last bit would have arrived. Bytes are released in batches at most every
 * {@link #TICK}, as a UART's FIFO would, and the last byte of a burst at its exact time. A lane
 * whose receiver cannot take more stops, as with hardware flow control, and restarts when it can.
 * Back-pressure carries through: the engine holds its output while the outgoing lane is full, and
 * the link stops reading while the incoming lane is.
 */
public final class UartPacing implements DtePort {
    public static final int BITS_PER_BYTE = 10;
    public static final int MAX_BAUD = 4_000_000;

    /** How often a busy lane hands bytes on. */
    static final long TICK_NANOS = 1_000_000;

    /** Output the engine may queue ahead of the line before it is told to hold back. */
    static final int OUTPUT_CAPACITY = 4096;

    /** Input held from the DTE before the link is asked to stop reading. */
    static final int INPUT_CAPACITY = 4096;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Where bytes go; the slice is only valid during the call. */
    public interface ByteSink {
        void accept(byte[] data, int offset, int length);
    }

    private final Scheduler scheduler;
    private final int baud;
    private final DtePort link;
    private final Lane out;
    private final Lane in;
    private ByteSink toModem = (b, o, l) -> {};
    private Runnable modemWritable = () -> {};
    private boolean outputFull;
    private boolean enginePaused;
    private boolean linkPaused;
    /** While a batch is handed to the modem: when its first byte reached the modem; else -1. */
    private long handingOnSince = -1;

    public UartPacing(Scheduler scheduler, int baud, DtePort link) {
        if (baud < 1 || baud > MAX_BAUD) {
            throw new IllegalArgumentException("baud rate must be 1.." + MAX_BAUD);
        }
        this.scheduler = Objects.requireNonNull(scheduler);
        this.baud = baud;
        this.link = Objects.requireNonNull(link);
        this.out = new Lane(this::toLink, link::isWritable);
        this.in = new Lane(this::toEngine, () -> !enginePaused);
    }

    /** The modem's side: where the DTE's bytes go, and who hears that output has room again. */
    public void attach(ByteSink toModem, Runnable modemWritable) {
        this.toModem = Objects.requireNonNull(toModem);
        this.modemWritable = Objects.requireNonNull(modemWritable);
    }

    public int baud() {
        return baud;
    }

    // ---- the engine's side ----

    @Override
    public void write(byte[] bytes, int offset, int length) {
        out.add(bytes, offset, length);
        if (out.queued() >= OUTPUT_CAPACITY) {
            outputFull = true;
        }
    }

    @Override
    public boolean isWritable() {
        return !outputFull;
    }

    @Override
    public void setInputPaused(boolean paused) {
        enginePaused = paused;
        if (!paused) {
            in.resume();
        }
    }

    /** When the last byte written so far will have crossed the line. */
    @Override
    public long outputDoneAt(long now) {
        return out.doneAt(now);
    }

    /** The bytes now handed on arrived over the last tick: the first one when its last bit came. */
    @Override
    public long inputArrivedAt(long now) {
        return handingOnSince >= 0 ? handingOnSince : now;
    }

    // ---- the link's side ----

    /** Bytes the DTE sent; they reach the modem at the line's speed. */
    public void fromDte(byte[] data, int offset, int length) {
        in.add(data, offset, length);
        updateLinkPause();
    }

    /** The link can take output again. */
    public void linkWritable() {
        out.resume();
    }

    /** Whether nothing is waiting in either direction. */
    public boolean idle() {
        return out.queued() == 0 && in.queued() == 0;
    }

    /** The link is gone: whatever waits is dropped. */
    public void clear() {
        out.clear();
        in.clear();
        outputFull = false;
        updateLinkPause();
    }

    private void toLink(byte[] data, int offset, int length, long firstArrived) {
        link.write(data, offset, length);
        if (outputFull && out.queued() <= OUTPUT_CAPACITY / 2) {
            outputFull = false;
            modemWritable.run();
        }
    }

    private void toEngine(byte[] data, int offset, int length, long firstArrived) {
        handingOnSince = firstArrived;
        try {
            toModem.accept(data, offset, length);
        } finally {
            handingOnSince = -1;
        }
        updateLinkPause();
    }

    private void updateLinkPause() {
        boolean pause = linkPaused ? in.queued() > INPUT_CAPACITY / 2 : in.queued() >= INPUT_CAPACITY;
        if (pause != linkPaused) {
            linkPaused = pause;
            link.setInputPaused(pause);
        }
    }

    /** Where a lane hands its bytes on, and when the first of them finished crossing the line. */
    private interface LaneSink {
        void accept(byte[] data, int offset, int length, long firstArrived);
    }

    /** One direction of the line. */
    private final class Lane {
        private final LaneSink sink;
        private final BooleanSupplier ready;
        private final ByteChunks chunks = new ByteChunks();
        /** When the current burst started, and how many of its bytes have been handed on. */
        private long burstStart;

        private long burstDone;
        private boolean running;
        private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

        Lane(LaneSink sink, BooleanSupplier ready) {
            this.sink = sink;
            this.ready = ready;
        }

        int queued() {
            return chunks.size();
        }

        void add(byte[] data, int offset, int length) {
            if (length <= 0) {
                return;
            }
            chunks.add(ByteBuffer.wrap(data, offset, length));
            if (!running) {
                start();
            }
        }

        void resume() {
            if (!running && queued() > 0) {
                start();
            }
        }

        /** When the last queued byte will have crossed; {@code now} when none waits, never while stopped. */
        long doneAt(long now) {
            if (queued() == 0) {
                return now;
            }
            return running ? finish(burstDone + queued()) : Long.MAX_VALUE;
        }

        void clear() {
            timer.cancel();
            timer = Scheduler.Cancellable.DONE;
            chunks.clear();
            running = false;
        }

        /** The line was idle (or stopped): a new burst starts now. */
        private void start() {
            if (!ready.getAsBoolean()) {
                return;
            }
            running = true;
            burstStart = scheduler.nanoTime();
            burstDone = 0;
            schedule(burstStart);
        }

        /** When the {@code k}-th byte of the burst has fully arrived. */
        private long finish(long k) {
            long bits = k * BITS_PER_BYTE * NANOS_PER_SECOND;
            return burstStart + (bits + baud - 1) / baud;
        }

        private void schedule(long now) {
            long next = finish(burstDone + 1);
            long last = finish(burstDone + queued());
            long at = Math.min(Math.max(next, now + TICK_NANOS), last);
            timer = scheduler.schedule(this::tick, Duration.ofNanos(Math.max(0, at - now)));
        }

        private void tick() {
            timer = Scheduler.Cancellable.DONE;
            if (!running) {
                return;
            }
            if (!ready.getAsBoolean()) {
                running = false; // flow control: restart when the receiver has room
                return;
            }
            long now = scheduler.nanoTime();
            long due = (now - burstStart) * baud / (BITS_PER_BYTE * NANOS_PER_SECOND) - burstDone;
            int n = (int) Math.min(due, queued());
            if (n > 0) {
                burstDone += n;
                handOn(n);
            }
            while (burstDone >= baud) {
                // baud bytes take exactly ten seconds: move the origin to keep the arithmetic small
                burstStart += BITS_PER_BYTE * NANOS_PER_SECOND;
                burstDone -= baud;
            }
            if (!running) {
                return; // cleared while handing on
            }
            if (queued() == 0) {
                running = false;
                return;
            }
            schedule(now);
        }

        private void handOn(int n) {
            long firstArrived = finish(burstDone - n + 1);
            byte[] batch = chunks.take(n);
            sink.accept(batch, 0, batch.length, firstArrived);
        }
    }
}
