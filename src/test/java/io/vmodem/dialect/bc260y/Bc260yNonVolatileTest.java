package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.ModemHarness;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data format is saved to NVRAM (guide 2.3.1), and so are the power-saving, band and sleep
 * settings: a reboot keeps them (see the reboot transcript), and with a state directory so does a
 * restart of the program for the same modem identity.
 */
class Bc260yNonVolatileTest {
    private static final long SERIAL = 424_242;

    @Test
    void settingsSurviveARestartOfTheProgramWithAStateDirectory(@TempDir Path dir) {
        ModemSettings settings = ModemSettings.defaults().withStateDir(dir);
        String imei;
        try (ModemHarness first = new ModemHarness(new Bc260yDialect(), settings, SERIAL)) {
            Bc260yTranscriptTest.bootAndAttach(first);
            first.send("ATE0").expectLine("ATE0").expectLine("OK");
            first.send("AT+QICFG=\"dataformat\",1,1").expectLine("OK");
            first.send("AT+CPSMS=1,,,\"01000011\",\"00000101\"").expectLine("OK");
            first.send("AT+QSCLK=2").expectLine("OK");
            first.send("AT+QBAND=1,5").expectLine("OK");
            imei = first.onLoop(() -> first.session().modem().identity().imei());
        }
        assertThat(dir.resolve("bc260y").resolve(imei + ".properties")).exists();

        try (ModemHarness again = new ModemHarness(new Bc260yDialect(), settings, SERIAL)) {
            Bc260yTranscriptTest.bootAndAttach(again);
            again.send("ATE0").expectLine("ATE0").expectLine("OK");
            again.send("AT+QICFG=\"dataformat\"")
                    .expectLine("+QICFG: \"dataformat\",1,1")
                    .expectLine("OK");
            again.send("AT+CPSMS?")
                    .expectLine("+CPSMS: 1,,,\"01000011\",\"00000101\"")
                    .expectLine("OK");
            again.send("AT+QSCLK?").expectLine("+QSCLK: 2").expectLine("OK");
            again.send("AT+QBAND?").expectLine("+QBAND: 5").expectLine("OK");
        }

        try (ModemHarness other = new ModemHarness(new Bc260yDialect(), settings, SERIAL + 1)) {
            Bc260yTranscriptTest.bootAndAttach(other);
            other.send("ATE0").expectLine("ATE0").expectLine("OK");
            other.send("AT+QICFG=\"dataformat\"")
                    .expectLine("+QICFG: \"dataformat\",0,0")
                    .expectLine("OK");
        }
    }

    @Test
    void withoutAStateDirectoryANewProgramStartsFromTheFactorySettings() {
        try (ModemHarness first = new ModemHarness(new Bc260yDialect(), ModemSettings.defaults(), SERIAL)) {
            Bc260yTranscriptTest.bootAndAttach(first);
            first.send("AT+QICFG=\"dataformat\",1,1");
            first.expectLine("AT+QICFG=\"dataformat\",1,1").expectLine("OK");
        }
        try (ModemHarness again = new ModemHarness(new Bc260yDialect(), ModemSettings.defaults(), SERIAL)) {
            Bc260yTranscriptTest.bootAndAttach(again);
            again.send("AT+QICFG=\"dataformat\"");
            again.expectLine("AT+QICFG=\"dataformat\"").expectLine("+QICFG: \"dataformat\",0,0");
        }
    }

    /** The same through the program's own TCP link, in real time: two runs, one state directory. */
    @Test
    void twoRunsOfTheLinkServerShareTheStateDirectory(@TempDir Path dir) throws Exception {
        ModemSettings settings = ModemSettings.defaults().withStateDir(dir);
        assertThat(session(settings, "AT+QICFG=\"dataformat\",0,1\r\n", "OK\r\n"))
                .endsWith("\r\nOK\r\n");
        assertThat(session(settings, "AT+QICFG=\"dataformat\"\r\n", "OK\r\n"))
                .endsWith("\r\n+QICFG: \"dataformat\",0,1\r\n\r\nOK\r\n");
        try (var files = Files.list(dir.resolve("bc260y"))) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    /** One run of the program: a link server, one connection, one command after the +IP URC. */
    private static String session(ModemSettings settings, String command, String until) throws Exception {
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bc260yDialect(), settings, SERIAL);
        try (TcpLinkServer server = new TcpLinkServer(factory)) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                assertThat(readUntil(in, "+IP: ")).startsWith("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
                readUntil(in, "\r\n");
                s.getOutputStream().write(("ATE0\r\n" + command).getBytes(StandardCharsets.ISO_8859_1));
                readUntil(in, "OK\r\n");
                return readUntil(in, until);
            }
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("link closed; got " + got.toString(StandardCharsets.ISO_8859_1));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
