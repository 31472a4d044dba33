package io.vmodem.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioReaderTest {

    /** The shape the issue asks for, read in full. */
    @Test
    void readsEveryKindOfStep() {
        Scenario s = ScenarioReader.read(
                """
                seed: 42                        # makes every random choice reproducible
                modems: all
                steps:
                  - on: {command: "AT+QIOPEN", count: 2}
                    do: {fault: pdp-drop, context: 1}
                  - at: 30s
                    do: {fault: registration, state: searching, for: 10s}
                  - on: {received: 4096, socket: any}
                    do: {fault: peer-reset}
                  - do: {condition: latency, ms: 300, jitter: 50, direction: downlink}
                  - every: 5s
                    probability: 0.2
                    do: {fault: uart-split, pieces: 1-8, gap: 5ms}
                  - on: {state: data-prompt}
                    do: {fault: reset}
                  - at: 1m
                    do: {clear: latency}
                """,
                "example.yaml");

        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.modems().all()).isTrue();
        assertThat(s.steps()).hasSize(7);

        Scenario.Step first = s.steps().get(0);
        assertThat(first.trigger()).isEqualTo(new Trigger.OnCommand("AT+QIOPEN", 2));
        assertThat(first.action().fault()).isEqualTo(Fault.PDP_DROP);
        assertThat(first.action().optionalInt("context")).contains(1);
        assertThat(first.action()).hasToString("fault pdp-drop context 1");

        Scenario.Step second = s.steps().get(1);
        assertThat(second.trigger()).isEqualTo(new Trigger.At(Duration.ofSeconds(30)));
        assertThat(second.action().choice("state")).isEqualTo("searching");
        assertThat(second.action().lasting()).isEqualTo(Duration.ofSeconds(10));
        assertThat(second.action().isCondition()).isTrue();

        assertThat(s.steps().get(2).trigger()).isEqualTo(new Trigger.OnBytes(Trigger.Direction.RECEIVED, 4096, null));

        Injection latency = s.steps().get(3).action();
        assertThat(s.steps().get(3).trigger()).isEqualTo(new Trigger.Now());
        assertThat(latency.intValue("ms")).isEqualTo(300);
        assertThat(latency.intValue("jitter")).isEqualTo(50);
        assertThat(latency.choice("direction")).isEqualTo("downlink");
        assertThat(latency).hasToString("condition latency ms 300 jitter 50 direction downlink");

        Scenario.Step split = s.steps().get(4);
        assertThat(split.trigger()).isEqualTo(new Trigger.Every(Duration.ofSeconds(5)));
        assertThat(split.probability()).isEqualTo(0.2);
        assertThat(split.action().range("pieces")).isEqualTo(new Param.Range(1, 8));
        assertThat(split.action().duration("gap")).isEqualTo(Duration.ofMillis(5));
        assertThat(split.action().isCondition())
                .as("uart-split without for: is a one-off")
                .isFalse();
        assertThat(ScenarioReader.injection("{condition: uart-split, pieces: 2}", "body")
                        .isCondition())
                .as("written as a condition, it holds until cleared")
                .isTrue();

        assertThat(s.steps().get(5).trigger()).isEqualTo(new Trigger.OnState(Trigger.State.DATA_PROMPT));
        assertThat(s.steps().get(6).action().clear()).isTrue();
    }

    @Test
    void defaultsComeFromTheCatalogue() {
        Injection i = ScenarioReader.injection("{\"condition\": \"latency\", \"ms\": 300}", "request body");
        assertThat(i.intValue("jitter")).isZero();
        assertThat(i.choice("direction")).isEqualTo("both");
        assertThat(i.values()).containsOnlyKeys("ms");
        assertThat(i.toMap()).containsEntry("condition", "latency").containsEntry("ms", 300);
    }

    @Test
    void modemsByNumberAndImei() {
        Scenario s =
                ScenarioReader.read("modems: [1, 3, 861234567890123]\nsteps:\n  - do: {fault: reset}\n", "some.yaml");
        assertThat(s.modems().includes(1, "x")).isTrue();
        assertThat(s.modems().includes(2, "x")).isFalse();
        assertThat(s.modems().includes(9, "861234567890123")).isTrue();
        assertThat(s.seed())
                .as("a scenario without a seed is still reproducible")
                .isEqualTo(1);
    }

    @Test
    void theJavaBuilderChecksAsAFileDoes() {
        Injection i = Injection.of(Fault.LATENCY).with("ms", 300).lasting(Duration.ofSeconds(2));
        assertThat(i).hasToString("condition latency ms 300 for 2s");
        assertThatThrownBy(() -> Injection.of(Fault.LATENCY).with("ms", -1))
                .hasMessage("latency ms: expected 0..600000, got -1");
        assertThatThrownBy(() -> Injection.of(Fault.LATENCY).with("speed", 1))
                .hasMessage("latency has no parameter speed");
        assertThatThrownBy(() -> Injection.of(Fault.PDP_DROP).lasting(Duration.ofSeconds(1)))
                .hasMessageContaining("pdp-drop is a fault, not a condition");
    }

    /** Each kind of mistake: one line naming the place and what is wrong. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
        steps: [ {do: {fault: pdp-drop}                      | bad.yaml line 1: not valid YAML
        ''                                                   | bad.yaml: empty
        seed: 1                                              | bad.yaml line 1: missing field steps
        seed: x\\nsteps: []                                  | bad.yaml line 1, seed: expected a whole number, got x
        steps: {a: 1}                                        | bad.yaml line 1, steps: expected a list of steps
        steps:\\n  - do: {fault: pdp-dorp}                   | bad.yaml line 2, steps[0].do.fault: no fault or condition named pdp-dorp (known: pdp-drop,
        steps:\\n  - do: {condition: latency}                | bad.yaml line 2, steps[0].do: latency needs ms (0..600000)
        steps:\\n  - do: {condition: latency, ms: abc}       | bad.yaml line 2, steps[0].do.ms: expected 0..600000, got abc
        steps:\\n  - do: {condition: latency, ms: 1, mss: 2} | bad.yaml line 2, steps[0].do.mss: unknown field mss (expected condition, ms, jitter, direction, host, port, socket, for)
        steps:\\n  - at: 30\\n    do: {fault: reset}         | bad.yaml line 2, steps[0].at: expected a time with its unit (500ms, 30s, 2m, 1h), got 30
        steps:\\n  - at: 1s\\n    every: 1s\\n    do: {fault: reset} | bad.yaml line 2, steps[0]: a step has one trigger: at, on or every
        steps:\\n  - do: {fault: pdp-drop, for: 1s}          | bad.yaml line 2, steps[0].do.for: for: applies to a condition being set; pdp-drop is not one
        steps:\\n  - do: {condition: pdp-drop}               | bad.yaml line 2, steps[0].do.condition: pdp-drop is a fault, not a condition: write fault: pdp-drop
        steps:\\n  - probability: 1.5\\n    do: {fault: reset} | bad.yaml line 2, steps[0].probability: a probability is between 0 and 1 (0% and 100%), got 1.5
        steps:\\n  - on: {command: AT+QIOPEN, state: transparent}\\n    do: {fault: reset} | bad.yaml line 2, steps[0].on: on: needs exactly one of command, received, sent, state
        steps:\\n  - on: {state: sleeping}\\n    do: {fault: reset} | bad.yaml line 2, steps[0].on.state: expected one of data-prompt|transparent|context-active|socket-open, got sleeping
        modems: [0]\\nsteps: []                              | bad.yaml line 1, modems[0]: expected all, a modem number (1, 2, ...) or a 15-digit IMEI, got 0
        steps:\\n  - do: {fault: uart-split, pieces: 9-2}    | bad.yaml line 2, steps[0].do.pieces: expected a number or a range such as 1-8, within 1..4096, got 9-2
        steps:\\n  - do: {fault: reset}\\n    do: {fault: reset} | bad.yaml line 3, steps[0].do: written twice: do
        steps:\\n  - do: [reset]                             | bad.yaml line 2, steps[0].do: expected fields (name: value), not a list
        """)
    void refusesEachMistakeWithOneLine(String text, String message) {
        assertThatThrownBy(() -> ScenarioReader.read(text.replace("\\n", "\n"), "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }
}
