package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 3GPP TS 24.008 timer encodings of AT+CPSMS and AT+CEDRXS. */
class NbIotTimersTest {

    @Test
    void periodicTauUnits() {
        assertThat(NbIotTimers.periodicTau("00000011")).isEqualTo(Duration.ofMinutes(30));
        assertThat(NbIotTimers.periodicTau("00100001")).isEqualTo(Duration.ofHours(1));
        assertThat(NbIotTimers.periodicTau("01000011")).isEqualTo(Duration.ofHours(30));
        assertThat(NbIotTimers.periodicTau("01100101")).isEqualTo(Duration.ofSeconds(10));
        assertThat(NbIotTimers.periodicTau("10000010")).isEqualTo(Duration.ofSeconds(60));
        assertThat(NbIotTimers.periodicTau("10100010")).isEqualTo(Duration.ofMinutes(2));
        assertThat(NbIotTimers.periodicTau("11000001")).isEqualTo(Duration.ofHours(320));
        assertThat(NbIotTimers.periodicTau("11100001")).isNull();
    }

    @Test
    void activeTimeUnits() {
        assertThat(NbIotTimers.activeTime("00000101")).isEqualTo(Duration.ofSeconds(10));
        assertThat(NbIotTimers.activeTime("00100001")).isEqualTo(Duration.ofMinutes(1));
        assertThat(NbIotTimers.activeTime("01000010")).isEqualTo(Duration.ofMinutes(12));
        assertThat(NbIotTimers.activeTime("11100000")).isNull();
        assertThat(NbIotTimers.activeTime("00000000")).isEqualTo(Duration.ZERO);
    }

    @Test
    void edrxCyclesOfNbS1() {
        assertThat(NbIotTimers.edrxCycle("0010")).isEqualTo(Duration.ofMillis(20_480));
        assertThat(NbIotTimers.edrxCycle("0011")).isEqualTo(Duration.ofMillis(40_960));
        assertThat(NbIotTimers.edrxCycle("0101")).isEqualTo(Duration.ofMillis(81_920));
        assertThat(NbIotTimers.edrxCycle("1001")).isEqualTo(Duration.ofMillis(163_840));
        assertThat(NbIotTimers.edrxCycle("1111")).isEqualTo(Duration.ofMillis(10_485_760));
        assertThat(NbIotTimers.edrxCycle("0000")).as("not an NB-S1 value").isEqualTo(Duration.ofMillis(20_480));
    }

    @Test
    void encodingsAreBinaryDigits() {
        assertThat(NbIotTimers.isTimerByte("01000011")).isTrue();
        assertThat(NbIotTimers.isTimerByte("0100001")).isFalse();
        assertThat(NbIotTimers.isTimerByte("0100001x")).isFalse();
        assertThat(NbIotTimers.isEdrxValue("0101")).isTrue();
        assertThat(NbIotTimers.isEdrxValue("0102")).isFalse();
    }
}
