package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The trace's writer thread: every line reaches the file, without a wakeup per line. */
class TraceLogTest {

    /**
     * A modem that traces a line per command must not wake the writer thread for each one (on a
     * VM that is an inter-processor interrupt per command): lines gather while the writer is busy,
     * and every one of them still reaches the file, in order.
     */
    @Test
    void aBusyModemDoesNotWakeTheWriterForEveryLine() {
        StringWriter sink = new StringWriter();
        int n = 20_000;
        long wakeups;
        try (TraceLog log = TraceLog.to(sink)) {
            for (int i = 0; i < n; i++) {
                log.line(System.currentTimeMillis() * 1_000_000L, "m1 > AT" + i + "\\r");
            }
            wakeups = log.wakeups();
        }
        List<String> lines =
                sink.toString().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).hasSize(n);
        assertThat(lines)
                .extracting(l -> l.substring(l.indexOf(' ') + 1))
                .containsExactlyElementsOf(IntStream.range(0, n)
                        .mapToObj(i -> "m1 > AT" + i + "\\r")
                        .toList());
        // One wakeup after each pause of the producer, never one per line.
        assertThat(wakeups).isLessThan(n / 20);
    }

    /** A line reaches the file while the log stays open, as {@code tail -f} shows it. */
    @Test
    void aLineReachesTheFileWithoutClosingTheLog() throws Exception {
        CompletableFuture<String> flushed = new CompletableFuture<>();
        StringWriter sink = new StringWriter() {
            @Override
            public void flush() {
                if (toString().contains("m1 * power on")) {
                    flushed.complete(toString());
                }
            }
        };
        try (TraceLog log = TraceLog.to(sink)) {
            log.line(System.currentTimeMillis() * 1_000_000L, "m1 * power on");
            assertThat(flushed.get(30, TimeUnit.SECONDS)).contains(" m1 * power on\n");
            assertThat(log.wakeups()).isLessThanOrEqualTo(1);
        }
    }
}
