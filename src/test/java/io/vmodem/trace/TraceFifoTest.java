package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.testing.ModemHarness;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace file that nobody reads (a FIFO without a reader) never holds a modem up: the modem
 * answers while the trace's queue fills, lines beyond its bound are dropped and counted, and once
 * the FIFO is read the file says how many are missing.
 */
class TraceFifoTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120) // the old trace waited for a reader forever
    void aTraceNobodyReadsNeitherBlocksNorStopsTheModemAndSaysWhatItDropped() throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "needs mkfifo");

        TraceLog log = TraceLog.open(fifo.toString(), 4096); // a few dozen lines
        CompletableFuture<String> read = new CompletableFuture<>();
        try (ModemHarness modem =
                new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            modem.bootQuiet();
            for (int i = 0; i < 200; i++) {
                modem.send("AT").expectLine("OK");
            }
            modem.send("ATI").expectLine("Quectel").expectLine("BG96");
            modem.expectLine("Revision: BG96MAR02A07M1G").expectLine("OK");
            assertThat(modem.faults()).isZero();
            assertThat(log.dropped()).isPositive();

            // Someone reads the FIFO at last: what was queued comes out, then the drop is told.
            Thread reader = new Thread(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    read.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    read.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            modem.send("AT").expectLine("OK");
        }
        long dropped = log.dropped();
        log.close();
        String text = read.get(30, TimeUnit.SECONDS);
        assertThat(text).startsWith("# vmodem trace, started ");
        assertThat(text).contains(" * power on\n");
        long told = text.lines()
                .filter(l -> l.startsWith("... "))
                .peek(l ->
                        assertThat(l).matches("\\.\\.\\. \\d+ trace lines? dropped: the trace file could not keep up"))
                .mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                .sum();
        assertThat(told).isEqualTo(dropped);
        // Nothing is written twice or out of order: the lines that got through are whole.
        assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("... ")))
                .allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} m\\d+ \\S+ .*"));
    }
}
