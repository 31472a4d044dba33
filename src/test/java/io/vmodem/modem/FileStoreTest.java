package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.modem.FileRefused.Failure;
import io.vmodem.modem.FileStore.OpenMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's files: kept within the module's limits, written off the loop and atomically beside
 * the non-volatile store, and read back by a store opened later on the same directory.
 */
class FileStoreTest {
    private static final FileLimits SMALL = new FileLimits(100, 60, 12, 2, 3000);

    @TempDir
    Path dir;

    private static void written() {
        assertThat(NvStore.awaitWritten(Duration.ofSeconds(10))).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Failure refusal(Runnable r) {
        try {
            r.run();
        } catch (FileRefused e) {
            return e.failure();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void filesReachTheDiskAndAStoreOpenedLaterHasThem() {
        FileStore files = FileStore.open(dir, SMALL);
        files.create("cacert.pem", bytes("-----BEGIN"));
        files.create("key", bytes("k"));
        files.replace("key", bytes("key2"));
        files.create("gone", bytes("x"));
        files.delete("gone");
        written();
        assertThat(dir.resolve("cacert.pem.file")).hasContent("-----BEGIN");
        assertThat(dir.resolve("gone.file")).doesNotExist();
        FileStore again = FileStore.open(dir, SMALL);
        assertThat(again.names()).containsExactly("cacert.pem", "key");
        assertThat(again.read("key")).isEqualTo(bytes("key2"));
        assertThat(again.used()).isEqualTo(14);
        assertThat(again.free()).isEqualTo(86);
    }

    @Test
    void aStoreOpenedBeforeTheWritesLandSeesThem() {
        FileStore files = FileStore.open(dir, SMALL);
        for (int i = 0; i < 50; i++) {
            files.replace("n", bytes(Integer.toString(i)));
        }
        files.create("x", bytes("1"));
        files.delete("x");
        // Whether or not the writer got to them yet, a store opened now has the latest files.
        FileStore now = FileStore.open(dir, SMALL);
        assertThat(now.names()).containsExactly("n");
        assertThat(now.read("n")).isEqualTo(bytes("49"));
        written();
        assertThat(FileStore.open(dir, SMALL).read("n")).isEqualTo(bytes("49"));
    }

    /** A crash mid-write leaves a half-written temporary file beside the file: the file is what it was. */
    @Test
    void aKilledWriteLeavesThePreviousContent() throws Exception {
        FileStore files = FileStore.open(dir, SMALL);
        files.create("a.pem", bytes("old"));
        written();
        Files.writeString(dir.resolve("a.pem.file" + DiskWriter.TEMPORARY), "ne");
        assertThat(FileStore.open(dir, SMALL).read("a.pem")).isEqualTo(bytes("old"));
        assertThat(FileStore.open(dir, SMALL).names()).containsExactly("a.pem");
    }

    @Test
    void namesOfAnyCharactersBecomePlainFilesOfTheHost() {
        FileStore files = FileStore.open(dir, new FileLimits(1000, 1000, 80, 1, 1));
        for (String name : new String[] {".", "..", ".hidden", "a b", "中华.pem", "UFS:x", "%41", "a.file"}) {
            files.create(name, bytes(name));
        }
        written();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
        FileStore again = FileStore.open(dir, files.limits());
        assertThat(again.names()).containsExactlyInAnyOrderElementsOf(files.names());
        assertThat(again.read("中华.pem")).isEqualTo(bytes("中华.pem"));
    }

    @Property(tries = 200)
    void everyNameEncodesToOneFileNameAndBack(@ForAll @StringLength(min = 1, max = 40) String name) {
        String encoded = HostFileNames.encode(name);
        assertThat(encoded).matches("[A-Za-z0-9_%-][A-Za-z0-9_.%-]*\\.file");
        assertThat(HostFileNames.decode(encoded)).isEqualTo(name);
    }

    @Test
    void theModulesLimitsHold() {
        FileStore files = FileStore.inMemory(SMALL);
        assertThat(refusal(() -> files.create("", bytes("x")))).isEqualTo(Failure.INVALID_NAME);
        assertThat(refusal(() -> files.create("thirteen.char", bytes("x")))).isEqualTo(Failure.INVALID_NAME);
        assertThat(refusal(() -> files.create("a/b", bytes("x")))).isEqualTo(Failure.INVALID_NAME);
        assertThat(refusal(() -> files.create("big", new byte[61]))).isEqualTo(Failure.TOO_LARGE);
        files.create("one", new byte[60]);
        assertThat(refusal(() -> files.create("one", bytes("x")))).isEqualTo(Failure.EXISTS);
        assertThat(refusal(() -> files.create("two", new byte[41]))).isEqualTo(Failure.NO_SPACE);
        files.create("two", new byte[40]);
        assertThat(files.free()).isZero();
        assertThat(refusal(() -> files.delete("three"))).isEqualTo(Failure.NOT_FOUND);
        assertThat(refusal(() -> files.read("three"))).isEqualTo(Failure.NOT_FOUND);
        files.replace("one", new byte[10]);
        assertThat(files.free()).isEqualTo(50);
        assertThat(files.deleteAll()).isEqualTo(2);
        assertThat(files.used()).isZero();
    }

    @Test
    void anOpenFileIsReadWrittenAndTruncatedAtItsPointer() {
        FileStore files = FileStore.inMemory(SMALL);
        FileStore.OpenFile f = files.open("t.txt", OpenMode.READ_WRITE);
        assertThat(f.handle()).isEqualTo(3000);
        f.write(bytes("0123456789"));
        assertThat(f.position()).isEqualTo(10);
        f.seek(2);
        assertThat(f.read(3)).isEqualTo(bytes("234"));
        f.truncate();
        assertThat(files.read("t.txt")).isEqualTo(bytes("01234"));
        f.seek(7);
        f.write(bytes("x"));
        assertThat(files.read("t.txt")).isEqualTo(bytes("01234\0\0x"));
        assertThat(f.read(5)).isEmpty();

        FileStore.OpenFile second = files.open("other", OpenMode.OVERWRITE);
        assertThat(second.handle()).isEqualTo(3001);
        assertThat(refusal(() -> files.open("third", OpenMode.READ_WRITE))).isEqualTo(Failure.TOO_MANY_OPEN);
        assertThat(refusal(() -> files.delete("t.txt"))).isEqualTo(Failure.ALREADY_OPEN);
        assertThat(refusal(() -> files.open("t.txt", OpenMode.READ_ONLY))).isEqualTo(Failure.ALREADY_OPEN);
        files.close(3000);
        assertThat(refusal(() -> files.close(3000))).isEqualTo(Failure.INVALID_HANDLE);

        FileStore.OpenFile ro = files.open("t.txt", OpenMode.READ_ONLY);
        assertThat(ro.handle()).isEqualTo(3000);
        assertThat(refusal(() -> ro.write(bytes("y")))).isEqualTo(Failure.READ_ONLY);
        assertThat(refusal(ro::truncate)).isEqualTo(Failure.READ_ONLY);
        assertThat(refusal(() -> files.open("missing", OpenMode.READ_ONLY))).isEqualTo(Failure.TOO_MANY_OPEN);
        files.closeAll();
        assertThat(refusal(() -> files.open("missing", OpenMode.READ_ONLY))).isEqualTo(Failure.NOT_FOUND);
        FileStore.OpenFile emptied = files.open("t.txt", OpenMode.OVERWRITE);
        assertThat(emptied.size()).isZero();
        assertThatThrownBy(() -> emptied.seek(-1)).isInstanceOf(FileRefused.class);
    }

    /** A directory where the store cannot write: the files live on in memory, the modem never notices. */
    @Test
    void aStoreThatCannotBeWrittenLivesOnInMemory() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the directory should be");
        FileStore files = FileStore.open(blocked, SMALL);
        files.create("k", bytes("v"));
        written();
        assertThat(files.read("k")).isEqualTo(bytes("v"));
    }
}
