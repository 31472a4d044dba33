package io.vmodem.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When steps act: each trigger in virtual time, and the same seed giving the same choices. */
class ModemFaultsTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final List<String> trace = new ArrayList<>();
    private final List<String> effects = new ArrayList<>();

    private ModemFaults faults(long seed, int modem) {
        return new ModemFaults(
                time,
                seed,
                modem,
                new ModemFaults.Effects() {
                    @Override
                    public void fire(Injection fault, Integer socket) {
                        effects.add(time.nanoTime() / 1_000_000 + "ms fire "
                                + fault.fault().id() + (socket == null ? "" : " " + socket));
                    }

                    @Override
                    public void set(Injection condition) {
                        effects.add(time.nanoTime() / 1_000_000 + "ms set "
                                + condition.fault().id());
                    }

                    @Override
                    public void clear(Injection condition) {
                        effects.add(time.nanoTime() / 1_000_000 + "ms clear "
                                + condition.fault().id());
                    }
                },
                trace::add);
    }

    private static List<Scenario.Step> steps(String yaml) {
        return ScenarioReader.read(yaml, "test.yaml").steps();
    }

    private long start() {
        return time.nanoTime() / 1_000_000;
    }

    @Test
    void timeTriggersCountFromPowerOnAndConditionsEndAfterTheirTime() {
        ModemFaults f = faults(1, 1);
        f.load(
                steps(
                        """
                steps:
                  - at: 30s
                    do: {fault: registration, state: searching, for: 10s}
                  - do: {condition: latency, ms: 300}
                """));
        time.advance(Duration.ofSeconds(5));
        assertThat(effects).as("nothing before power-on").isEmpty();
        long on = start();
        f.poweredOn();
        time.advance(Duration.ofMillis(29_999));
        assertThat(effects).containsExactly(on + "ms set latency");
        time.advance(Duration.ofMillis(1));
        time.advance(Duration.ofSeconds(10));
        assertThat(effects)
                .containsExactly(
                        on + "ms set latency",
                        (on + 30_000) + "ms set registration",
                        (on + 40_000) + "ms clear registration");
        assertThat(trace)
                .containsExactly(
                        "condition latency ms 300 (step 2)",
                        "condition registration state searching for 10s (step 1)",
                        "clear registration (step 1)");
        assertThat(f.conditions()).extracting(Injection::fault).containsExactly(Fault.LATENCY);
    }

    @Test
    void theNthMatchingCommandFiresOnce() {
        ModemFaults f = faults(1, 1);
        f.poweredOn();
        f.load(steps("steps:\n  - on: {command: AT+QIOPEN, count: 2}\n    do: {fault: pdp-drop, context: 1}\n"));
        f.commandFinished("AT+QIACT=1");
        f.commandFinished("at+qiopen=1,0,\"TCP\",\"h\",1,0,0");
        assertThat(effects).isEmpty();
        f.commandFinished("AT+QIOPEN=1,1,\"TCP\",\"h\",1,0,0");
        f.commandFinished("AT+QIOPEN=1,2,\"TCP\",\"h\",1,0,0");
        f.commandFinished("AT+QIOPEN=1,3,\"TCP\",\"h\",1,0,0");
        assertThat(effects).containsExactly(start() + "ms fire pdp-drop");
    }

    @Test
    void aSocketTriggerFiresWhenItsTotalCrossesTheCountAndNamesTheSocket() {
        ModemFaults f = faults(1, 1);
        f.poweredOn();
        f.load(steps("steps:\n  - on: {received: 4096, socket: 2}\n    do: {fault: peer-reset}\n"));
        f.socketBytes(1, 0, 10_000);
        f.socketBytes(2, 0, 4095);
        assertThat(effects).isEmpty();
        f.socketBytes(2, 10, 5000);
        f.socketBytes(2, 10, 9000);
        assertThat(effects).containsExactly(start() + "ms fire peer-reset 2");
        assertThat(trace).containsExactly("fault peer-reset on socket 2 (step 1)");
    }

    @Test
    void aStateTriggerFiresOnEnteringIt() {
        ModemFaults f = faults(1, 1);
        f.poweredOn();
        f.load(steps("steps:\n  - on: {state: transparent}\n    do: {fault: reset}\n"));
        f.entered(Trigger.State.DATA_PROMPT);
        assertThat(effects).isEmpty();
        f.entered(Trigger.State.TRANSPARENT);
        assertThat(effects).containsExactly(start() + "ms fire reset");
    }

    @Test
    void theSameSeedMakesTheSameChoicesAndAnotherModemOthers() {
        String yaml = "steps:\n  - every: 1s\n    probability: 0.3\n    do: {fault: uart-split}\n";
        List<String> first = run(yaml, 42, 1);
        assertThat(first).hasSizeBetween(10, 50);
        assertThat(run(yaml, 42, 1)).isEqualTo(first);
        assertThat(run(yaml, 42, 2)).isNotEqualTo(first);
        assertThat(run(yaml, 43, 1)).isNotEqualTo(first);
    }

    private List<String> run(String yaml, long seed, int modem) {
        effects.clear();
        long t0 = start();
        ModemFaults f = faults(seed, modem);
        f.poweredOn();
        f.load(steps(yaml));
        time.advance(Duration.ofSeconds(100));
        f.reset();
        return effects.stream()
                .map(e -> (Long.parseLong(e.substring(0, e.indexOf("ms"))) - t0) + e.substring(e.indexOf("ms")))
                .toList();
    }

    @Test
    void liveInjectionsAndClearsAreTracedAndAResetEndsEverything() {
        ModemFaults f = faults(1, 1);
        f.poweredOn();
        f.load(steps("steps:\n  - every: 1s\n    do: {fault: send-fail}\n"));
        f.apply(Injection.of(Fault.BANDWIDTH).with("kbps", 10));
        f.apply(Injection.clear(Fault.LATENCY)); // not in force: nothing happens
        f.apply(Injection.of(Fault.PDP_DROP));
        assertThat(trace).containsExactly("condition bandwidth kbps 10", "fault pdp-drop");
        f.reset();
        time.advance(Duration.ofSeconds(5));
        assertThat(effects)
                .containsExactly(
                        start() - 5000 + "ms set bandwidth",
                        start() - 5000 + "ms fire pdp-drop",
                        start() - 5000 + "ms clear bandwidth");
        assertThat(f.conditions()).isEmpty();
        assertThat(f.injected()).isEqualTo(3);
    }

    @Test
    void conditionsWithDifferentSelectorsHoldTogetherAndAClearPicksByThem() {
        ModemFaults f = faults(1, 1);
        f.poweredOn();
        f.load(
                steps(
                        """
                steps:
                  - do: {condition: latency, ms: 4000, direction: downlink}
                  - do: {condition: latency, ms: 600, direction: uplink}
                  - do: {condition: latency, ms: 700, direction: uplink}
                  - at: 1s
                    do: {clear: latency, direction: uplink}
                """));
        time.advance(Duration.ofMillis(10));
        assertThat(f.conditions())
                .extracting(Injection::toString)
                .containsExactly(
                        "condition latency ms 4000 direction downlink", "condition latency ms 700 direction uplink");
        time.advance(Duration.ofSeconds(1));
        assertThat(f.conditions()).extracting(Injection::key).containsExactly("latency direction downlink");
        f.apply(Injection.clear(Fault.LATENCY));
        assertThat(f.conditions()).isEmpty();
        assertThat(trace).contains("clear latency direction uplink (step 4)", "clear latency direction downlink");
    }
}
