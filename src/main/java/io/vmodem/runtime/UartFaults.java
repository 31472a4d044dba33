package io.vmodem.runtime;

import io.vmodem.at.DtePort;
import io.vmodem.time.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * What a bad UART does to the bytes on it, when a fault asks: the module's output reaches the host
 * in pieces with gaps between them (replies and URCs cut at any byte), bytes are corrupted or lost
 * at a rate. Losing bytes breaks losslessness on purpose; nothing else here drops or reorders. It
 * sits between the engine and the rest of the link, on the modem's thread, and draws every choice
 * from the modem's seeded generator; gaps run on the modem's scheduler (virtual time in tests).
 * With no fault in force every byte passes straight through.
 */
public final class UartFaults extends LinkedPort {
    /** Output held back (pieces waiting for their gap) before the engine is asked to hold back. */
    static final int OUTPUT_CAPACITY = 16 * 1024;

    /** Which way a corruption applies. */
    public enum Direction {
        TO_HOST,
        FROM_HOST,
        BOTH;

        boolean toHost() {
            return this != FROM_HOST;
        }

        boolean fromHost() {
            return this != TO_HOST;
        }
    }

    /** What noise does to a byte it hits. */
    public enum Noise {
        FLIP,
        INSERT,
        BOTH
    }

    private final Scheduler scheduler;
    private final Random random;
    private UartPacing.ByteSink toModem = (b, o, l) -> {};
    private Runnable modemWritable = () -> {};

    /** Pieces waiting to be written, each after the gap; a null gap writes at once. */
    private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();

    private int held;
    private boolean outputFull;
    private Scheduler.Cancellable gapTimer = Scheduler.Cancellable.DONE;
    private boolean waitingForLink;

    private int splitLow;
    private int splitHigh;
    private Duration gap = Duration.ZERO;
    private boolean splitting;
    private boolean splitOnce;

    private double noiseRate;
    private Noise noiseKind = Noise.FLIP;
    private Direction noiseDirection = Direction.TO_HOST;
    private double dropRate;
    private Direction dropDirection = Direction.TO_HOST;
    private long corrupted;
    private long dropped;

    public UartFaults(Scheduler scheduler, Random random, DtePort link) {
        super(link);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.random = Objects.requireNonNull(random);
    }

    /** The modem's side: where the host's bytes go, and who hears that output has room again. */
    public void attach(UartPacing.ByteSink toModem, Runnable modemWritable) {
        this.toModem = Objects.requireNonNull(toModem);
        this.modemWritable = Objects.requireNonNull(modemWritable);
    }

    // ---- what a fault sets ----

    /**
     * Cuts each output into {@code low..high} pieces (at random places) with {@code gap} between
     * them; {@code once}: only the next output.
     */
    public void split(int low, int high, Duration gap, boolean once) {
        if (low < 1 || high < low) {
            throw new IllegalArgumentException("pieces " + low + "-" + high);
        }
        this.splitLow = low;
        this.splitHigh = high;
        this.gap = Objects.requireNonNull(gap);
        this.splitting = true;
        this.splitOnce = once;
    }

    public void stopSplitting() {
        splitting = false;
    }

    /** Corrupts bytes at {@code rate} (0 stops it). */
    public void noise(double rate, Noise kind, Direction direction) {
        this.noiseRate = rate;
        this.noiseKind = Objects.requireNonNull(kind);
        this.noiseDirection = Objects.requireNonNull(direction);
    }

    /** Loses bytes at {@code rate} (0 stops it). */
    public void drop(double rate, Direction direction) {
        this.dropRate = rate;
        this.dropDirection = Objects.requireNonNull(direction);
    }

    /** Bytes corrupted so far (flipped or inserted). */
    public long corrupted() {
        return corrupted;
    }

    /** Bytes lost so far. */
    public long dropped() {
        return dropped;
    }

    // ---- the engine's side ----

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (passesThrough()) {
            link.write(bytes, offset, length); // no fault in force: no copy, no cost
            return;
        }
        byte[] data = mangle(bytes, offset, length, true);
        if (!splitting && pieces.isEmpty()) {
            link.write(data, 0, data.length);
            return;
        }
        if (splitting) {
            cut(data);
            if (splitOnce) {
                splitting = false;
            }
        } else {
            queue(data);
        }
        if (held >= OUTPUT_CAPACITY) {
            outputFull = true;
        }
        pump();
    }

    @Override
    public void write(ByteBuffer data) {
        if (passesThrough()) {
            link.write(data);
            return;
        }
        super.write(data);
    }

    @Override
    public boolean isWritable() {
        return !outputFull && link.isWritable();
    }

    /** The link's room while no fault is in force; with one, what reaches the link is not what was written. */
    @Override
    public int writableBytes() {
        return passesThrough() ? link.writableBytes() : 0;
    }

    /** The link's own buffer while no fault is in force, as {@link #writableBytes()}. */
    @Override
    public ByteBuffer claim(int max) {
        return passesThrough() ? link.claim(max) : null;
    }

    @Override
    public void commit(ByteBuffer claimed) {
        link.commit(claimed);
    }

    /** No fault is in force and nothing waits: what the engine writes goes to the link unchanged. */
    private boolean passesThrough() {
        return !splitting && pieces.isEmpty() && noiseRate == 0 && dropRate == 0;
    }

    // ---- the link's side ----

    /** Bytes the host sent, on their way to the modem. */
    public void fromDte(byte[] data, int offset, int length) {
        if (noiseRate == 0 && dropRate == 0) {
            toModem.accept(data, offset, length);
            return;
        }
        byte[] passed = mangle(data, offset, length, false);
        if (passed.length > 0) {
            toModem.accept(passed, 0, passed.length);
        }
    }

    /** The link can take output again. */
    public void linkWritable() {
        if (waitingForLink) {
            waitingForLink = false;
            pump();
        }
        if (pieces.isEmpty()) {
            modemWritable.run();
        }
    }

    /** Whether no piece is waiting for its gap. */
    public boolean idle() {
        return pieces.isEmpty();
    }

    /** The link is gone: waiting pieces go with it. */
    public void clear() {
        gapTimer.cancel();
        pieces.clear();
        held = 0;
        outputFull = false;
    }

    private void cut(byte[] data) {
        int k = Math.min(data.length, splitLow + random.nextInt(splitHigh - splitLow + 1));
        int[] cuts = new int[k - 1];
        if (k > 1) {
            // k-1 distinct cut points among the length-1 places between bytes
            int[] places = random.ints(1, data.length).distinct().limit(k - 1).toArray();
            System.arraycopy(places, 0, cuts, 0, places.length);
            Arrays.sort(cuts);
        }
        int start = 0;
        for (int c : cuts) {
            queue(Arrays.copyOfRange(data, start, c));
            start = c;
        }
        queue(Arrays.copyOfRange(data, start, data.length));
    }

    private void queue(byte[] piece) {
        pieces.add(piece);
        held += piece.length;
    }

    /** Writes the next piece now, and schedules the one after it a gap later. */
    private void pump() {
        if (gapTimer != Scheduler.Cancellable.DONE || pieces.isEmpty()) {
            return;
        }
        if (!link.isWritable()) {
            waitingForLink = true;
            return;
        }
        byte[] piece = pieces.poll();
        held -= piece.length;
        link.write(piece, 0, piece.length);
        if (!pieces.isEmpty()) {
            gapTimer = scheduler.schedule(
                    () -> {
                        gapTimer = Scheduler.Cancellable.DONE;
                        pump();
                    },
                    gap);
        } else if (outputFull) {
            outputFull = false;
            modemWritable.run();
        }
    }

    /** The bytes as they arrive at the far end: corrupted and lost at the rates in force. */
    private byte[] mangle(byte[] data, int offset, int length, boolean toHost) {
        boolean noisy = noiseRate > 0 && (toHost ? noiseDirection.toHost() : noiseDirection.fromHost());
        boolean lossy = dropRate > 0 && (toHost ? dropDirection.toHost() : dropDirection.fromHost());
        if (!noisy && !lossy) {
            return Arrays.copyOfRange(data, offset, offset + length);
        }
        ByteBuffer out = ByteBuffer.allocate(length * 2);
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (lossy && random.nextDouble() < dropRate) {
                dropped++;
                continue;
            }
            if (noisy && random.nextDouble() < noiseRate) {
                corrupted++;
                boolean insert = noiseKind == Noise.INSERT || noiseKind == Noise.BOTH && random.nextBoolean();
                if (insert) {
                    out.put((byte) random.nextInt(256));
                } else {
                    b ^= (byte) (1 << random.nextInt(8));
                }
            }
            out.put(b);
        }
        return Arrays.copyOf(out.array(), out.position());
    }
}
