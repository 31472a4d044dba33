package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The radio model every dialect shares, driven as the fault model drives it: registration, signal and
 * coverage change what the module reports, and listeners hear each change once.
 */
class RadioTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final Radio radio = new Radio(time, 20, 99);
    private final List<String> heard = new ArrayList<>();

    RadioTest() {
        radio.addListener(status -> heard.add("reg " + status));
        radio.addSignalListener((rssi, ber) -> heard.add("csq " + rssi + "," + ber));
    }

    @Test
    void theNetworkDecidesTheRegistrationWhileTheRadioHearsIt() {
        assertThat(radio.status()).isEqualTo(Radio.REGISTERED_HOME);
        radio.registration(Radio.REGISTERED_ROAMING);
        assertThat(radio.registered()).isTrue();
        radio.registration(Radio.DENIED);
        assertThat(radio.registered()).isFalse();
        assertThat(radio.rssi()).as("a denied module still measures the cell").isEqualTo(20);
        radio.coverage(false);
        assertThat(radio.status()).isEqualTo(Radio.SEARCHING);
        radio.coverage(true);
        radio.registration(Radio.REGISTERED_HOME);
        assertThat(heard).containsExactly("reg 5", "reg 3", "reg 2", "csq 99,99", "reg 3", "csq 20,99", "reg 1");
    }

    @Test
    void theSignalIsReportedOnlyWhileTheRadioIsOnAndInCoverage() {
        radio.signal(12, 3);
        radio.signal(12, 3);
        assertThat(radio.rssi()).isEqualTo(12);
        assertThat(radio.rssiDbm()).isEqualTo(-89);
        radio.functionality(4);
        assertThat(radio.rssi()).isEqualTo(Radio.SIGNAL_UNKNOWN);
        radio.signal(25, 0); // the level changes meanwhile, unseen
        radio.functionality(1);
        assertThat(heard).containsExactly("csq 12,3", "reg 0", "csq 99,99", "reg 1", "csq 25,0");
    }

    @Test
    void aResetKeepsTheWorldAndTellsNoOne() {
        radio.coverage(false);
        radio.functionality(0);
        heard.clear();
        radio.reset();
        assertThat(radio.functionality()).isEqualTo(1);
        assertThat(radio.status()).isEqualTo(Radio.SEARCHING);
        assertThat(heard).isEmpty();
    }

    @Test
    void thePacketDomainReportsItsOwnRegistrationWhileDetached() {
        radio.attach(false);
        assertThat(radio.status()).isEqualTo(Radio.REGISTERED_HOME);
        assertThat(radio.packetStatus()).as("detached by the host").isEqualTo(Radio.NOT_REGISTERED);
        assertThat(radio.attached()).isFalse();
        radio.attach(true);
        radio.packetService(false);
        assertThat(radio.packetStatus())
                .as("the network refuses: the module keeps trying")
                .isEqualTo(Radio.SEARCHING);
        assertThat(radio.attached()).isFalse();
        assertThat(radio.canAttach()).isFalse();
        assertThat(radio.carriesData()).isFalse();
        radio.packetService(true);
        assertThat(radio.attached()).isTrue();
        assertThat(heard).containsExactly("reg 1", "reg 1", "reg 1", "reg 1");
    }

    @Test
    void withoutAReadySimOrASignalTheModuleIsNotRegistered() {
        radio.sim(false);
        assertThat(radio.status()).isEqualTo(Radio.NOT_REGISTERED);
        assertThat(radio.rssi()).as("the radio still measures the cell").isEqualTo(20);
        radio.sim(true);
        radio.signal(Radio.SIGNAL_UNKNOWN, 99);
        assertThat(radio.status()).as("rssi 99 is no coverage").isEqualTo(Radio.SEARCHING);
        assertThat(radio.quality().heard()).isFalse();
        radio.signal(10, 2);
        assertThat(radio.carriesData()).isTrue();
        assertThat(heard).containsExactly("reg 0", "reg 1", "reg 2", "csq 99,99", "reg 1", "csq 10,2");
    }

    @Test
    void everyReadingFollowsTheOneLevel() {
        SignalQuality weak = SignalQuality.of(0);
        SignalQuality strong = SignalQuality.of(31);
        assertThat(weak.rssiDbm()).isEqualTo(-113);
        assertThat(strong.rssiDbm()).isEqualTo(-51);
        assertThat(weak.rsrpDbm()).isLessThan(strong.rsrpDbm());
        assertThat(weak.rsrqHalfDb()).isEqualTo(-40);
        assertThat(strong.rsrqHalfDb()).isEqualTo(-6);
        assertThat(weak.cesqRsrp()).isBetween(0, 97);
        assertThat(strong.cesqRsrq()).isEqualTo(34);
        assertThat(SignalQuality.NONE.cesqRsrp()).isEqualTo(255);
        for (int rssi = 1; rssi <= 31; rssi++) {
            SignalQuality a = SignalQuality.of(rssi - 1);
            SignalQuality b = SignalQuality.of(rssi);
            assertThat(b.rsrpDbm()).isGreaterThanOrEqualTo(a.rsrpDbm());
            assertThat(b.rsrqHalfDb()).isGreaterThanOrEqualTo(a.rsrqHalfDb());
            assertThat(b.sinrDb()).isGreaterThan(a.sinrDb());
        }
    }

    @Test
    void valuesOutsideTheirRangesAreRefused() {
        assertThatThrownBy(() -> radio.signal(32, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> radio.signal(10, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> radio.registration(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLinkDelaysNetworkEventsOnlyWhilePowerSavingAllowsIt() {
        RadioLink link = radio.link();
        List<String> events = new ArrayList<>();
        link.addListener(new RadioLink.Listener() {
            @Override
            public void connectionChanged(boolean connected) {
                events.add(connected ? "connected" : "released");
            }

            @Override
            public void psmEntered() {
                events.add("psm");
            }
        });
        link.downlink(() -> events.add("data 1"));
        assertThat(events).containsExactly("connected", "data 1");
        // PSM with T3324 10 s and T3412 10 min: released after 20 s, asleep 10 s later.
        link.configure(new PowerSaving(true, Duration.ofSeconds(10), Duration.ofMinutes(10), false, null), false);
        time.advance(RadioLink.INACTIVITY);
        time.advance(Duration.ofSeconds(10));
        assertThat(link.state()).isEqualTo(RadioLink.State.PSM);
        link.downlink(() -> events.add("data 2"));
        assertThat(link.waiting()).isEqualTo(1);
        time.advance(Duration.ofMinutes(10));
        assertThat(events).containsExactly("connected", "data 1", "released", "psm", "connected", "data 2");
    }
}
