package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.Identity;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.testing.HostTyping;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BG96's files keep every byte, whatever it is and however the host cuts its writes. */
class Bg96FilesTest {
    private ModemHarness shared;

    @TempDir
    Path stateDir;

    private ModemHarness modem() {
        if (shared == null) {
            shared = new ModemHarness(new Bg96Dialect());
            shared.bootQuiet();
        }
        return shared;
    }

    @AfterProperty
    void closeModem() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** The manual's checksum, computed another way: XOR of big-endian shorts, the odd byte zero-padded. */
    private static String checksum(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length + 1).put(data);
        b.flip();
        int sum = 0;
        while (b.remaining() >= 2) {
            sum ^= b.getShort() & 0xffff;
        }
        if (data.length % 2 == 1) {
            sum ^= (data[data.length - 1] & 0xff) << 8;
        }
        return Integer.toHexString(sum);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Any bytes uploaded with AT+QFUPL, cut into any writes, come back byte-exact with AT+QFDWL and
     * with AT+QFREAD, and both answers carry the checksum of the bytes.
     */
    @Property(tries = 300)
    @AddLifecycleHook(Tries.class)
    void uploadedBytesComeBackExactlyWithTheirChecksum(@ForAll("files") byte[] data, @ForAll long seed) {
        ModemHarness m = modem();
        Random random = new Random(seed);
        String sum = checksum(data);
        m.send("AT+QFUPL=\"p.bin\"," + data.length).expectRaw("\r\nCONNECT\r\n");
        for (byte[] chunk : HostTyping.cut(data, random, 1 + random.nextInt(600))) {
            m.sendRaw(chunk);
        }
        m.expectRaw("\r\n+QFUPL: " + data.length + "," + sum + "\r\n\r\nOK\r\n");

        m.send("AT+QFDWL=\"p.bin\"").expectRaw("\r\nCONNECT\r\n");
        assertThat(m.nextBytes(data.length)).isEqualTo(data);
        m.expectRaw("\r\n+QFDWL: " + data.length + "," + sum + "\r\n\r\nOK\r\n");

        m.send("AT+QFOPEN=\"p.bin\",2").expectLine("+QFOPEN: 3000").expectLine("OK");
        m.send("AT+QFREAD=3000").expectRaw("\r\nCONNECT " + data.length + "\r\n");
        assertThat(m.nextBytes(data.length)).isEqualTo(data);
        m.expectRaw("\r\nOK\r\n");
        m.send("AT+QFCLOSE=3000;+QFDEL=\"p.bin\"").expectLine("OK");
        m.expectSilence();
        assertThat(m.faults()).isZero();
    }

    @Provide
    Arbitrary<byte[]> files() {
        return HostTyping.payloads(3000).filter(b -> b.length > 0);
    }

    /** Bytes written at a pointer with AT+QFWRITE read back exactly, in any cut. */
    @Property(tries = 100)
    void writtenBytesReadBackExactly(@ForAll("files") byte[] first, @ForAll("files") byte[] second, @ForAll long seed) {
        ModemHarness m = modem();
        Random random = new Random(seed);
        m.send("AT+QFOPEN=\"w.bin\",1").expectLine("+QFOPEN: 3000").expectLine("OK");
        for (byte[] data : new byte[][] {first, second}) {
            m.send("AT+QFWRITE=3000," + data.length).expectRaw("\r\nCONNECT\r\n");
            for (byte[] chunk : HostTyping.cut(data, random, 1 + random.nextInt(600))) {
                m.sendRaw(chunk);
            }
            m.nextLine(); // +QFWRITE: <written>,<total>
            m.expectLine("OK");
        }
        byte[] both = HostTyping.concat("", first, second);
        m.send("AT+QFSEEK=3000,0").expectLine("OK");
        m.send("AT+QFREAD=3000," + both.length).expectRaw("\r\nCONNECT " + both.length + "\r\n");
        assertThat(m.nextBytes(both.length)).isEqualTo(both);
        m.expectRaw("\r\nOK\r\n");
        m.send("AT+QFCLOSE=3000").expectLine("OK");
        assertThat(m.faults()).isZero();
    }

    /** With --state-dir the files outlive the program: a modem with the same IMEI finds them. */
    @Test
    void filesSurviveARestartWithAStateDirectory() throws Exception {
        long serial = 4242;
        ModemSettings settings = ModemSettings.defaults().withStateDir(stateDir);
        byte[] pem = ascii("-----BEGIN CERTIFICATE-----\n");
        try (ModemHarness m = new ModemHarness(new Bg96Dialect(), settings, serial)) {
            m.bootQuiet();
            m.send("AT+QFUPL=\"cacert.pem\"," + pem.length).expectLine("CONNECT");
            m.sendRaw(pem);
            m.expectLine("+QFUPL: 28,6c54").expectLine("OK");
        }
        assertThat(NvStore.awaitWritten(Duration.ofSeconds(10))).isTrue();
        String imei = Identity.of(Bg96Dialect.PROFILE, serial).imei();
        Path kept = stateDir.resolve("bg96").resolve(imei + ".files").resolve("cacert.pem.file");
        assertThat(Files.readAllBytes(kept)).isEqualTo(pem);

        try (ModemHarness m = new ModemHarness(new Bg96Dialect(), settings, serial)) {
            m.bootQuiet();
            m.send("AT+QFLST=\"*\"").expectLine("+QFLST: \"cacert.pem\",28").expectLine("OK");
            m.send("AT+QFDEL=\"cacert.pem\"").expectLine("OK");
        }
        assertThat(NvStore.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(kept).doesNotExist();
    }
}
