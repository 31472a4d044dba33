package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.trace.TraceRing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Faults reach the layers below through the runtime: each fault this build implements, injected
 * live or by a scenario's trigger, shows on the link in the dialect's words, in the trace as a
 * {@code fault} line, and in the modem's snapshot.
 */
class FaultWiringTest {
    private static final AtomicLong SERIALS = new AtomicLong(9100);

    private static ModemHarness modem(String scenario) {
        return modem(scenario, SERIALS.getAndIncrement());
    }

    private static ModemHarness modem(String scenario, long serial) {
        FaultSetup setup = new FaultSetup(scenario == null ? null : ScenarioReader.read(scenario, "test.yaml"), null);
        return new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), serial, new Fleet(setup, 200));
    }

    private static void apply(ModemHarness m, Injection injection) {
        m.onLoop(() -> m.modem().faults().apply(injection));
    }

    private static List<String> faultLines(ModemHarness m) {
        return m.onLoop(() -> {
            TraceRing ring = m.modem().traceRing();
            return ring.since(0, 1000).stream()
                    .filter(l -> l.kind().equals("fault"))
                    .map(TraceRing.Line::text)
                    .toList();
        });
    }

    @Test
    void aPdpDropReachesTheHostInTheDialectsWordsAndTheTraceSaysSo() throws Exception {
        try (ModemHarness m = modem(null).bootQuiet();
                ControlledServer server = new ControlledServer()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + server.port() + ",0,0")
                    .expectLine("OK")
                    .expectLine("+QIOPEN: 0,0");
            apply(m, Injection.of(Fault.PDP_DROP).with("context", 1));
            m.expectLine("+QIURC: \"closed\",0").expectLine("+QIURC: \"pdpdeact\",1");
            m.send("AT+QIACT?").expectLine("OK");
            assertThat(faultLines(m)).containsExactly("fault pdp-drop context 1");
            ModemSnapshot s = m.modem().snapshot().get();
            assertThat(s.faultsInjected()).isEqualTo(1);
            assertThat(s.contexts()).allMatch(c -> c.state().equals("inactive"));
            assertThat(m.faults()).isZero();
        }
    }

    @Test
    void signalAndRegistrationChangeWhatTheModuleReportsAndComeBackWhenCleared() {
        try (ModemHarness m = modem(null).bootQuiet()) {
            m.send("AT+CEREG=1").expectLine("OK");
            apply(m, Injection.of(Fault.SIGNAL).with("rssi", 7).with("ber", 2));
            m.send("AT+CSQ").expectLine("+CSQ: 7,2").expectLine("OK");
            apply(m, Injection.of(Fault.REGISTRATION).with("state", "denied"));
            m.expectLine("+CEREG: 3");
            m.send("AT+CEREG?").expectLine("+CEREG: 1,3").expectLine("OK");
            apply(m, Injection.clear(Fault.REGISTRATION));
            m.expectLine("+CEREG: 1");
            apply(m, Injection.clear(Fault.SIGNAL));
            int rssi = m.onLoop(() -> m.session().modem().profile().rssi());
            m.send("AT+CSQ").expectLine("+CSQ: " + rssi + ",99").expectLine("OK");
            assertThat(faultLines(m))
                    .containsExactly(
                            "condition signal rssi 7 ber 2",
                            "condition registration state denied",
                            "clear registration",
                            "clear signal");
        }
    }

    @Test
    void aSignalWalkMovesInTheModemsTimeWithinItsBoundsAndTheSameSeedWalksTheSameWay() {
        long serial = SERIALS.getAndIncrement();
        List<String> first = walk(serial);
        List<String> second = walk(serial);
        assertThat(first).hasSize(10).isEqualTo(second);
        assertThat(first).allMatch(l -> {
            int rssi = Integer.parseInt(l.replaceAll("\\+CSQ: (\\d+),.*", "$1"));
            return rssi >= 10 && rssi <= 20;
        });
        assertThat(first.stream().distinct().count()).isGreaterThan(1);
    }

    private static List<String> walk(long serial) {
        try (ModemHarness m = modem(
                        "seed: 5\nsteps:\n"
                                + "  - do: {condition: signal, rssi: 15, every: 5s, step: 3, min: 10, max: 20}\n",
                        serial)
                .bootQuiet()) {
            return java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> {
                        m.advance(Duration.ofSeconds(5));
                        m.send("AT+CSQ");
                        String line = m.nextLine();
                        m.expectLine("OK");
                        return line;
                    })
                    .toList();
        }
    }

    @Test
    void aResetBringsThePowerUpUrcsUnaskedAndPowerLossSilencesTheModuleUntilCleared() {
        try (ModemHarness m = modem(null).bootQuiet()) {
            apply(m, Injection.of(Fault.RESET));
            m.advance(ModemSettings.defaults().rebootDelay());
            assertThat(m.drainQuietly()).contains("RDY").contains("APP RDY");
            apply(m, Injection.of(Fault.POWER_LOSS));
            m.send("AT");
            m.expectSilenceFor(Duration.ofSeconds(5));
            assertThat(m.modem().snapshot().join().power()).isEqualTo("off");
            apply(m, Injection.clear(Fault.POWER_LOSS));
            m.advance(ModemSettings.defaults().bootDelay());
            assertThat(m.drainQuietly()).contains("RDY");
            assertThat(m.modem().snapshot().join().power()).isEqualTo("on");
        }
    }

    @Test
    void aCommandTriggerFiresAtTheNthMatchingCommandsFinalResult() {
        try (ModemHarness m = modem("steps:\n"
                        + "  - on: {command: \"AT+QIACT\", count: 2}\n"
                        + "    do: {fault: pdp-drop, context: 1}\n")
                .bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QIDEACT=1").expectLine("OK");
            m.expectSilence();
            m.send("AT+QIACT=1").expectLine("OK");
            m.expectLine("+QIURC: \"pdpdeact\",1");
            assertThat(faultLines(m)).containsExactly("fault pdp-drop context 1 (step 1)");
        }
    }

    @Test
    void aByteCountTriggerActsOnTheSocketThatReachedIt() throws Exception {
        try (ModemHarness m = modem(
                                "steps:\n" + "  - on: {received: 10, socket: any}\n" + "    do: {fault: peer-vanish}\n")
                        .bootQuiet();
                ControlledServer server = new ControlledServer()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.send("AT+QIOPEN=1,2,\"TCP\",\"127.0.0.1\"," + server.port() + ",0,0")
                    .expectLine("OK")
                    .expectLine("+QIOPEN: 2,0");
            server.awaitClient().send("0123456789");
            m.expectLine("+QIURC: \"recv\",2");
            m.expectSilence();
            assertThat(faultLines(m)).containsExactly("fault peer-vanish on socket 2 (step 1)");
            // The peer is gone without a word: what it sends now never arrives.
            server.last().send("more");
            m.expectSilence();
            m.send("AT+QIRD=2,100")
                    .expectLine("+QIRD: 10")
                    .expectLine("0123456789")
                    .expectLine("OK");
        }
    }

    @Test
    void aContextTriggerWaitsForTheStateAndAUartSplitCutsTheNextOutput() {
        try (ModemHarness m = modem("steps:\n"
                        + "  - on: {state: context-active}\n"
                        + "    do: {fault: uart-split, pieces: 3, gap: 10ms}\n")
                .bootQuiet()) {
            m.send("AT+QIACT=1").expectLine("OK");
            m.expectSilence();
            m.send("ATI");
            // three pieces: two gaps of 10 ms in the modem's time, then the whole answer is there
            m.advance(Duration.ofMillis(20));
            assertThat(m.drainQuietly()).contains("Quectel").endsWith("OK\r\n");
            assertThat(m.modem().uartFaults().idle()).isTrue();
            assertThat(faultLines(m)).containsExactly("fault uart-split pieces 3 gap 10ms (step 1)");
        }
    }

    @Test
    void everyFaultOfTheCatalogueIsAvailableAndAScenarioUsingThemStarts() {
        // The module's faults and the network's, both done: nothing of the catalogue is refused (501).
        assertThat(FaultEffects.available()).containsExactlyInAnyOrder(Fault.values());
        new FaultSetup(
                ScenarioReader.read(
                        "seed: 1\nsteps:\n  - do: {fault: pdp-drop}\n  - do: {condition: latency, ms: 300}\n"
                                + "  - do: {fault: connect-id-leak, socket: 1}\n",
                        "all.yaml"),
                null);
    }

    @Test
    void theSim7600WordsTheSameDropItsOwnWay() {
        try (ModemHarness m = new ModemHarness(
                        new Sim7600Dialect(),
                        ModemSettings.defaults(),
                        SERIALS.getAndIncrement(),
                        new Fleet(FaultSetup.NONE, 0))
                .bootQuiet()) {
            m.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
            m.onLoop(() -> m.modem().faults().apply(Injection.of(Fault.PDP_DROP)));
            assertThat(m.drainQuietly()).contains("+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY");
            assertThat(m.onLoop(() -> m.modem().traceRing()))
                    .as("no trace kept")
                    .isNull();
        }
    }
}
