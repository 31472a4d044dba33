package io.vmodem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The throughput rows: buffer access mode ({@code AT+QISEND} / {@code AT+QIRD} to an echo peer),
 * push mode (the peer streams, the host reads {@code +QIURC: "recv"} URCs) and transparent mode
 * (bytes both ways through an echo), each against the same bytes over raw loopback TCP. vmodem and
 * the baseline take turns, several runs each, and each side's median run is reported.
 */
final class ThroughputRows {
    static final int CHUNK = 1460;
    private static final int RUNS = 5;
    private static final long WARMUP_NANOS = 2_000_000_000L;
    /** vmodem's event-loop threads, as /proc names them. */
    private static final String LOOPS = "vmodem-loop";

    private ThroughputRows() {}

    /** A timed run: bytes moved, commands sent, nanoseconds taken. */
    record Run(long bytes, long commands, long nanos) {
        double mbPerSecond() {
            return bytes / (nanos / 1e9) / 1e6;
        }

        double commandsPerSecond() {
            return commands / (nanos / 1e9);
        }
    }

    interface Runner {
        Run run() throws IOException;
    }

    /**
     * Warms both sides up (each runs until it has run for {@link #WARMUP_NANOS}, at least twice: the
     * JIT needs a few hundred MiB to settle), then runs them {@link #RUNS} times in turn; the
     * median run of each side. Every measured run is logged, so the spread can be seen.
     */
    static Run[] alternate(String what, Runner vmodem, Runner baseline) throws IOException {
        return alternate(what, vmodem, baseline, () -> {});
    }

    /** As above; {@code warm} runs once both sides are warm, before the measured runs. */
    static Run[] alternate(String what, Runner vmodem, Runner baseline, Runnable warm) throws IOException {
        warmUp(vmodem);
        warmUp(baseline);
        warm.run();
        List<Run> v = new ArrayList<>();
        List<Run> b = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            v.add(vmodem.run());
            b.add(baseline.run());
        }
        System.err.printf(
                Locale.ROOT,
                "  %s, MB/s: vmodem %s, baseline %s%n",
                what,
                v.stream().map(r -> Row.fmt(r.mbPerSecond())).toList(),
                b.stream().map(r -> Row.fmt(r.mbPerSecond())).toList());
        return new Run[] {median(v), median(b)};
    }

    private static void warmUp(Runner side) throws IOException {
        long spent = 0;
        for (int i = 0; i < 2 || spent < WARMUP_NANOS; i++) {
            spent += side.run().nanos();
        }
    }

    private static Run median(List<Run> runs) {
        Run[] sorted = runs.toArray(new Run[0]);
        Arrays.sort(sorted, (x, y) -> Double.compare(x.mbPerSecond(), y.mbPerSecond()));
        return sorted[sorted.length / 2];
    }

    // ---- buffer access mode ----

    static List<Row> bufferMode(InetSocketAddress vmodem, InetSocketAddress echo, long bytes) throws IOException {
        Run[] r = alternate(
                "buffer mode", () -> bufferModeVmodem(vmodem, echo, bytes), () -> echoRoundTrips(echo, bytes));
        return List.of(
                Row.of(
                        "buffer mode: QISEND+QIRD 1460 B to echo vs raw echo, MB/s",
                        r[0].mbPerSecond(),
                        r[1].mbPerSecond(),
                        "MB/s",
                        new Row.None()),
                Row.of(
                        "buffer mode: AT commands/s vs raw round trips/s",
                        r[0].commandsPerSecond(),
                        r[1].commandsPerSecond(),
                        "/s",
                        new Row.None()));
    }

    /** Each chunk: AT+QISEND=0,1460, the data, SEND OK; then AT+QIRD until the echo is all back. */
    static Run bufferModeVmodem(InetSocketAddress vmodem, InetSocketAddress echo, long bytes) throws IOException {
        try (ModemLink link = ModemLink.booted(vmodem)) {
            open(link, echo, 0);
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) 'x');
            long commands = 0;
            long t0 = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                link.write("AT+QISEND=0," + CHUNK + "\r");
                link.awaitPrompt();
                link.write(chunk);
                expect(link, "SEND OK");
                commands++;
                long target = link.readBytes() + CHUNK;
                link.awaitLine("+QIURC: \"recv\",0"::equals);
                while (link.readBytes() < target) {
                    long before = link.readBytes();
                    link.command("AT+QIRD=0,1500");
                    commands++;
                    if (link.readBytes() == before) {
                        link.awaitLine("+QIURC: \"recv\",0"::equals);
                    }
                }
            }
            long nanos = System.nanoTime() - t0;
            link.command("AT+QICLOSE=0");
            return new Run(roundUp(bytes), commands, nanos);
        }
    }

    /** The baseline: each chunk written to the echo and read back before the next. */
    static Run echoRoundTrips(InetSocketAddress echo, long bytes) throws IOException {
        try (Socket s = connect(echo)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[CHUNK];
            byte[] back = new byte[CHUNK];
            long trips = 0;
            long t0 = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                out.write(chunk);
                readFully(in, back);
                trips++;
            }
            return new Run(roundUp(bytes), trips, System.nanoTime() - t0);
        }
    }

    private static long roundUp(long bytes) {
        return (bytes + CHUNK - 1) / CHUNK * CHUNK;
    }

    // ---- push mode ----

    /**
     * Push mode against a raw read of the same stream; and, for reference, the raw read through a
     * byte relay in its own process, the most any program that passes the bytes on could do.
     */
    static List<Row> pushMode(
            Child vmodemProcess,
            InetSocketAddress vmodem,
            InetSocketAddress source,
            Child relayProcess,
            InetSocketAddress relay,
            String relayName,
            long bytes)
            throws IOException {
        Run[] r = alternate("push mode", () -> pushVmodem(vmodem, source, bytes), () -> rawRead(source, bytes));
        Run[] ref = alternate("raw read via relay", () -> rawRead(relay, bytes), () -> rawRead(source, bytes));
        // The relay's own figure swings between runs on a busy VM: this row takes the two in turn.
        // Each process's CPU over the measured runs: steadier than a throughput on a shared machine.
        long[] cpuAtStart = new long[2];
        Run[] vsRelay = alternate(
                "push mode vs raw read via relay",
                () -> pushVmodem(vmodem, source, bytes),
                () -> rawRead(relay, bytes),
                () -> {
                    cpuAtStart[0] = vmodemProcess.cpuNanos(LOOPS);
                    cpuAtStart[1] = relayProcess.cpuNanos();
                });
        Child.sleep(200); // the relay's last connection ends and is counted
        double mib = RUNS * (double) bytes / (1 << 20);
        double vmodemCpu = (vmodemProcess.cpuNanos(LOOPS) - cpuAtStart[0]) / 1e6 / mib;
        double relayCpu = (relayProcess.cpuNanos() - cpuAtStart[1]) / 1e6 / mib;
        return List.of(
                Row.of(
                        "push mode: peer streams " + (bytes >> 20) + " MiB, host reads URCs vs raw read, MB/s",
                        r[0].mbPerSecond(),
                        r[1].mbPerSecond(),
                        "MB/s",
                        new Row.RatioAtLeast(0.5)),
                Row.of(
                        "  reference: the same raw read through " + relayName + ", MB/s",
                        ref[0].mbPerSecond(),
                        ref[1].mbPerSecond(),
                        "MB/s",
                        new Row.None()),
                Row.of(
                        "  push mode vs that relay, taken in turn, MB/s",
                        vsRelay[0].mbPerSecond(),
                        vsRelay[1].mbPerSecond(),
                        "MB/s",
                        new Row.RatioAtLeast(0.9)),
                Row.of(
                        "  the same runs: CPU per MiB, vmodem's event loops vs the relay",
                        vmodemCpu,
                        relayCpu,
                        "ms",
                        new Row.None()));
    }

    /** AT+QIOPEN in push mode to the source; the clock runs from the command to the last byte. */
    static Run pushVmodem(InetSocketAddress vmodem, InetSocketAddress source, long bytes) throws IOException {
        try (ModemLink link = ModemLink.booted(vmodem)) {
            link.command("AT+QIACT=1");
            long t0 = System.nanoTime();
            link.write("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + source.getPort() + ",0,1\r");
            while (link.pushBytes() < bytes) {
                link.readSome();
            }
            long nanos = System.nanoTime() - t0;
            return new Run(bytes, 1, nanos);
        }
    }

    /** The baseline: connect to the source and read until it closes. */
    static Run rawRead(InetSocketAddress source, long bytes) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long t0 = System.nanoTime();
        long got = 0;
        try (Socket s = connect(source)) {
            InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                got += n;
            }
        }
        long nanos = System.nanoTime() - t0;
        if (got != bytes) {
            throw new IOException("raw read got " + got + " of " + bytes + " bytes");
        }
        return new Run(bytes, 0, nanos);
    }

    // ---- transparent access mode ----

    /**
     * Whether vmodem opens transparent sockets: {@code AT+QIOPEN=...,0,2} answers {@code CONNECT}
     * on the BG96; a build without transparent mode answers {@code ERROR}.
     */
    static boolean transparentAvailable(InetSocketAddress vmodem, InetSocketAddress echo) throws IOException {
        try (ModemLink link = ModemLink.booted(vmodem)) {
            link.command("AT+QIACT=1");
            link.write("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + echo.getPort() + ",0,2\r");
            return link.awaitLine(l -> ModemLink.isFinal(l) || l.startsWith("+QIOPEN:"))
                    .equals("CONNECT");
        }
    }

    static List<Row> transparent(
            InetSocketAddress vmodem, InetSocketAddress relay, String relayName, InetSocketAddress echo, long bytes)
            throws IOException {
        Run[] r = alternate(
                "transparent", () -> transparentVmodem(vmodem, echo, bytes), () -> duplex(connect(relay), bytes));
        return List.of(Row.of(
                "transparent: " + (bytes >> 20) + " MiB each way via echo vs " + relayName + ", MB/s each way",
                r[0].mbPerSecond(),
                r[1].mbPerSecond(),
                "MB/s",
                new Row.RatioAtLeast(0.8)));
    }

    static Run transparentVmodem(InetSocketAddress vmodem, InetSocketAddress echo, long bytes) throws IOException {
        ModemLink link = ModemLink.booted(vmodem);
        link.command("AT+QIACT=1");
        link.write("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + echo.getPort() + ",0,2\r");
        String result = link.awaitLine(l -> ModemLink.isFinal(l) || l.startsWith("+QIOPEN:"));
        if (!result.equals("CONNECT")) {
            link.close();
            throw new IOException("transparent AT+QIOPEN answered " + result);
        }
        return duplex(link.socket(), bytes);
    }

    /**
     * Writes {@code bytes} on one thread while reading them back on this one; the clock stops when
     * the last byte is back. Closes the socket.
     */
    static Run duplex(Socket s, long bytes) throws IOException {
        try (s) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'x');
            long t0 = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (long sent = 0; sent < bytes; ) {
                        int n = (int) Math.min(block.length, bytes - sent);
                        out.write(block, 0, n);
                        sent += n;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            while (got < bytes) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("closed after " + got + " of " + bytes + " bytes");
                }
                got += n;
            }
            long nanos = System.nanoTime() - t0;
            writer.join();
            return new Run(bytes, 0, nanos);
        }
    }

    // ---- shared ----

    /** Activates context 1 and opens connect ID 0 to the peer in {@code mode}, waiting for +QIOPEN. */
    static void open(ModemLink link, InetSocketAddress peer, int mode) throws IOException {
        link.command("AT+QIACT=1");
        link.command("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peer.getPort() + ",0," + mode);
        String opened = link.awaitLine(l -> l.startsWith("+QIOPEN:"));
        if (!opened.equals("+QIOPEN: 0,0")) {
            throw new IOException("open failed: " + opened);
        }
    }

    private static void expect(ModemLink link, String result) throws IOException {
        String got = link.awaitLine(ModemLink::isFinal);
        if (!got.equals(result)) {
            throw new IOException("expected " + result + ", got " + got);
        }
    }

    static Socket connect(InetSocketAddress to) throws IOException {
        Socket s = new Socket(to.getAddress(), to.getPort());
        s.setTcpNoDelay(true);
        s.setSoTimeout(60_000);
        return s;
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int got = 0;
        while (got < into.length) {
            int n = in.read(into, got, into.length - got);
            if (n < 0) {
                throw new IOException("closed");
            }
            got += n;
        }
    }
}
