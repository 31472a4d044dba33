package io.vmodem.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Netty's reports of buffers dropped without release, as its leak detector logs them (the build runs
 * the tests with {@code -Dio.netty.leakDetectionLevel=paranoid}, so every buffer is tracked). A report
 * comes once the garbage collector has found the buffer; {@link #collect} makes that happen soon.
 */
public final class LeakReports {
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    /** A collection costs tens of milliseconds: at most one a second, whoever asks. */
    private static final long COLLECT_EVERY_NANOS = 1_000_000_000L;

    private static long lastCollect = System.nanoTime();

    static {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("LEAK")) {
                    REPORTS.add(event.getFormattedMessage());
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    private LeakReports() {}

    /** How many leaks were reported so far in this run. */
    public static int count() {
        return REPORTS.size();
    }

    /** The reports made after the first {@code n}. */
    public static List<String> since(int n) {
        return List.copyOf(REPORTS.subList(Math.min(n, REPORTS.size()), REPORTS.size()));
    }

    /**
     * Makes Netty report what has leaked by now (unless it was asked less than a second ago): a
     * collection finds the dropped buffers, and the detector reports them when the next buffer is
     * tracked.
     */
    public static synchronized void collect() {
        if (System.nanoTime() - lastCollect >= COLLECT_EVERY_NANOS) {
            collectNow();
        }
    }

    /** As {@link #collect}, whenever it was last asked. */
    public static synchronized void collectNow() {
        lastCollect = System.nanoTime();
        if (!paranoid()) {
            return;
        }
        // The collector hands cleared references to a thread that queues them; once a sentinel of
        // ours is queued, so (nearly always) are the detector's, which the next buffer then reports.
        ReferenceQueue<Object> queued = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queued);
        System.gc();
        try {
            queued.remove(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        sentinel.clear();
    }

    /** Whether Netty tracks every buffer, as the build has it. */
    public static boolean paranoid() {
        return ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID;
    }
}
