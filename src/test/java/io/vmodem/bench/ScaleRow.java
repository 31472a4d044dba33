package io.vmodem.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Thousands of modems in one vmodem process: each with its own link and an open socket sending a
 * small message per second. vmodem, the load driver (this process: the modems' links) and the peer
 * server (the modems' sockets) are three processes, so each stays under the 20 000 descriptors a
 * process may hold here. At each step the modems' p99 send latency is compared with one modem's,
 * and vmodem's heap after a full GC, resident memory and thread count are read.
 */
final class ScaleRow {
    /** Modems setting up at once during the ramp. */
    private static final int RAMP_WINDOW = 200;

    private ScaleRow() {}

    static List<Row> run(List<Integer> steps, boolean quick) throws IOException, InterruptedException {
        long settle = quick ? 2_000 : 5_000;
        long window = quick ? 5_000 : 10_000;
        List<Row> rows = new ArrayList<>();
        try (Child peer = Bench.peer("scale-peer", 0);
                // The JVM starts all its compiler and GC threads at once, so that any thread that
                // appears later is vmodem's own.
                Child vmodem = Bench.vmodem(
                        "scale-vmodem", "-XX:-UseDynamicNumberOfCompilerThreads", "-XX:-UseDynamicNumberOfGCThreads")) {
            InetSocketAddress link = Bench.address(vmodem);
            int echoPort = Integer.parseInt(peer.group(1));
            long heap0 = vmodem.heapUsedAfterGcKib();
            long rss0 = vmodem.rssKib();
            // After the first jcmd, whose attach starts the JVM's Attach Listener for good: what
            // vmodem runs on before any modem (its loops start with it, --threads of them).
            int threads0 = vmodem.threads();
            List<String> names0 = vmodem.threadNames();

            // The baseline: one modem, the same exchange back to back, nothing else going on.
            LoadDriver.Window one;
            try (LoadDriver single = new LoadDriver(link, echoPort, 0)) {
                single.rampTo(1, 1, 30_000);
                Thread.sleep(settle);
                single.startRecording();
                Thread.sleep(window);
                one = single.stopRecording();
            }
            int threads1 = vmodem.threads();
            List<String> names1 = vmodem.threadNames();
            double p99one = one.latencies().percentile(0.99) / 1e6;
            System.err.printf(
                    Locale.ROOT,
                    "  1 modem: %d sends, p50 %.2f ms, p99 %.2f ms; vmodem threads %d: %s%n",
                    one.sends(),
                    one.latencies().percentile(0.5) / 1e6,
                    p99one,
                    threads1,
                    names1);

            try (LoadDriver fleet = new LoadDriver(link, echoPort, 1000)) {
                for (int n : steps) {
                    long t0 = System.nanoTime();
                    fleet.rampTo(n, RAMP_WINDOW, 600_000);
                    double rampSeconds = (System.nanoTime() - t0) / 1e9;
                    Thread.sleep(settle);
                    fleet.startRecording();
                    Thread.sleep(window);
                    LoadDriver.Window w = fleet.stopRecording();
                    int threads = vmodem.threads();
                    long rss = vmodem.rssKib();
                    long heap = vmodem.heapUsedAfterGcKib();
                    if (!vmodem.alive()) {
                        throw new IOException("vmodem died; see " + vmodem.log());
                    }
                    double p99 = w.latencies().percentile(0.99) / 1e6;
                    System.err.printf(
                            Locale.ROOT,
                            "  %d modems (ramp %.1f s): %d sends in %d s, %d failed, %d late ticks, p50 %.2f ms, p99 %.2f"
                                    + " ms; heap %d MiB, RSS %d MiB, %d threads%n",
                            n,
                            rampSeconds,
                            w.sends(),
                            window / 1000,
                            w.sendFailures(),
                            w.lateTicks(),
                            w.latencies().percentile(0.5) / 1e6,
                            p99,
                            heap >> 10,
                            rss >> 10,
                            threads);
                    if (threads != threads0) {
                        List<String> now = vmodem.threadNames();
                        List<String> added = new ArrayList<>(now);
                        names0.forEach(added::remove);
                        List<String> gone = new ArrayList<>(names0);
                        now.forEach(gone::remove);
                        System.err.println("  threads since the start: new " + added + ", gone " + gone);
                    }
                    if (w.sendFailures() > 0 || w.failedModems() > 0) {
                        throw new IOException(n + " modems: " + w.sendFailures() + " sends failed, " + w.failedModems()
                                + " modems failed");
                    }
                    rows.add(Row.of(
                            n + " modems: p99 AT+QISEND=0,16 → SEND OK vs 1 modem",
                            p99,
                            p99one,
                            "ms",
                            new Row.AtMost(20, "ms")));
                    rows.add(Row.of(
                            n + " modems: heap after GC (" + perModem(heap - heap0, n) + " KiB/modem) vs none",
                            heap / 1024.0,
                            heap0 / 1024.0,
                            "MiB",
                            new Row.AtMost(1024, "MiB")));
                    rows.add(Row.of(
                            n + " modems: RSS (" + perModem(rss - rss0, n) + " KiB/modem) vs none",
                            rss / 1024.0,
                            rss0 / 1024.0,
                            "MiB",
                            new Row.None()));
                    rows.add(Row.of(
                            n + " modems: vmodem threads vs at start (1 modem: " + threads1 + ")",
                            threads,
                            threads0,
                            "",
                            new Row.NotAbove()));
                }
            }
        }
        return rows;
    }

    private static String perModem(long kib, int n) {
        return Row.fmt((double) kib / n);
    }
}
