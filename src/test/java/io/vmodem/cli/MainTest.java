package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("--dialect", "--listen", "127.0.0.1:5555", "--rx-buffer", "16384", "--ip-pool", "--version");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("vmodem ").doesNotContain("unknown");
    }

    @Test
    void anUnknownDialectOrABadAddressIsRefusedWithUsage() {
        assertThat(run("--dialect", "nokia3310")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown dialect 'nokia3310'").contains("bg96");
        assertThat(run("--listen", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("expected HOST:PORT");
        assertThat(run("--rx-buffer", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("65535");
    }

    @Test
    void commandsListsEachDialectsTable() {
        assertThat(run("commands", "--dialect", "bg96")).isZero();
        assertThat(out.toString()).contains("AT+QIOPEN", "AT+QIRD", "§2.1.8");
    }
}
