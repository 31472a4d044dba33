package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.trace.TraceRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The module's own faults as a scenario or the API drives them, where a transcript cannot show it:
 * the example scenario of the leaked connect ID, +QIND: "csq" at every step of a signal walk, slow
 * answers that leave other commands on time, a hang that outlives a reset, and each fault as a trace
 * line and an event.
 */
class ModuleFaultsTest {
    private static final AtomicLong SERIALS = new AtomicLong(9300);

    private static ModemHarness bg96(String scenario, Fleet[] fleet) {
        FaultSetup setup = new FaultSetup(scenario == null ? null : ScenarioReader.read(scenario, "test.yaml"), null);
        fleet[0] = new Fleet(setup, 200);
        return new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), SERIALS.getAndIncrement(), fleet[0]);
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
    void theLeakedConnectIdExampleHoldsIdZeroAfterTheThirdCloseUntilTheModuleReboots() throws Exception {
        Fleet[] fleet = new Fleet[1];
        FaultSetup setup =
                new FaultSetup(ScenarioReader.read(Path.of("examples", "scenarios", "connect-id-leak.yaml")), null);
        fleet[0] = new Fleet(setup, 200);
        try (ControlledServer server = new ControlledServer();
                ModemHarness m = new ModemHarness(
                                new Bg96Dialect(), ModemSettings.defaults(), SERIALS.getAndIncrement(), fleet[0])
                        .bootQuiet()) {
            String open = "AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0";
            m.send("AT+QIACT=1").expectLine("OK");
            for (int i = 0; i < 3; i++) {
                m.send(open).expectLine("OK").expectLine("+QIOPEN: 0,0");
                m.send("AT+QICLOSE=0").expectLine("OK");
            }
            assertThat(faultLines(m)).containsExactly("fault connect-id-leak socket 0 (step 1)");
            for (int i = 0; i < 3; i++) {
                m.send(open).expectLine("OK").expectLine("+QIOPEN: 0,563");
            }
            m.send("AT+QISTATE?").expectLine("OK");
            m.send(open.replace(",0,\"TCP\"", ",5,\"TCP\"")).expectLine("OK").expectLine("+QIOPEN: 5,0");
            m.send("AT+CFUN=1,1").expectLine("OK");
            assertThat(m.drainQuietly()).contains("POWERED DOWN");
            m.advance(ModemSettings.defaults().rebootDelay());
            assertThat(m.drainQuietly()).contains("+QIND: PB DONE");
            m.send("ATE0").expectLine("ATE0").expectLine("OK");
            m.send("AT+QIACT=1").expectLine("OK");
            m.send(open).expectLine("OK").expectLine("+QIOPEN: 0,0");
            // The step fired once: the three closes since the reboot leak nothing more.
            assertThat(faultLines(m)).hasSize(1);
        }
    }

    @Test
    void theSickModuleExampleAnswersItsOpensLateAndLosesItsAttachAtTenMinutes() throws Exception {
        FaultSetup setup =
                new FaultSetup(ScenarioReader.read(Path.of("examples", "scenarios", "sick-module.yaml")), null);
        try (ControlledServer server = new ControlledServer();
                ModemHarness m = new ModemHarness(
                                new Bg96Dialect(),
                                ModemSettings.defaults(),
                                SERIALS.getAndIncrement(),
                                new Fleet(setup, 200))
                        .bootQuiet()) {
            m.autoAdvance(false);
            m.send("AT+QIACT=1");
            m.advance(ModemSettings.defaults().net().activationDelay());
            m.expectLine("OK");
            m.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0");
            m.expectSilence();
            m.advance(Duration.ofSeconds(2));
            m.expectLine("OK");
            m.autoAdvance(true);
            m.expectLine("+QIOPEN: 0,0");
            m.send("AT+CEREG=1").expectLine("OK");
            // 5 s more: past a hang that may start with the attach's loss (every 120 s, one in two)
            m.advance(Duration.ofMinutes(10).plusSeconds(5));
            String said = m.drainQuietly();
            assertThat(said).contains("+CEREG: 2", "+QIURC: \"closed\",0", "+QIURC: \"pdpdeact\",1");
            m.advance(Duration.ofSeconds(25));
            assertThat(m.drainQuietly()).contains("+CEREG: 1");
            m.send("AT+CGATT?").expectLine("+CGATT: 1").expectLine("OK");
        }
    }

    @Test
    void aLeakOnAnIdTheModuleDoesNotHaveLeaksNothingAndSaysSo() {
        Fleet[] fleet = new Fleet[1];
        try (ModemHarness m = bg96(null, fleet).bootQuiet()) {
            m.onLoop(() ->
                    m.modem().faults().apply(Injection.of(Fault.CONNECT_ID_LEAK).with("socket", 12)));
            assertThat(faultLines(m))
                    .containsExactly(
                            "fault connect-id-leak socket 12", "no connect ID 12 on this module (0-11): nothing leaks");
            assertThat(m.onLoop(() -> m.session().modem().connectIdLeaks().ids()))
                    .isEmpty();
        }
    }

    /** +QIND: "csq" comes at every step of a walk that changes the level, and at no other. */
    @Test
    void everyStepOfASignalWalkThatChangesTheLevelIsReportedOnce() {
        Fleet[] fleet = new Fleet[1];
        try (ModemHarness m = bg96(
                        "seed: 7\nsteps:\n  - do: {condition: signal, rssi: 15, every: 5s, step: 2, min: 12, max: 18}\n",
                        fleet)
                .bootQuiet()) {
            m.send("AT+QINDCFG=\"csq\",1").expectLine("OK");
            m.drainQuietly(); // the first level's report may come before or after the switch
            int level = csq(m);
            int changes = 0;
            for (int i = 0; i < 30; i++) {
                m.advance(Duration.ofSeconds(5));
                String said = m.drainQuietly();
                int now = csq(m);
                if (now == level) {
                    assertThat(said).as("step %d: level stays at %d", i, now).isEmpty();
                } else {
                    assertThat(said).isEqualTo("\r\n+QIND: \"csq\"," + now + ",99\r\n");
                    changes++;
                }
                level = now;
            }
            assertThat(changes).as("a walk that moves").isGreaterThan(5);
        }
    }

    private static int csq(ModemHarness m) {
        m.send("AT+CSQ");
        String line = m.nextLine();
        m.expectLine("OK");
        return Integer.parseInt(line.replaceAll("\\+CSQ: (\\d+),.*", "$1"));
    }

    @Test
    void slowAnswersDelayOnlyTheCommandsTheyPickAndEachAnswerComesAfterItsDelay() {
        Fleet[] fleet = new Fleet[1];
        try (ModemHarness m = bg96(
                        "steps:\n  - do: {condition: slow-answers, command: \"AT+CSQ\", delay: 1500ms}\n", fleet)
                .bootQuiet()) {
            m.autoAdvance(false); // every answer below comes without virtual time moving, unless advanced
            m.send("ATI").expectLine("Quectel").expectLine("BG96");
            m.nextLine(); // Revision
            m.expectLine("OK");
            m.send("AT+CSQ");
            m.expectSilence();
            m.advance(Duration.ofMillis(1499));
            m.expectSilence();
            m.advance(Duration.ofMillis(1));
            m.expectLine("+CSQ: 20,99").expectLine("OK");
            // A chain waits for each of its commands in turn.
            m.send("AT+CSQ;+CSQ");
            m.advance(Duration.ofMillis(1500));
            m.expectLine("+CSQ: 20,99");
            m.expectSilence();
            m.advance(Duration.ofMillis(1500));
            m.expectLine("+CSQ: 20,99").expectLine("OK");
            m.onLoop(() -> m.modem().faults().apply(Injection.clear(Fault.SLOW_ANSWERS)));
            m.send("AT+CSQ").expectLine("+CSQ: 20,99").expectLine("OK");
        }
    }

    @Test
    void aHangOutlivesAResetAndThePowerUpUrcsComeWhenThePortAnswersAgain() {
        Fleet[] fleet = new Fleet[1];
        try (ModemHarness m = bg96(null, fleet).bootQuiet()) {
            m.onLoop(
                    () -> m.modem().faults().apply(Injection.of(Fault.PORT_HANG).lasting(Duration.ofSeconds(30))));
            m.onLoop(() -> m.modem().faults().apply(Injection.of(Fault.RESET)));
            m.advance(Duration.ofSeconds(20));
            m.send("AT");
            m.expectSilence();
            m.advance(Duration.ofSeconds(10));
            m.expectLine("RDY").expectLine("APP RDY");
            assertThat(m.drainQuietly()).contains("+QIND: PB DONE");
            m.send("AT").expectLine("AT").expectLine("OK");
            assertThat(faultLines(m))
                    .containsExactly(
                            "condition port-hang for 30s",
                            "the AT port answers nothing; the host's input is lost",
                            "fault reset",
                            "clear port-hang");
        }
    }

    @Test
    void eachModuleFaultIsAnEventOnTheControlApiStream() {
        Fleet[] fleet = new Fleet[1];
        try (ModemHarness m = bg96(null, fleet).bootQuiet()) {
            List<String> events = new CopyOnWriteArrayList<>();
            fleet[0].subscribe(e -> {
                if (e.type().equals("fault")) {
                    events.add(String.valueOf(e.detail().get("text")));
                }
            });
            List<Injection> all = new ArrayList<>(List.of(
                    Injection.of(Fault.ATTACH_LOST),
                    Injection.clear(Fault.ATTACH_LOST),
                    Injection.of(Fault.SIM).with("state", "removed"),
                    Injection.clear(Fault.SIM),
                    Injection.of(Fault.SLOW_ANSWERS).with("delay", Duration.ofSeconds(1)),
                    Injection.clear(Fault.SLOW_ANSWERS),
                    Injection.of(Fault.CONNECT_ID_LEAK).with("socket", 3)));
            for (Injection i : all) {
                m.onLoop(() -> m.modem().faults().apply(i));
            }
            m.drainQuietly();
            assertThat(events)
                    .containsExactly(
                            "condition attach-lost",
                            "clear attach-lost",
                            "condition sim state removed",
                            "clear sim",
                            "condition slow-answers delay 1s",
                            "clear slow-answers",
                            "fault connect-id-leak socket 3");
        }
    }
}
