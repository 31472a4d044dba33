package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Scenario;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.trace.TraceRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example scenario is one {@code --scenario} starts with and runs: accepted as at start, then
 * a quarter of an hour of a BG96's virtual time under a plain driver (every five minutes it
 * activates and opens a TCP socket to an echo peer, sends 16 KiB a minute on it, closes it after
 * five; each minute it polls the signal and registration), so the time, command and byte triggers
 * of the examples all come. Every step that always fires is traced, and no exception escapes the
 * engine. An example that needs a fault this build cannot do yet is reported as skipped, naming the
 * faults it lacks.
 */
class ExampleScenariosRunTest {
    private static final AtomicLong SERIALS = new AtomicLong(9800);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("examples", "scenarios"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The host types a line and gives the module a second with it; what it answers is not checked. */
    private static void command(ModemHarness m, String line) {
        m.sendRaw(line + "\r\n");
        m.advance(Duration.ofSeconds(1));
        m.drainQuietly();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void startsAndRunsAQuarterOfAnHour(Path file) throws Exception {
        Scenario scenario = ScenarioReader.read(file);
        Set<String> missing = new TreeSet<>();
        for (Scenario.Step step : scenario.steps()) {
            Fault f = step.action().fault();
            if (!FaultEffects.available(f)) {
                missing.add(f.id());
            }
        }
        assumeTrue(missing.isEmpty(), () -> file + " needs " + missing + ", not in this build");
        FaultSetup setup = new FaultSetup(scenario, null);
        try (TcpEchoServer echo = new TcpEchoServer();
                ModemHarness m = new ModemHarness(
                                new Bg96Dialect(),
                                ModemSettings.defaults(),
                                SERIALS.getAndIncrement(),
                                new Fleet(setup, 200))
                        .bootQuiet()) {
            // The ring keeps only the last lines: what is there now, then every fault line as written.
            List<String> faults = new ArrayList<>();
            m.onLoop(() -> {
                TraceRing ring = m.modem().traceRing();
                ring.since(0, ring.capacity()).stream()
                        .filter(l -> l.kind().equals("fault"))
                        .forEach(l -> faults.add(l.text()));
                ring.subscribe(l -> {
                    if (l.kind().equals("fault")) {
                        faults.add(l.text());
                    }
                });
            });
            String chunk = "41".repeat(512);
            for (int minute = 0; minute < 15; minute++) {
                if (minute % 5 == 0) {
                    command(m, "AT+QIACT=1");
                    command(m, "AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
                }
                for (int i = 0; i < 32; i++) {
                    command(m, "AT+QISENDEX=0,\"" + chunk + "\"");
                }
                if (minute % 5 == 4) {
                    command(m, "AT+QICLOSE=0");
                }
                command(m, "AT+CSQ;+CEREG?");
                m.advance(Duration.ofSeconds(40));
                m.drainQuietly();
            }
            List<String> traced = m.onLoop(() -> List.copyOf(faults));
            for (Scenario.Step step : scenario.steps()) {
                if (step.probability() >= 1) {
                    String id = step.action().fault().id();
                    assertThat(traced).as("step %d in the trace", step.index()).anyMatch(l -> l.contains(id));
                }
            }
            assertThat(m.faults()).as("exceptions in the engine").isZero();
        }
    }
}
