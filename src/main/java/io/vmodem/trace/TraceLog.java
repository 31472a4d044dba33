package io.vmodem.trace;

import io.vmodem.time.Scheduler;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where trace lines go: a file, stderr, or memory in a test. One log serves every modem of the
 * process; each line names its modem, so {@code grep ' m3 '} picks one out.
 *
 * <p>Modems never wait for the file: a line goes into one bounded queue, without a lock, and one
 * writer thread formats and writes it, flushing whenever it has caught up, so {@code tail -f} shows
 * a session as it happens (at most {@link #BATCH_MILLIS} late). A modem wakes the writer only for
 * the first line after the writer has been idle a while, or when the queue is half full; otherwise
 * the writer takes what gathered every {@link #BATCH_MILLIS}, so a busy modem's loop thread does
 * not wake another thread (an inter-processor interrupt on a VM) for every command. When the file does not keep up (a slow disk, a FIFO nobody reads) and
 * the queue holds {@link #DEFAULT_CAPACITY} characters, further lines are dropped and counted, and
 * the file says so where they are missing: {@code ... 1234 trace lines dropped: the trace file could
 * not keep up}. Lines leave in the order they entered the queue, and their times never go backwards:
 * a line stamped earlier than the one written before it (another modem's, or a block of bytes that
 * was written when it ended) takes that line's time.
 */
public final class TraceLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TraceLog.class);

    /** Characters of trace text the queue holds before lines are dropped (about 4 MiB). */
    public static final int DEFAULT_CAPACITY = 4 << 20;

    /** What a queued line costs besides its text: its time stamp and the queue's node. */
    private static final int LINE_OVERHEAD = 48;

    /** How long closing waits for the writer to put out what is queued. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private static final long NO_TIME = Long.MIN_VALUE;

    /**
     * How long the writer, once woken, lets lines gather before it writes them; after a whole
     * interval with nothing queued it sleeps until a modem wakes it.
     */
    static final long BATCH_MILLIS = 10;

    /** How long an idle writer sleeps before it looks anyway. */
    private static final long IDLE_MILLIS = 1_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    /** Opens the destination; on the writer thread, so a FIFO with no reader yet blocks nobody else. */
    private interface Destination {
        Writer open() throws IOException;
    }

    private record Line(long epochNanos, String text, int cost) {}

    private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    /** Dropped lines the file has not been told of yet. */
    private final AtomicLong dropped = new AtomicLong();

    private final AtomicLong droppedTotal = new AtomicLong();
    private final int capacity;
    private final boolean ownsOut;
    private final ZoneId zone;
    private final Thread writer;
    /** The writer sleeps until woken: the next line wakes it (once, whoever gets the flag). */
    private final AtomicBoolean idle = new AtomicBoolean();
    /** Times a modem woke the writer. */
    private final AtomicLong wakeups = new AtomicLong();

    private volatile boolean closing;
    private volatile boolean failed;
    private Writer out;
    private long lastNanos = NO_TIME;

    private TraceLog(Destination destination, String name, boolean ownsOut, ZoneId zone, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace queue holds at least one character");
        }
        this.ownsOut = ownsOut;
        this.zone = zone;
        this.capacity = capacity;
        raw("# vmodem trace, started "
                + ZonedDateTime.now(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "; times are " + zone);
        writer = new Thread(() -> run(destination), "vmodem-trace " + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** {@code -} for stderr, else a file (created or truncated). */
    public static TraceLog open(String target) throws IOException {
        return open(target, DEFAULT_CAPACITY);
    }

    /** As {@link #open(String)}, holding at most {@code capacity} characters for the writer. */
    public static TraceLog open(String target, int capacity) throws IOException {
        ZoneId zone = ZoneId.systemDefault();
        if (target.equals("-")) {
            return new TraceLog(
                    () -> new OutputStreamWriter(System.err, StandardCharsets.UTF_8), "stderr", false, zone, capacity);
        }
        Path path = Path.of(target);
        if (Files.exists(path) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path)) {
            // A FIFO or a device: opening it may wait for a reader, so the writer thread does it.
            return new TraceLog(
                    () -> Files.newBufferedWriter(path, StandardCharsets.UTF_8), target, true, zone, capacity);
        }
        Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8); // a mistake shows now, not later
        return new TraceLog(() -> w, target, true, zone, capacity);
    }

    /** Into {@code out}, which the caller keeps (tests); read it after {@link #close}. */
    public static TraceLog to(Writer out) {
        return new TraceLog(() -> out, "memory", false, ZoneId.systemDefault(), DEFAULT_CAPACITY);
    }

    /** A modem's trace; {@code id} names it on every line. Use it on the modem's thread. */
    public ModemTrace modem(String id, Scheduler scheduler) {
        return new ModemTrace(this, id, scheduler);
    }

    /** Lines dropped so far because the queue was full (the file says where). */
    public long dropped() {
        return droppedTotal.get();
    }

    /**
     * Queues a line stamped {@code epochNanos} (nanoseconds since 1970); never blocks. Called by
     * modems on their own threads.
     */
    void line(long epochNanos, String text) {
        if (closing || failed) {
            return;
        }
        int cost = text.length() + LINE_OVERHEAD;
        if (queued.addAndGet(cost) > capacity) {
            queued.addAndGet(-cost);
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
            return;
        }
        if (dropped.get() > 0) {
            long n = dropped.getAndSet(0);
            if (n > 0) {
                queue.add(new Line(NO_TIME, dropMarker(n), 0)); // where the lines are missing
            }
        }
        queue.add(new Line(epochNanos, text, cost));
        if ((idle.get() && idle.compareAndSet(true, false)) || queued.get() > capacity / 2) {
            wakeups.incrementAndGet();
            LockSupport.unpark(writer);
        }
    }

    /** How many times a modem's line woke the writer (far fewer than lines while modems are busy). */
    long wakeups() {
        return wakeups.get();
    }

    private void raw(String text) {
        queue.add(new Line(NO_TIME, text, 0));
    }

    private static String dropMarker(long n) {
        return "... " + n + " trace line" + (n == 1 ? "" : "s") + " dropped: the trace file could not keep up";
    }

    // ---- the writer thread ----

    private void run(Destination destination) {
        try {
            out = destination.open();
        } catch (IOException | RuntimeException e) {
            fail("cannot open the trace: " + e);
        }
        boolean wroteSinceLastBatch = true;
        while (true) {
            Line line = queue.poll();
            if (line == null) {
                caughtUp();
                if (closing && queue.isEmpty()) {
                    break;
                }
                if (wroteSinceLastBatch) {
                    // Busy: let the next lines gather, nobody needs to wake us.
                    wroteSinceLastBatch = false;
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
                } else {
                    // A whole interval went by without a line: sleep until one comes.
                    idle.set(true);
                    if (queue.isEmpty() && !closing) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                    }
                    idle.set(false);
                }
                continue;
            }
            wroteSinceLastBatch = true;
            queued.addAndGet(-line.cost());
            write(line);
        }
        try {
            if (out != null) {
                if (ownsOut) {
                    out.close();
                } else {
                    out.flush();
                }
            }
        } catch (IOException e) {
            log.debug("closing the trace: {}", e.toString());
        }
    }

    private void write(Line line) {
        if (failed) {
            return;
        }
        try {
            if (line.epochNanos() != NO_TIME) {
                long t = Math.max(line.epochNanos(), lastNanos);
                lastNanos = t;
                Instant at = Instant.ofEpochSecond(0, t);
                out.write(TIME.format(LocalTime.ofInstant(at, zone)));
                out.write(' ');
            }
            out.write(line.text());
            out.write('\n');
        } catch (IOException e) {
            fail("trace stopped: " + e);
        }
    }

    /** Nothing is queued: what was dropped meanwhile is said, and the file flushed. */
    private void caughtUp() {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            write(new Line(NO_TIME, dropMarker(n), 0));
        }
        if (failed || out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail("trace stopped: " + e);
        }
    }

    private void fail(String why) {
        if (!failed) {
            failed = true;
            log.warn("{}", why);
        }
    }

    /** Writes what is queued and closes the file; waits a few seconds at most for a file that does not take it. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("the trace file did not take its last lines in time; closing without them");
        }
    }
}
