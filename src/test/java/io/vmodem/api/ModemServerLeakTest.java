package io.vmodem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.testing.Await;
import io.vmodem.testing.HostUart;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.pty.TtyEnd;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a server leaves nothing behind: no thread, no open file or socket, no listening port. A
 * first run may start what the JVM starts once for good (JNA's cleaner, say), but none of vmodem's
 * threads (named vmodem-...) nor its control API's (Vert.x) outlive it; a second run, with every
 * part busy (the TCP link with a socket to a peer, a pty, the control API, a trace file), must then
 * leave no thread it started alive and no descriptor it opened open (from /proc/self/fd), and its
 * link's and control API's ports closed (/proc/net/tcp, and a connect refused).
 */
class ModemServerLeakTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aClosedServerLeavesNoThreadNoDescriptorAndNoListeningPort(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "/proc (Linux)");
        Set<Thread> atFirst = threads();
        run(dir.resolve("first.trace"));
        settle("vmodem's own threads have ended", () -> ours(since(atFirst)).isEmpty());
        assertThat(ours(since(atFirst)))
                .as("vmodem's and its control API's threads")
                .isEmpty();

        Set<Thread> before = threads();
        Map<String, String> files = descriptors();
        List<InetSocketAddress> ports = run(dir.resolve("second.trace"));

        settle("the threads the server started have ended", () -> since(before).isEmpty());
        assertThat(since(before)).as("threads started and still alive").isEmpty();
        settle("the descriptors the server opened are closed", () -> opened(files)
                .isEmpty());
        assertThat(opened(files)).as("descriptors opened and still open").isEmpty();
        for (InetSocketAddress port : ports) {
            assertThat(listening(port)).as("%s still listens", port).isFalse();
            assertThat(acceptsConnections(port)).as("%s still accepts", port).isFalse();
        }
        assertThat(Files.readString(dir.resolve("second.trace"))).contains(" > AT+QIOPEN=");
    }

    /** Waits for what ends on its own thread a moment after close; the assertion after says what did not. */
    private static void settle(String what, java.util.concurrent.Callable<Boolean> done) {
        try {
            Await.until(what, done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the assertion that follows shows the difference
        }
    }

    /** One server with every part busy, closed; the ports it listened on. */
    private static List<InetSocketAddress> run(Path trace) throws Exception {
        List<InetSocketAddress> ports = new ArrayList<>();
        try (ControlledServer peer = new ControlledServer()) {
            ModemServer server = ModemServer.builder()
                    .bootTime(Duration.ZERO)
                    .activationDelay(Duration.ZERO)
                    .threads(2)
                    .trace(trace)
                    .controlApi()
                    .start();
            try (HostUart host = new HostUart(server.address())) {
                ports.add(server.address());
                URI api = server.controlUri().orElseThrow();
                ports.add(new InetSocketAddress(api.getHost(), api.getPort()));
                ModemHandle m = server.awaitModem(WAIT);
                host.until("+QIND: PB DONE\r\n");
                host.command("AT+QIACT=1");
                host.send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peer.port() + ",0,0");
                host.until("+QIOPEN: 0,0\r\n");
                peer.awaitClient();
                m.inject(Injection.of(Fault.SIGNAL).with("rssi", 5));
                m.awaitCommand("AT\\+QIOPEN=.*", WAIT);
                assertThat(m.trace()).contains("net socket 1 connected");
                server.close(); // with the host still connected: closing hangs it up
                assertThat(host.untilClosed()).doesNotContain("ERROR");
            } finally {
                server.close();
            }
        }
        if (PtyLink.supported()) {
            try (ModemServer pty =
                    ModemServer.builder().pty().bootTime(Duration.ZERO).start()) {
                TtyEnd tty = TtyEnd.open(pty.ttyPath());
                pty.awaitModem(WAIT);
                tty.readUntil("+QIND: PB DONE\r\n");
                pty.reset(); // a second pty, closed with the server
                tty.close();
            }
        }
        return ports;
    }

    /** The live threads. */
    private static Set<Thread> threads() {
        Set<Thread> live = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).forEach(live::add);
        return live;
    }

    /**
     * The threads alive now that were not in {@code before}, by name. Netty's global executor is left
     * out: a JVM-wide thread that ends by itself a second after its last task.
     */
    private static List<String> since(Set<Thread> before) {
        return threads().stream()
                .filter(t -> !before.contains(t))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("globalEventExecutor"))
                .sorted()
                .toList();
    }

    /** The threads vmodem names (vmodem-loop, vmodem-pty ...) and its control API's (Vert.x). */
    private static List<String> ours(List<String> names) {
        return names.stream()
                .filter(n -> n.startsWith("vmodem") || n.startsWith("vert"))
                .toList();
    }

    /** This process's file descriptors: number, and what each is (a file, socket:[inode], a pipe, an epoll instance). */
    private static Map<String, String> descriptors() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    out.put(
                            fd.getFileName().toString(),
                            Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return out;
    }

    /** The descriptors open now that were not open as they are in {@code before}. */
    private static List<String> opened(Map<String, String> before) throws IOException {
        List<String> out = new ArrayList<>();
        descriptors().forEach((fd, what) -> {
            // The JVM reads its container's limits now and then, for a moment (seen in CI once).
            if (!what.equals(before.get(fd)) && !what.startsWith("/sys/fs/cgroup/")) {
                out.add(fd + " -> " + what);
            }
        });
        return out;
    }

    /** Whether the kernel lists a listening TCP socket on {@code address}'s port (/proc/net/tcp, tcp6). */
    private static boolean listening(InetSocketAddress address) throws IOException {
        String port = String.format(Locale.ROOT, ":%04X ", address.getPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // local_address rem_address st: state 0A is LISTEN
                if (f.length > 3 && (f[1] + " ").endsWith(port) && f[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean acceptsConnections(InetSocketAddress address) throws IOException {
        try {
            new Socket(address.getAddress(), address.getPort()).close();
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
