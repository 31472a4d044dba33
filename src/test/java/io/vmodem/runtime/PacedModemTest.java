package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole modem behind a paced link: a command and its answer take what a 9600 baud UART takes. */
class PacedModemTest {

    @Test
    void aCommandAndItsAnswerCrossAtTheLinesSpeed() {
        try (ModemHarness modem =
                new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(9600, null))) {
            modem.bootQuiet();
            long t0 = modem.time().nanoTime();
            modem.send("AT"); // "AT\r\n": the command runs when its CR, the third byte, has arrived
            modem.expectLine("OK"); // "\r\nOK\r\n": six more bytes
            long elapsed = modem.time().nanoTime() - t0;
            // 3 bytes in, then 6 bytes out, 10 bits each at 9600 bit/s
            assertThat(elapsed).isEqualTo(9_375_000L);
            assertThat(modem.faults()).isZero();
        }
    }

    /**
     * Behind the UART "before the answer" is in the line's time: an LF sent while the prompt is still
     * crossing the line was sent before the host could see it, and ends the line; one sent after the
     * prompt arrived is data.
     */
    @Test
    void anLfSentWhileThePromptIsStillOnTheLineEndsTheCommand() throws Exception {
        try (ControlledServer server = new ControlledServer();
                ModemHarness modem =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(115_200, null))) {
            // The line's ticks are timers: virtual time moves by hand, not after the harness's quiet waits.
            modem.autoAdvance(false);
            modem.onLoop(() -> modem.modem().powerOn());
            modem.advance(ModemSettings.DEFAULT_BOOT_DELAY);
            modem.drainQuietly(); // the boot URCs
            for (String command : List.of(
                    "ATE0",
                    "AT+QIACT=1",
                    "AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0")) {
                modem.send(command);
                modem.advance(Duration.ofMillis(200));
            }
            ControlledServer.Client peer = server.awaitClient();
            modem.autoAdvance(true); // the URC follows the real connect, whenever that ends
            while (!modem.nextLine().equals("+QIOPEN: 0,0")) {
                // ATE0's echo and the OKs
            }
            modem.autoAdvance(false);
            long byteNanos = 1_000_000_000L * UartPacing.BITS_PER_BYTE / 115_200;

            modem.sendRaw("AT+QISEND=0,3\r"); // 14 bytes
            modem.advance(Duration.ofNanos(14 * byteNanos + byteNanos / 2)); // the CR is in; "> " on its way
            modem.sendRaw("\nabc");
            modem.advance(Duration.ofMillis(10));
            modem.expectPrompt().expectLine("SEND OK");
            assertThat(peer.awaitReceived(3)).isEqualTo("abc".getBytes(StandardCharsets.ISO_8859_1));

            modem.sendRaw("AT+QISEND=0,3\r");
            modem.advance(Duration.ofMillis(10));
            modem.expectPrompt();
            modem.sendRaw("\nab");
            modem.advance(Duration.ofMillis(10));
            modem.expectLine("SEND OK");
            assertThat(peer.awaitReceived(6)).isEqualTo("abc\nab".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(modem.faults()).isZero();
        }
    }
}
