package io.vmodem.modem;

import io.vmodem.modem.FileRefused.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The module's own file storage: named files a host uploads (certificates, keys, anything), which
 * the module's services read. They survive a reboot and, with a state directory, a restart of the
 * program: each file is one file of the host in the store's directory, beside the non-volatile
 * store, written off the modem's loop and atomically by the same {@link DiskWriter}. Without a
 * directory the files live as long as the process. The module's limits are data ({@link
 * FileLimits}); what breaks one is refused with a {@link FileRefused} that says which.
 *
 * <p>Files are listed by name. A file's content is never changed in place: a write makes a new
 * array, so what {@link #read} returned stays as it was. Confined to the modem's event loop.
 */
public final class FileStore {
    /** The suffix of each file in the directory; a temporary file of a write in flight never has it. */
    static final String SUFFIX = ".file";

    /** How a file is opened (BG96 AT+QFOPEN {@code <mode>}). */
    public enum OpenMode {
        /** Created when missing, else opened as it is; read and written. */
        READ_WRITE,
        /** Created when missing, else emptied; read and written. */
        OVERWRITE,
        /** Opened only when it exists; read only. */
        READ_ONLY
    }

    private final FileLimits limits;
    private final Path directory;
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final TreeMap<Integer, OpenFile> open = new TreeMap<>();
    private long used;

    private FileStore(FileLimits limits, Path directory) {
        this.limits = Objects.requireNonNull(limits);
        this.directory = directory;
    }

    /** Storage that lives as long as the process. */
    public static FileStore inMemory(FileLimits limits) {
        return new FileStore(limits, null);
    }

    /**
     * The storage kept in {@code directory}, loaded from what is there (and from writes to it still
     * on their way). Never fails: a file that cannot be read is logged and left out.
     */
    public static FileStore open(Path directory, FileLimits limits) {
        FileStore store = new FileStore(limits, directory);
        // Writes under way are read before the directory: one still under way is in this map, one
        // that landed is on disk (read the other way round, one landing in between was in neither).
        Map<Path, byte[]> pending = DiskWriter.pendingIn(directory);
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> list = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path file : list) {
                    store.load(file);
                }
            } catch (IOException | RuntimeException e) {
                DiskWriter.complain(
                        directory, "the module's files in {} cannot be listed ({})", directory, e.toString());
            }
        }
        for (Map.Entry<Path, byte[]> p : pending.entrySet()) {
            String name = HostFileNames.decode(p.getKey().getFileName().toString());
            if (name == null) {
                continue;
            }
            store.forget(name);
            if (p.getValue() != DiskWriter.DELETED) {
                store.remember(name, p.getValue());
            }
        }
        return store;
    }

    private void load(Path file) {
        String name = HostFileNames.decode(file.getFileName().toString());
        if (name == null) {
            return; // not one of ours
        }
        try {
            remember(name, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            DiskWriter.complain(file, "the module's file {} cannot be read ({}); it is left out", file, e.toString());
        }
    }

    public FileLimits limits() {
        return limits;
    }

    /** Bytes in all files. */
    public long used() {
        return used;
    }

    /** Bytes still free. */
    public long free() {
        return Math.max(0, limits.totalBytes() - used);
    }

    public int count() {
        return files.size();
    }

    /** Every file's name, in order. */
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    public boolean exists(String name) {
        return files.containsKey(name);
    }

    /** The size of {@code name}; refused when there is no such file. */
    public long size(String name) {
        return existing(name).length;
    }

    /** The content of {@code name} (not to be changed); refused when there is no such file. */
    public byte[] read(String name) {
        return existing(name);
    }

    /** Checks a name the host gave: not empty, not too long, no path separator or NUL. */
    public String checkName(String name) {
        if (name.isEmpty()) {
            throw new FileRefused(Failure.INVALID_NAME, "a file name cannot be empty");
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > limits.maxNameLength()) {
            throw new FileRefused(
                    Failure.INVALID_NAME,
                    "a file name has at most " + limits.maxNameLength() + " bytes, given " + length);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < ' ') {
                throw new FileRefused(Failure.INVALID_NAME, "a file name cannot hold " + describe(c) + ": " + name);
            }
        }
        return name;
    }

    /** Whether {@code size} more bytes fit, as one new file; refused with the reason if not. */
    public void checkRoom(long size) {
        if (size > limits.maxFileSize()) {
            throw new FileRefused(
                    Failure.TOO_LARGE, "a file has at most " + limits.maxFileSize() + " bytes, given " + size);
        }
        if (size > free()) {
            throw new FileRefused(Failure.NO_SPACE, size + " bytes do not fit in the " + free() + " free");
        }
    }

    /** A new file; refused when one of that name exists or it does not fit. */
    public void create(String name, byte[] content) {
        checkName(name);
        if (files.containsKey(name)) {
            throw new FileRefused(Failure.EXISTS, "file " + name + " exists");
        }
        checkRoom(content.length);
        store(name, content.clone());
    }

    /** A file, replacing one of that name (unless it is open); refused when it does not fit. */
    public void replace(String name, byte[] content) {
        checkName(name);
        refuseOpen(name);
        byte[] old = files.get(name);
        long room = free() + (old == null ? 0 : old.length);
        if (content.length > limits.maxFileSize()) {
            throw new FileRefused(
                    Failure.TOO_LARGE,
                    "a file has at most " + limits.maxFileSize() + " bytes, given " + content.length);
        }
        if (content.length > room) {
            throw new FileRefused(Failure.NO_SPACE, content.length + " bytes do not fit in the " + room + " free");
        }
        store(name, content.clone());
    }

    /** Deletes {@code name}; refused when there is no such file or it is open. */
    public void delete(String name) {
        existing(name);
        refuseOpen(name);
        forget(name);
        if (directory != null) {
            DiskWriter.delete(pathOf(name));
        }
    }

    /** Deletes every file; refused (deleting none) while one is open. Returns how many there were. */
    public int deleteAll() {
        if (!open.isEmpty()) {
            refuseOpen(open.firstEntry().getValue().name());
        }
        List<String> names = names();
        for (String name : names) {
            delete(name);
        }
        return names.size();
    }

    // ---- open files ----

    /** Opens {@code name} in {@code mode}; returns its handle. */
    public OpenFile open(String name, OpenMode mode) {
        checkName(name);
        refuseOpen(name);
        if (open.size() >= limits.maxOpenFiles()) {
            throw new FileRefused(
                    Failure.TOO_MANY_OPEN, "at most " + limits.maxOpenFiles() + " files may be open at once");
        }
        byte[] content = files.get(name);
        if (content == null) {
            if (mode == OpenMode.READ_ONLY) {
                throw new FileRefused(Failure.NOT_FOUND, "file " + name + " does not exist");
            }
            checkRoom(0);
            store(name, new byte[0]);
        } else if (mode == OpenMode.OVERWRITE && content.length > 0) {
            store(name, new byte[0]);
        }
        int handle = limits.firstHandle();
        while (open.containsKey(handle)) {
            handle++;
        }
        OpenFile file = new OpenFile(handle, name, mode);
        open.put(handle, file);
        return file;
    }

    /** The open file with {@code handle}; refused when there is none. */
    public OpenFile file(int handle) {
        OpenFile file = open.get(handle);
        if (file == null) {
            throw new FileRefused(Failure.INVALID_HANDLE, "no file is open with handle " + handle);
        }
        return file;
    }

    /** Every open file, by handle. */
    public List<OpenFile> openFiles() {
        return List.copyOf(open.values());
    }

    /** Closes the file with {@code handle}; refused when there is none. */
    public void close(int handle) {
        file(handle);
        open.remove(handle);
    }

    /** Closes every open file: a power-up forgets them. */
    public void closeAll() {
        open.clear();
    }

    /** A file opened with {@link #open}: its handle, mode and pointer. */
    public final class OpenFile {
        private final int handle;
        private final String name;
        private final OpenMode mode;
        private long position;

        private OpenFile(int handle, String name, OpenMode mode) {
            this.handle = handle;
            this.name = name;
            this.mode = mode;
        }

        public int handle() {
            return handle;
        }

        public String name() {
            return name;
        }

        public OpenMode mode() {
            return mode;
        }

        /** The pointer: bytes from the beginning of the file. */
        public long position() {
            return position;
        }

        public long size() {
            return files.get(name).length;
        }

        /** Up to {@code max} bytes from the pointer on; the pointer moves past them. */
        public byte[] read(long max) {
            byte[] content = files.get(name);
            long from = Math.min(position, content.length);
            int n = (int) Math.max(0, Math.min(max, content.length - from));
            position = from + n;
            return Arrays.copyOfRange(content, (int) from, (int) from + n);
        }

        /**
         * Writes {@code data} at the pointer (a pointer past the end fills the gap with zeros); the
         * pointer moves past it. Refused for a read-only file, or when the file would not fit.
         */
        public void write(byte[] data) {
            writable();
            byte[] content = files.get(name);
            long end = position + data.length;
            long grows = Math.max(0, end - content.length);
            if (end > limits.maxFileSize()) {
                throw new FileRefused(
                        Failure.TOO_LARGE, "a file has at most " + limits.maxFileSize() + " bytes, would have " + end);
            }
            if (grows > free()) {
                throw new FileRefused(Failure.NO_SPACE, grows + " more bytes do not fit in the " + free() + " free");
            }
            byte[] next = Arrays.copyOf(content, (int) Math.max(end, content.length));
            System.arraycopy(data, 0, next, (int) position, data.length);
            position = end;
            store(name, next);
        }

        /** Moves the pointer to {@code to} bytes from the beginning. */
        public void seek(long to) {
            if (to < 0) {
                throw new FileRefused(Failure.OUT_OF_RANGE, "a position cannot be negative: " + to);
            }
            position = to;
        }

        /** Drops every byte from the pointer on. Refused for a read-only file. */
        public void truncate() {
            writable();
            byte[] content = files.get(name);
            if (position < content.length) {
                store(name, Arrays.copyOf(content, (int) position));
            }
        }

        private void writable() {
            if (mode == OpenMode.READ_ONLY) {
                throw new FileRefused(Failure.READ_ONLY, "file " + name + " is open for reading only");
            }
        }
    }

    // ---- keeping ----

    private byte[] existing(String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new FileRefused(Failure.NOT_FOUND, "file " + name + " does not exist");
        }
        return content;
    }

    private void refuseOpen(String name) {
        for (OpenFile f : open.values()) {
            if (f.name().equals(name)) {
                throw new FileRefused(Failure.ALREADY_OPEN, "file " + name + " is open (handle " + f.handle() + ")");
            }
        }
    }

    private void store(String name, byte[] content) {
        remember(name, content);
        if (directory != null) {
            DiskWriter.replace(pathOf(name), content);
        }
    }

    private void remember(String name, byte[] content) {
        forget(name);
        files.put(name, content);
        used += content.length;
    }

    private void forget(String name) {
        byte[] old = files.remove(name);
        if (old != null) {
            used -= old.length;
        }
    }

    private Path pathOf(String name) {
        return directory.resolve(HostFileNames.encode(name));
    }

    private static String describe(char c) {
        return c < ' ' ? String.format("the control character 0x%02x", (int) c) : "'" + c + "'";
    }
}
