package io.vmodem.transport.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.bg96.Bg96Session;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.trace.TraceLog;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pty link as a firmware's host build uses it: open the tty, talk, close it, reopen it. */
class PtyLinkTest {

    @TempDir
    Path dir;

    @Test
    void aFirmwareRunsASessionClosesTheTtyReopensItAndCarriesOn() throws Exception {
        assumeTrue(PtyLink.supported(), "pseudo-terminals need Linux or macOS");
        StringWriter trace = new StringWriter();
        Path link = dir.resolve("ttyModem");
        try (TcpEchoServer echo = new TcpEchoServer();
                TraceLog log = TraceLog.to(trace)) {
            ModemFactory factory = new ModemFactory(
                    ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 700, new LinkLayers(0, log));
            try (PtyLink pty = new PtyLink(factory, link)) {
                String slave = pty.start();
                assertThat(slave).startsWith("/dev/");
                assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of(slave));

                try (TtyEnd firmware = TtyEnd.open(link.toString())) {
                    assertThat(firmware.readUntil("+QIND: PB DONE\r\n")).startsWith("\r\nRDY\r\n");
                    firmware.write("ATE0\r\n");
                    assertThat(firmware.readUntil("OK\r\n")).isEqualTo("ATE0\r\r\nOK\r\n");
                    firmware.write("AT+QIACT=1\r\n");
                    assertThat(firmware.readUntil("OK\r\n")).isEqualTo("\r\nOK\r\n");
                    firmware.write("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0\r\n");
                    assertThat(firmware.readUntil("+QIOPEN: 0,0\r\n")).isEqualTo("\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
                    firmware.write("AT+QISEND=0,5\r\n");
                    assertThat(firmware.readUntil("> ")).isEqualTo("\r\n> ");
                    firmware.write("hello");
                    assertThat(firmware.readUntil("SEND OK\r\n")).isEqualTo("\r\nSEND OK\r\n");
                    assertThat(firmware.readUntil("+QIURC: \"recv\",0\r\n")).isEqualTo("\r\n+QIURC: \"recv\",0\r\n");
                    firmware.write("AT+QIRD=0,1500\r\n");
                    assertThat(firmware.readUntil("\r\nOK\r\n")).isEqualTo("\r\n+QIRD: 5\r\nhello\r\n\r\nOK\r\n");
                    // Data goes out; the firmware closes the tty before it reads the URC.
                    firmware.write("AT+QISEND=0,5\r\n");
                    firmware.readUntil("> ");
                    firmware.write("world");
                    firmware.readUntil("SEND OK\r\n");
                }
                Await.until("the link notices the tty closed", () -> !pty.present());
                // Its URC is output from before the tty opened again, however late the echo comes.
                Await.until(
                        "the echo of world is back",
                        () -> pty.modem()
                                        .loop()
                                        .submit(() -> ((Bg96Session) pty.modem().session())
                                                .socket(0)
                                                .net()
                                                .received())
                                        .get()
                                == 10);
                long queuedBefore = pty.outputQueued();

                try (TtyEnd firmware = TtyEnd.open(slave)) {
                    Await.until("the link notices the tty opened", pty::present);
                    // The same modem: no boot URCs, no stale output, echo still off, the data kept.
                    pty.modem().loop().submit(() -> {}).syncUninterruptibly();
                    assertThat(pty.outputQueued())
                            .as("output since the tty was reopened")
                            .isEqualTo(queuedBefore);
                    firmware.write("AT+QIRD=0,1500\r\n");
                    assertThat(firmware.readUntil("\r\nOK\r\n")).isEqualTo("\r\n+QIRD: 5\r\nworld\r\n\r\nOK\r\n");
                    firmware.write("AT+QICLOSE=0\r\n");
                    assertThat(firmware.readUntil("OK\r\n")).isEqualTo("\r\nOK\r\n");
                }
                CompletableFuture<Long> faults = new CompletableFuture<>();
                pty.modem()
                        .loop()
                        .execute(() ->
                                faults.complete(pty.modem().session().engine().faults()));
                assertThat(faults.get(5, TimeUnit.SECONDS)).isZero();
            }
            assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .isFalse();
        }
        assertThat(trace.toString())
                .contains(" * link pty /dev/")
                .contains(" * tty opened\n")
                .contains(" * tty closed\n")
                .contains(" * dtr off\n")
                .contains(" * dtr on\n")
                .contains(" > AT+QIRD=0,1500\\r\\n\n")
                .contains(" * link closed\n");
    }

    @Test
    void aModemWhoseTtyIsNeverOpenedStaysQuietAndCloses() throws Exception {
        assumeTrue(PtyLink.supported(), "pseudo-terminals need Linux or macOS");
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 710);
        PtyLink pty = new PtyLink(factory, null);
        pty.start();
        Await.until("the link looks for the tty twice", () -> pty.absentLooks() >= 2);
        assertThat(pty.present()).isFalse();
        CompletableFuture<Boolean> powered = new CompletableFuture<>();
        pty.modem().loop().execute(() -> powered.complete(pty.modem().session().powered()));
        assertThat(powered.get(5, TimeUnit.SECONDS)).isFalse();
        pty.close();
    }
}
