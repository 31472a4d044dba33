package io.vmodem.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * vmodem's benchmark: each row measures vmodem and a baseline in the same run on loopback and
 * prints one table with the ratios and the targets. Not a test: it asserts nothing and is never
 * run by {@code mvn verify}; {@code bench/run} builds and starts it.
 *
 * <pre>
 * bench/run [--quick] [--rows latency,buffer,push,transparent,scale,fleet] [--scale 1000,5000,9000]
 *           [--fleet 1000] [--stream-mib 100] [--jar target/vmodem.jar]
 * </pre>
 *
 * <p>{@code --quick} runs small sizes (20 MiB streams, 300 and 1000 modems) for trying a change;
 * {@code BENCH_VMODEM_OPTS} adds JVM options to the vmodem processes, such as a JFR recording, and
 * {@code BENCH_VMODEM_ARGS} adds vmodem options, such as {@code --rx-buffer 65535}.
 */
public final class Bench {
    static final Pattern VMODEM_READY = Pattern.compile("on tcp://([0-9.]+):(\\d+)");
    static final Pattern RELAY_READY = Pattern.compile("RELAY port=(\\d+)");
    static final Pattern PEER_READY = Pattern.compile("PEER echo=(\\d+) source=(\\d+)");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.println(machine());
        System.out.println("load average before: " + loadAverage());
        List<Row> rows = new ArrayList<>();
        Set<String> socketRows = new LinkedHashSet<>(o.rows);
        socketRows.retainAll(List.of("latency", "buffer", "push", "transparent"));
        if (!socketRows.isEmpty()) {
            try (Child vmodem = vmodem("vmodem");
                    Child peer = peer("peer", o.streamBytes())) {
                InetSocketAddress link = address(vmodem);
                InetSocketAddress echo = new InetSocketAddress("127.0.0.1", Integer.parseInt(peer.group(1)));
                InetSocketAddress source = new InetSocketAddress("127.0.0.1", Integer.parseInt(peer.group(2)));
                if (o.rows.contains("latency")) {
                    rows.addAll(LatencyRow.run(vmodem, peer, link, echo, o.quick ? 10_000 : 50_000));
                }
                if (o.rows.contains("buffer")) {
                    rows.addAll(ThroughputRows.bufferMode(link, echo, o.quick ? 2L << 20 : 8L << 20));
                }
                if (o.rows.contains("push")) {
                    try (Child relay = relay("relay-source", source)) {
                        rows.addAll(ThroughputRows.pushMode(
                                vmodem, link, source, relay, relayAddress(relay), relayName(), o.streamBytes()));
                    }
                }
                if (o.rows.contains("transparent")) {
                    rows.addAll(transparent(link, echo, o.streamBytes()));
                }
            }
        }
        if (o.rows.contains("scale")) {
            rows.addAll(ScaleRow.run(o.scaleSteps(), o.quick));
        }
        if (o.rows.contains("fleet")) {
            rows.addAll(FleetRow.run(o.fleet, o.quick));
        }
        System.out.println("load average after: " + loadAverage());
        System.out.println();
        System.out.print(Row.table(rows));
    }

    /** The transparent row, against socat where installed, else the benchmark's own relay. */
    static List<Row> transparent(InetSocketAddress link, InetSocketAddress echo, long bytes) throws IOException {
        if (!ThroughputRows.transparentAvailable(link, echo)) {
            return List.of(Row.unavailable(
                    "transparent: " + (bytes >> 20) + " MiB each way",
                    "AT+QIOPEN access mode 2 answers ERROR in this build"));
        }
        try (Child relay = relay("relay-echo", echo)) {
            return ThroughputRows.transparent(link, relayAddress(relay), relayName(), echo, bytes);
        }
    }

    /**
     * A byte relay in its own process from a free loopback port to {@code target}: socat where it
     * is installed (with 64 KiB buffers, as the benchmark's clients use), else {@link Relay}.
     */
    static Child relay(String name, InetSocketAddress target) throws IOException {
        String socat = findOnPath("socat");
        if (socat == null) {
            return Child.java(
                    name,
                    List.of("-Xmx512m"),
                    List.of(Relay.class.getName(), "--to", "127.0.0.1:" + target.getPort()),
                    RELAY_READY);
        }
        int port = freePort();
        Child relay = Child.start(
                name,
                List.of(
                        "sh",
                        "-c",
                        "echo RELAY port=" + port + "; exec " + socat + " -b65536 TCP-LISTEN:" + port
                                + ",bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:" + target.getPort()),
                RELAY_READY);
        awaitListening(port);
        return relay;
    }

    static String relayName() {
        return findOnPath("socat") != null ? "socat" : "a Netty relay";
    }

    static InetSocketAddress relayAddress(Child relay) {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(relay.group(1)));
    }

    static String findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(int port) throws IOException {
        for (int i = 0; i < 500; i++) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException e) {
                Child.sleep(10);
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    static Child vmodem(String name, String... jvmOptions) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        jvm.addAll(Arrays.asList(jvmOptions));
        String extra = System.getenv("BENCH_VMODEM_OPTS"); // e.g. a JFR recording, for profiling
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        // No trace kept in memory, as a fleet nobody watches runs; the control API up, on a free port.
        List<String> main = new ArrayList<>(List.of(
                "-jar",
                Options.current.jar,
                "--listen",
                "127.0.0.1:0",
                "--trace-keep",
                "0",
                "--control",
                "127.0.0.1:0"));
        String args = System.getenv("BENCH_VMODEM_ARGS"); // e.g. --rx-buffer 65535, to try a setting
        if (args != null && !args.isBlank()) {
            main.addAll(Arrays.asList(args.trim().split("\\s+")));
        }
        return Child.java(name, jvm, main, VMODEM_READY);
    }

    static Child peer(String name, long streamBytes) throws IOException {
        return Child.java(
                name,
                List.of("-Xmx512m"),
                List.of(PeerServer.class.getName(), "--stream-bytes", Long.toString(streamBytes)),
                PEER_READY);
    }

    static InetSocketAddress address(Child vmodem) {
        return new InetSocketAddress(vmodem.group(1), Integer.parseInt(vmodem.group(2)));
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return "machine: " + rt.availableProcessors() + " cores, " + cpuModel() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** For child processes: exit when the benchmark that started us goes away. */
    static void exitWhenStdinCloses() throws IOException {
        while (System.in.read() >= 0) {
            // nothing is sent; EOF means the parent is gone
        }
        System.exit(0);
    }

    static final class Options {
        static Options current = new Options();

        boolean quick;
        Set<String> rows = new LinkedHashSet<>(List.of("latency", "buffer", "push", "transparent", "scale", "fleet"));
        int fleet = 1000;
        List<Integer> scale;
        Long streamMib;
        String jar = "target/vmodem.jar";

        List<Integer> scaleSteps() {
            return scale != null ? scale : quick ? List.of(300, 1000) : List.of(1000, 5000, 9000);
        }

        long streamBytes() {
            return (streamMib != null ? streamMib : quick ? 20 : 100) << 20;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> o.quick = true;
                    case "--rows" -> o.rows = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    case "--scale" -> o.scale = Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList();
                    case "--stream-mib" -> o.streamMib = Long.parseLong(args[++i]);
                    case "--jar" -> o.jar = args[++i];
                    case "--fleet" -> o.fleet = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            current = o;
            return o;
        }
    }
}
