package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 3GPP TS 24.008 timer encodings of AT+CPSMS, AT+QPSMS and AT+CEDRXS. */
class PowerSavingTimersTest {

    @Test
    void periodicTauUnits() {
        assertThat(PowerSavingTimers.periodicTau("00000011")).isEqualTo(Duration.ofMinutes(30));
        assertThat(PowerSavingTimers.periodicTau("00100001")).isEqualTo(Duration.ofHours(1));
        assertThat(PowerSavingTimers.periodicTau("01000011")).isEqualTo(Duration.ofHours(30));
        assertThat(PowerSavingTimers.periodicTau("01100101")).isEqualTo(Duration.ofSeconds(10));
        assertThat(PowerSavingTimers.periodicTau("10000010")).isEqualTo(Duration.ofSeconds(60));
        assertThat(PowerSavingTimers.periodicTau("10100010")).isEqualTo(Duration.ofMinutes(2));
        assertThat(PowerSavingTimers.periodicTau("11000001")).isEqualTo(Duration.ofHours(320));
        assertThat(PowerSavingTimers.periodicTau("11100001")).isNull();
    }

    @Test
    void activeTimeUnits() {
        assertThat(PowerSavingTimers.activeTime("00000101")).isEqualTo(Duration.ofSeconds(10));
        assertThat(PowerSavingTimers.activeTime("00100001")).isEqualTo(Duration.ofMinutes(1));
        assertThat(PowerSavingTimers.activeTime("01000010")).isEqualTo(Duration.ofMinutes(12));
        assertThat(PowerSavingTimers.activeTime("11100000")).isNull();
        assertThat(PowerSavingTimers.activeTime("00000000")).isEqualTo(Duration.ZERO);
    }

    @Test
    void edrxCyclesOfNbS1() {
        assertThat(PowerSavingTimers.edrxCycle("0010", PowerSavingTimers.EDRX_NB_S1))
                .isEqualTo(Duration.ofMillis(20_480));
        assertThat(PowerSavingTimers.edrxCycle("0011", PowerSavingTimers.EDRX_NB_S1))
                .isEqualTo(Duration.ofMillis(40_960));
        assertThat(PowerSavingTimers.edrxCycle("0101", PowerSavingTimers.EDRX_NB_S1))
                .isEqualTo(Duration.ofMillis(81_920));
        assertThat(PowerSavingTimers.edrxCycle("1001", PowerSavingTimers.EDRX_NB_S1))
                .isEqualTo(Duration.ofMillis(163_840));
        assertThat(PowerSavingTimers.edrxCycle("1111", PowerSavingTimers.EDRX_NB_S1))
                .isEqualTo(Duration.ofMillis(10_485_760));
        assertThat(PowerSavingTimers.edrxCycle("0000", PowerSavingTimers.EDRX_NB_S1))
                .as("not an NB-S1 value")
                .isEqualTo(Duration.ofMillis(20_480));
    }

    @Test
    void edrxCyclesOfWbS1() {
        assertThat(PowerSavingTimers.edrxCycle("0000", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(5_120));
        assertThat(PowerSavingTimers.edrxCycle("0011", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(40_960));
        assertThat(PowerSavingTimers.edrxCycle("0100", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(61_440));
        assertThat(PowerSavingTimers.edrxCycle("1001", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(163_840));
        assertThat(PowerSavingTimers.edrxCycle("1010", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(327_680));
        assertThat(PowerSavingTimers.edrxCycle("1111", PowerSavingTimers.EDRX_WB_S1))
                .isEqualTo(Duration.ofMillis(10_485_760));
    }

    @Test
    void secondsBecomeTheShortestTimerThatLastsAsLong() {
        assertThat(PowerSavingTimers.periodicTauBits(46_800)).isEqualTo("00101101"); // 13 h: 13 x 1 h
        assertThat(PowerSavingTimers.periodicTau("00101101")).isEqualTo(Duration.ofHours(13));
        assertThat(PowerSavingTimers.periodicTauBits(60)).isEqualTo("01111110"); // 30 x 2 s
        assertThat(PowerSavingTimers.periodicTauBits(63)).isEqualTo("10000011"); // 3 x 30 s
        assertThat(PowerSavingTimers.periodicTauBits(0)).isEqualTo("01100000");
        assertThat(PowerSavingTimers.activeTimeBits(2_880)).isEqualTo("01001000"); // 8 x 6 min
        assertThat(PowerSavingTimers.activeTimeBits(10)).isEqualTo("00000101");
        assertThat(PowerSavingTimers.activeTimeBits(100_000)).isEqualTo("01011111"); // the longest
    }

    @Test
    void encodingsAreBinaryDigits() {
        assertThat(PowerSavingTimers.isTimerByte("01000011")).isTrue();
        assertThat(PowerSavingTimers.isTimerByte("0100001")).isFalse();
        assertThat(PowerSavingTimers.isTimerByte("0100001x")).isFalse();
        assertThat(PowerSavingTimers.isEdrxValue("0101")).isTrue();
        assertThat(PowerSavingTimers.isEdrxValue("0102")).isFalse();
    }
}
