package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialects;
import io.vmodem.testing.ModemHarness;
import org.junit.jupiter.api.Test;

/** SIM7600 behaviours a transcript cannot show byte for byte or that need special settings. */
class Sim7600SessionTest {

    @Test
    void theDialectIsRegisteredUnderItsCommandLineName() {
        assertThat(Dialects.find("SIM7600")).isInstanceOf(Sim7600Dialect.class);
        assertThat(Dialects.names()).contains("sim7600");
    }

    @Test
    void powerUpPrintsTheUrcsAndEchoesCommands() {
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect())) {
            assertThat(modem.boot()).isEqualTo("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
            modem.send("AT");
            modem.expectRaw("AT\r\r\nOK\r\n");
        }
    }

    @Test
    void theClockReadsInSimcomFormat() {
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            modem.send("AT+CCLK?");
            assertThat(modem.nextLine()).matches("\\+CCLK: \"\\d{2}/\\d{2}/\\d{2},\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}\"");
            modem.expectLine("OK");
        }
    }
}
