package io.vmodem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Command latency: {@code AT} → {@code OK} round trips over the TCP link against a raw TCP echo
 * round trip of the same three bytes on loopback. The two alternate in blocks of 100 round trips,
 * so that whatever else the machine does at the time falls on both alike.
 */
final class LatencyRow {
    private static final byte[] AT = "AT\r".getBytes(StandardCharsets.ISO_8859_1);
    private static final int BLOCK = 100;

    private LatencyRow() {}

    /** The JIT counts as quiet once its compilers used less than this share of a warm-up block. */
    private static final double QUIET_JIT = 0.02;

    private static final int WARMUP_BLOCK = 2_000, WARMUP_MAX = 400_000;

    static List<Row> run(
            Child vmodemProcess, Child peerProcess, InetSocketAddress vmodem, InetSocketAddress echo, int rounds)
            throws IOException {
        // Where the kernel wakes a server matters more than the server on a VM: a server woken on a
        // halted core costs an inter-processor interrupt, one on the client's own core does not,
        // and which one each process gets changes from run to run (ratios from 0.35x to 3.3x for
        // the same build). The host thread on the first core, vmodem and the echo on the second,
        // both pay the same crossing, so that the ratio is vmodem's own cost.
        // Taken before pinning: a pinned thread's JVM counts only the cores it may run on.
        int cores = Runtime.getRuntime().availableProcessors();
        boolean pinned = Bench.findOnPath("taskset") != null && cores >= 2;
        if (pinned) {
            pinned = taskset("0", "/proc/thread-self")
                    && taskset("1", "/proc/" + vmodemProcess.pid())
                    && taskset("1", "/proc/" + peerProcess.pid());
            System.out.println("  command latency: "
                    + (pinned ? "host thread on cpu 0, vmodem and the echo on cpu 1" : "not pinned (taskset failed)"));
        }
        try {
            return measureRows(vmodem, echo, rounds, vmodemProcess);
        } finally {
            if (pinned) {
                // Every core again, for the rows after this one and the processes they start.
                String all = "0-" + (cores - 1);
                taskset(all, "/proc/thread-self");
                taskset(all, "/proc/" + vmodemProcess.pid());
                taskset(all, "/proc/" + peerProcess.pid());
            }
        }
    }

    /** Pins every thread of a process, or the calling thread ({@code /proc/thread-self}), to {@code cpus}. */
    private static boolean taskset(String cpus, String proc) {
        try {
            Path p = Path.of(proc);
            boolean self = proc.endsWith("thread-self");
            String id = self
                    ? p.toRealPath().getFileName().toString()
                    : p.getFileName().toString();
            List<String> cmd =
                    self ? List.of("taskset", "-p", "-c", cpus, id) : List.of("taskset", "-a", "-p", "-c", cpus, id);
            Process t = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            t.getInputStream().readAllBytes();
            return t.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<Row> measureRows(
            InetSocketAddress vmodem, InetSocketAddress echo, int rounds, Child vmodemProcess) throws IOException {
        try (ModemLink link = ModemLink.booted(vmodem);
                Socket raw = new Socket(echo.getAddress(), echo.getPort())) {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(30_000);
            Latencies v = new Latencies();
            Latencies b = new Latencies();
            int warmup = Math.max(1000, rounds / 2);
            measure(link, warmup, new Latencies());
            measure(raw, warmup, new Latencies());
            // On 2 cores the JIT compiling vmodem's command path takes one of them for a hundred
            // thousand commands or more; measured then, the row shows the compiler, not vmodem.
            int quiet = 0;
            while (warmup < WARMUP_MAX && quiet < 3) {
                long cpu0 = vmodemProcess.compilerCpuNanos();
                long t0 = System.nanoTime();
                measure(link, WARMUP_BLOCK, new Latencies());
                measure(raw, WARMUP_BLOCK, new Latencies());
                warmup += WARMUP_BLOCK;
                boolean compiling = vmodemProcess.compilerCpuNanos() - cpu0 >= QUIET_JIT * (System.nanoTime() - t0);
                quiet = compiling ? 0 : quiet + 1;
            }
            System.out.println("  command latency: warmed up with " + warmup
                    + " round trips each, until vmodem's JIT compilers were quiet for three blocks of " + WARMUP_BLOCK
                    + "");
            for (int i = 0; i < rounds / BLOCK; i++) {
                measure(link, BLOCK, v);
                measure(raw, BLOCK, b);
            }
            return List.of(
                    Row.of(
                            "command latency p50: AT→OK vs raw echo",
                            v.percentile(0.50) / 1e3,
                            b.percentile(0.50) / 1e3,
                            "µs",
                            new Row.RatioAtMost(1.5)),
                    Row.of(
                            "command latency p99: AT→OK vs raw echo",
                            v.percentile(0.99) / 1e3,
                            b.percentile(0.99) / 1e3,
                            "µs",
                            new Row.RatioAtMost(3)));
        }
    }

    private static void measure(ModemLink link, int n, Latencies into) throws IOException {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            link.write(AT);
            String result = link.awaitLine(ModemLink::isFinal);
            into.add(System.nanoTime() - t0);
            if (!result.equals("OK")) {
                throw new IOException("AT answered " + result);
            }
        }
    }

    private static void measure(Socket raw, int n, Latencies into) throws IOException {
        OutputStream out = raw.getOutputStream();
        InputStream in = raw.getInputStream();
        byte[] back = new byte[AT.length];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            out.write(AT);
            int got = 0;
            while (got < back.length) {
                int r = in.read(back, got, back.length - got);
                if (r < 0) {
                    throw new IOException("echo closed");
                }
                got += r;
            }
            into.add(System.nanoTime() - t0);
        }
    }
}
