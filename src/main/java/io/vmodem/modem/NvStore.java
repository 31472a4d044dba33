package io.vmodem.modem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A module's non-volatile memory: settings that survive a reboot and, with a state directory, a
 * restart of the program (one file per IMEI). Without a directory it lives as long as the process.
 *
 * <p>The modem's loop never touches the disk when a setting changes: the {@link DiskWriter} writes
 * it off the loop, in order, atomically (a crash mid-write leaves the previous settings), the same
 * way as the module's files ({@link FileStore}). A store that cannot be read (corrupt, unreadable)
 * is logged once and the modem starts from its factory settings; one that cannot be written is
 * logged once and lives on in memory. Neither reaches the modem.
 */
public final class NvStore {
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
            byte[] pending = DiskWriter.pending(store.file);
            if (pending != null && pending != DiskWriter.DELETED) {
                store.values.load(new ByteArrayInputStream(pending));
            } else if (Files.exists(store.file)) {
                try (InputStream in = Files.newInputStream(store.file)) {
                    store.values.load(in);
                }
            }
        } catch (IOException | RuntimeException e) { // Properties.load refuses a bad escape unchecked
            store.values.clear();
            DiskWriter.complain(
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
            DiskWriter.replace(file, text.toByteArray());
        }
    }

    /**
     * Waits until every change made so far is on disk (or has failed and been logged): before the
     * program exits, and in tests. False if {@code timeout} passed first.
     */
    public static boolean awaitWritten(Duration timeout) {
        return DiskWriter.awaitWritten(timeout);
    }
}
