package io.vmodem.modem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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
 * A module's non-volatile memory: settings that survive a reboot and, with a state directory, a
 * restart of the program (one file per IMEI). Without a directory it lives as long as the process.
 *
 * <p>The modem's loop never touches the disk when a setting changes: one thread writes every store
 * for the whole process, each change in order, and only the latest settings of a store when several
 * changes wait. A file is replaced atomically (written to a temporary file, forced to disk, then
 * renamed over the old one), so a crash mid-write leaves the previous settings. A store that cannot
 * be read (corrupt, unreadable) is logged once and the modem starts from its factory settings; one
 * that cannot be written is logged once and lives on in memory. Neither reaches the modem.
 */
public final class NvStore {
    private static final Logger log = LoggerFactory.getLogger(NvStore.class);

    /**
     * One writer for every store: changes reach the disk in the order they were made. Its thread
     * ends when idle, so a program that embeds vmodem keeps no thread of it once its modems are gone.
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

    /** Settings on their way to disk, by file: a store opened meanwhile reads these, not the older file. */
    private static final Map<Path, byte[]> PENDING = new ConcurrentHashMap<>();

    /** Files whose failure has been logged: once is enough. */
    private static final Set<Path> COMPLAINED = ConcurrentHashMap.newKeySet();

    private final Properties values = new Properties();
    private final Path file;

    private NvStore(Path file) {
        this.file = file;
    }

    public static NvStore inMemory() {
        return new NvStore(null);
    }

    /**
     * The store of modem {@code imei} under {@code directory}, loaded if it exists. Never fails: a
     * store that cannot be read is logged and the modem starts from its factory settings.
     */
    public static NvStore open(Path directory, String imei) {
        NvStore store = new NvStore(directory.resolve(imei + ".properties"));
        try {
            byte[] pending = PENDING.get(store.file);
            if (pending != null) {
                store.values.load(new ByteArrayInputStream(pending));
            } else if (Files.exists(store.file)) {
                try (InputStream in = Files.newInputStream(store.file)) {
                    store.values.load(in);
                }
            }
        } catch (IOException | RuntimeException e) { // Properties.load refuses a bad escape unchecked
            store.values.clear();
            complain(
                    store.file,
                    "non-volatile store {} cannot be read ({}); modem {} starts from its factory settings",
                    store.file,
                    e.toString(),
                    imei);
        }
        return store;
    }

    public String get(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    public int getInt(String key, int fallback) {
        String v = values.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Stores a value and, with a state directory, has it written to disk soon, off the caller's thread. */
    public void put(String key, String value) {
        if (value.equals(values.getProperty(key))) {
            return;
        }
        values.setProperty(key, value);
        if (file != null) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try {
                values.store(text, "vmodem non-volatile settings");
            } catch (IOException e) {
                throw new IllegalStateException(e); // a byte array does not fail
            }
            PENDING.put(file, text.toByteArray());
            WRITER.execute(() -> writePending(file));
        }
    }

    /**
     * Waits until every change made so far is on disk (or has failed and been logged): before the
     * program exits, and in tests. False if {@code timeout} passed first.
     */
    public static boolean awaitWritten(Duration timeout) {
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

    /** On the writer thread: the latest settings of {@code file}, if still waiting. */
    private static void writePending(Path file) {
        byte[] latest = PENDING.get(file);
        if (latest == null) {
            return; // an earlier task wrote them already
        }
        try {
            replace(file, latest);
        } catch (IOException | RuntimeException e) {
            complain(
                    file,
                    "cannot write the non-volatile store {} ({}); its settings live on in memory only",
                    file,
                    e.toString());
        }
        PENDING.remove(file, latest);
    }

    /** Writes a temporary file beside {@code file}, forces it to disk and renames it over {@code file}. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
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

    private static void complain(Path file, String format, Object... args) {
        if (COMPLAINED.add(file)) {
            log.warn(format, args);
        } else {
            log.debug(format, args);
        }
    }
}
