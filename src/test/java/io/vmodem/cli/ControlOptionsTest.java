package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.control.ControlServer;
import io.vmodem.runtime.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The control and fault options: a mistake is refused at start in one line, exit status 2. */
class ControlOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpListsTheControlOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--control",
                        "127.0.0.1:5580",
                        "--control-token",
                        "--trace-keep",
                        "500",
                        "--scenario",
                        "--seed");
    }

    @Test
    void aWrongScenarioIsRefusedWithTheReadersOneLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "seed: 1\nsteps:\n  - at: 30\n    do: {fault: reset}\n");
        assertThat(run("--scenario", bad.toString(), "--listen", "127.0.0.1:0", "--control", "off"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("vmodem: --scenario: bad.yaml line 3, steps[0].at: expected a time with its unit"
                        + " (500ms, 30s, 2m, 1h), got 30" + System.lineSeparator());
    }

    @Test
    void aScenarioWithAValueTheFaultCannotTakeIsRefusedNamingItsLine() throws Exception {
        // Every fault of the catalogue is done, so none is refused as not available; a value the layer
        // below would not take still is, at start.
        Path loud = dir.resolve("loud.yaml");
        Files.writeString(loud, "steps:\n  - do: {fault: reset}\n  - do: {condition: signal, rssi: 40}\n");
        assertThat(run("--scenario", loud.toString(), "--control", "off")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("vmodem: --scenario: loud.yaml line 3, steps[1].do.rssi: expected 0..31 or 99, got 40");
        assertThat(run("--scenario", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("none.yaml: cannot be read");
    }

    @Test
    void theStartTellsTheApisAndTheDashboardsAddresses() throws Exception {
        StringWriter said = new StringWriter();
        try (ControlServer api = ControlOptions.start(
                new Fleet(), new ControlServer.Options("127.0.0.1", 0, null), new PrintWriter(said))) {
            assertThat(said.toString())
                    .isEqualTo("control API on " + api.url() + "api/modems" + System.lineSeparator() + "dashboard on "
                            + api.url() + System.lineSeparator());
        }
    }

    @Test
    void badControlOptionsAreRefusedInOneLine() {
        assertThat(run("--control", "5580")).isEqualTo(2);
        assertThat(err.toString()).contains("vmodem: --control: expected HOST:PORT or off, got '5580'");
        assertThat(run("--control", "off", "--control-token", "s3cret")).isEqualTo(2);
        assertThat(err.toString()).contains("--control-token: the control API is off");
        assertThat(run("--trace-keep", "-1", "--control", "off")).isEqualTo(2);
        assertThat(err.toString()).contains("--trace-keep: expected 0 or more lines, got -1");
        assertThat(run("--seed", "many")).isEqualTo(2);
    }
}
