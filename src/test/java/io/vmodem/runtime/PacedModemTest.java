package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
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
}
