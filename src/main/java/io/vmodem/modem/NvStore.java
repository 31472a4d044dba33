package io.vmodem.modem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A module's non-volatile memory: settings that survive a reboot and, with a state directory, a
 * restart of the program (one file per IMEI). Without a directory it lives as long as the process.
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

    /** The store of modem {@code imei} under {@code directory}, loaded if it exists. */
    public static NvStore open(Path directory, String imei) {
        NvStore store = new NvStore(directory.resolve(imei + ".properties"));
        if (Files.exists(store.file)) {
            try (InputStream in = Files.newInputStream(store.file)) {
                store.values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + store.file, e);
            }
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

    /** Stores a value and, with a state directory, writes it through at once. */
    public void put(String key, String value) {
        if (value.equals(values.getProperty(key))) {
            return;
        }
        values.setProperty(key, value);
        if (file != null) {
            save();
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                values.store(out, "vmodem non-volatile settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
