package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.testing.ModemHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-volatile store is written off the modem's loop, atomically: a write that dies half way
 * leaves the previous settings, and a store that cannot be read or written never stops a modem.
 */
class NvStoreTest {
    private static final String IMEI = "866677040000001";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(IMEI + ".properties");
    }

    private static void written() {
        assertThat(NvStore.awaitWritten(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void settingsReachTheDiskAndReadBack() {
        NvStore nv = NvStore.open(dir, IMEI);
        nv.put("dataformat", "1,1");
        nv.put("qsclk", "2");
        nv.put("qsclk", "0");
        written();
        assertThat(file()).exists();
        assertThat(dir.resolve(IMEI + ".properties.tmp")).doesNotExist();
        NvStore again = NvStore.open(dir, IMEI);
        assertThat(again.get("dataformat", "")).isEqualTo("1,1");
        assertThat(again.getInt("qsclk", -1)).isZero();
    }

    @Test
    void aStoreOpenedBeforeTheWriteLandsSeesTheLatestSettings() {
        NvStore nv = NvStore.open(dir, IMEI);
        for (int i = 0; i <= 100; i++) {
            nv.put("count", Integer.toString(i));
        }
        // Whether or not the writer got to it yet, a modem with this IMEI starts from these settings.
        assertThat(NvStore.open(dir, IMEI).getInt("count", -1)).isEqualTo(100);
        written();
        assertThat(NvStore.open(dir, IMEI).getInt("count", -1)).isEqualTo(100);
    }

    /** A crash while writing leaves a half-written temporary file: the store is what it was. */
    @Test
    void aKilledWriteLeavesThePreviousSettingsReadable() throws Exception {
        NvStore nv = NvStore.open(dir, IMEI);
        nv.put("dataformat", "1,1");
        written();
        Files.writeString(
                dir.resolve(IMEI + ".properties.tmp"),
                "#vmodem non-vol\ndataformat=0,\\u00",
                StandardCharsets.ISO_8859_1);
        assertThat(NvStore.open(dir, IMEI).get("dataformat", "factory")).isEqualTo("1,1");

        // The next write replaces the leftover and lands whole.
        NvStore after = NvStore.open(dir, IMEI);
        after.put("dataformat", "0,1");
        written();
        assertThat(NvStore.open(dir, IMEI).get("dataformat", "factory")).isEqualTo("0,1");
        assertThat(dir.resolve(IMEI + ".properties.tmp")).doesNotExist();
    }

    /** A write that cannot happen (here its temporary file cannot be made) leaves the file as it was. */
    @Test
    void aFailedWriteLeavesTheFileAsItWasAndTheStoreWorking() throws Exception {
        NvStore nv = NvStore.open(dir, IMEI);
        nv.put("dataformat", "1,1");
        written();
        Files.createDirectory(dir.resolve(IMEI + ".properties.tmp"));
        nv.put("dataformat", "0,0");
        written();
        assertThat(nv.get("dataformat", "factory")).isEqualTo("0,0"); // the running modem keeps it
        assertThat(NvStore.open(dir, IMEI).get("dataformat", "factory")).isEqualTo("1,1");
    }

    @Test
    void aCorruptOrUnreadableStoreStartsFromTheFactorySettings() throws Exception {
        Files.writeString(file(), "dataformat=1,1\nqsclk=\\uZZZZ\n", StandardCharsets.ISO_8859_1);
        NvStore corrupt = NvStore.open(dir, IMEI);
        assertThat(corrupt.get("dataformat", "factory")).isEqualTo("factory");
        corrupt.put("dataformat", "0,1");
        written();
        assertThat(NvStore.open(dir, IMEI).get("dataformat", "factory")).isEqualTo("0,1");

        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve(IMEI + ".properties")); // a folder where the file should be
        NvStore unreadable = NvStore.open(other, IMEI);
        assertThat(unreadable.get("dataformat", "factory")).isEqualTo("factory");
        unreadable.put("dataformat", "1,0");
        written();
        assertThat(unreadable.get("dataformat", "factory")).isEqualTo("1,0");
    }

    /** A modem whose store is corrupt boots and answers, from its factory settings. */
    @Test
    void aModemWithACorruptStoreBootsAndAnswers() throws Exception {
        long serial = 515_151;
        ModemSettings settings = ModemSettings.defaults().withStateDir(dir);
        String imei = Identity.of(new Bc260yDialect().profile(), serial).imei();
        Path store = dir.resolve("bc260y").resolve(imei + ".properties");
        Files.createDirectories(store.getParent());
        Files.write(store, new byte[] {'d', 'a', 't', 'a', '=', '\\', 'u', 'x'});
        try (ModemHarness modem = new ModemHarness(new Bc260yDialect(), settings, serial)) {
            modem.boot();
            modem.send("AT+QICFG=\"dataformat\"");
            modem.expectLine("AT+QICFG=\"dataformat\"")
                    .expectLine("+QICFG: \"dataformat\",0,0")
                    .expectLine("OK");
            modem.send("AT+QICFG=\"dataformat\",1,1")
                    .expectLine("AT+QICFG=\"dataformat\",1,1")
                    .expectLine("OK");
            assertThat(modem.faults()).isZero();
        }
        assertThat(NvStore.open(store.getParent(), imei).get("qicfg.dataformat.send", ""))
                .isEqualTo("1");
    }
}
