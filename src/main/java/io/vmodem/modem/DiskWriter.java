package io.vmodem.modem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a module keeps across restarts (its non-volatile settings, its files) off the modems'
 * loops: one thread for the whole process, each file's changes in order, and only the latest
 * content of a file when several changes wait. A file is replaced atomically (written to a
 * temporary file beside it, forced to disk, then renamed over it), so a crash mid-write leaves the
 * previous content; a file that cannot be written is logged once and its content lives on in
 * memory. What is on its way to disk is visible to {@link #pending}, so a store opened meanwhile
 * reads the latest content rather than the older file.
 */
final class DiskWriter {
    private static final Logger log = LoggerFactory.getLogger(DiskWriter.class);

    /** What {@link #pending} answers for a file whose deletion is on its way. */
    static final byte[] DELETED = new byte[0];

    /** The suffix of the temporary file a replacement is written to first. */
    static final String TEMPORARY = ".tmp";

    /**
     * One writer for every file: changes reach the disk in the order they were made. Its thread ends
     * when idle, so a program that embeds vmodem keeps no thread of it once its modems are gone.
     */
    private static final ExecutorService WRITER = writer();

    private static ExecutorService writer() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vmodem-nv");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Contents on their way to disk, by file; {@link #DELETED} for a deletion. */
    private static final Map<Path, byte[]> PENDING = new ConcurrentHashMap<>();

    /** Files whose failure has been logged: once is enough. */
    private static final Set<Path> COMPLAINED = ConcurrentHashMap.newKeySet();

    private DiskWriter() {}

    /** Has {@code file} replaced by {@code bytes} soon, off the caller's thread. */
    static void replace(Path file, byte[] bytes) {
        PENDING.put(file, bytes);
        WRITER.execute(() -> writePending(file));
    }

    /** Has {@code file} deleted soon, after the changes before it. */
    static void delete(Path file) {
        PENDING.put(file, DELETED);
        WRITER.execute(() -> writePending(file));
    }

    /** What {@code file} will hold once the writes under way land: null if none is, {@link #DELETED}. */
    static byte[] pending(Path file) {
        return PENDING.get(file);
    }

    /** The writes under way to files directly in {@code directory}, by file. */
    static Map<Path, byte[]> pendingIn(Path directory) {
        Map<Path, byte[]> in = new HashMap<>();
        PENDING.forEach((file, bytes) -> {
            if (directory.equals(file.getParent())) {
                in.put(file, bytes);
            }
        });
        return in;
    }

    /**
     * Waits until every change made so far is on disk (or has failed and been logged): before the
     * program exits, and in tests. False if {@code timeout} passed first.
     */
    static boolean awaitWritten(Duration timeout) {
        try {
            WRITER.submit(() -> {}).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Logs a failure of {@code file} as a warning the first time, then at debug level. */
    static void complain(Path file, String format, Object... args) {
        if (COMPLAINED.add(file)) {
            log.warn(format, args);
        } else {
            log.debug(format, args);
        }
    }

    /** On the writer thread: the latest content of {@code file}, if still waiting. */
    private static void writePending(Path file) {
        byte[] latest = PENDING.get(file);
        if (latest == null) {
            return; // an earlier task wrote it already
        }
        try {
            if (latest == DELETED) {
                Files.deleteIfExists(file);
            } else {
                write(file, latest);
            }
        } catch (IOException | RuntimeException e) {
            complain(file, "cannot write {} ({}); what it holds lives on in memory only", file, e.toString());
        }
        PENDING.remove(file, latest);
    }

    /** Writes a temporary file beside {@code file}, forces it to disk and renames it over {@code file}. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + TEMPORARY);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself survives a power cut
        } catch (IOException e) {
            // not every system syncs a directory; the rename is still atomic
        }
    }
}
