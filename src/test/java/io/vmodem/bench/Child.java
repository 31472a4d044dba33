package io.vmodem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the benchmark starts (vmodem, the peer server, a relay): its output goes to a log file
 * under {@code target/bench/}, the benchmark waits for the line that says it is ready, and reads
 * its resident memory, thread count and (for a JVM) heap in use after a full GC.
 */
final class Child implements AutoCloseable {
    /** Children still running, stopped if the benchmark is interrupted. */
    private static final java.util.Set<Child> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Child::close)));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Matcher ready;

    private Child(String name, Process process, Path log, Matcher ready) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.ready = ready;
    }

    /** A JVM running {@code main} (a class on the benchmark's classpath, or {@code -jar file}). */
    static Child java(String name, List<String> jvmOptions, List<String> main, Pattern readyLine) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (!main.get(0).equals("-jar")) {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
        }
        cmd.addAll(main);
        return start(name, cmd, readyLine);
    }

    static Child start(String name, List<String> command, Pattern readyLine) throws IOException {
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            Matcher m = readyLine.matcher(text);
            if (m.find()) {
                Child child = new Child(name, p, log, m);
                RUNNING.add(child);
                return child;
            }
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ":\n" + text);
            }
            sleep(20);
        }
        p.destroyForcibly();
        throw new IOException(name + " did not start in 60 s; see " + log);
    }

    /** A group of the ready line. */
    String group(int i) {
        return ready.group(i);
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size in KiB (VmRSS of /proc/pid/status). */
    long rssKib() {
        return statusField("VmRSS");
    }

    /** Threads of the process, from /proc/pid/status. */
    int threads() {
        return (int) statusField("Threads");
    }

    /**
     * CPU time the JVM's JIT compiler threads have used, in nanoseconds (from
     * {@code /proc/<pid>/task/<tid>/schedstat}): while it still grows, the process is warming up.
     */
    long compilerCpuNanos() {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        total += Long.parseLong(
                                Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0; // not Linux: no way to tell
        }
        return total;
    }

    /**
     * CPU time the process has used, in nanoseconds: its threads' (from {@code schedstat}, exact)
     * and that of its children that have ended (a forking relay's connections, to the clock tick).
     */
    long cpuNanos() {
        return cpuNanos("");
    }

    /** As {@link #cpuNanos()}, counting only the threads whose names start so (a JVM's event loops). */
    long cpuNanos(String threadPrefix) {
        Path proc = Path.of("/proc", Long.toString(pid()));
        long total = 0;
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith(threadPrefix)) {
                        continue;
                    }
                    total += Long.parseLong(
                            Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name, fields[0] is field 3 (state): cutime is field 16, cstime field 17
            long childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return total + childTicks * 10_000_000L; // USER_HZ: 100 on Linux
        } catch (IOException e) {
            return 0; // not Linux: no way to tell
        }
    }

    /** Names of the process's threads (as /proc shows them, at most 15 characters). */
    List<String> threadNames() {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(t.resolve("comm")).trim());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(name + " is gone", e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** Heap in use after a full collection, in KiB ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapUsedAfterGcKib() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        // The serial collector (a JVM that sees one core) and the parallel one list their generations.
        Matcher generation = Pattern.compile("\\s+total \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        boolean found = false;
        while (generation.find()) {
            used += Long.parseLong(generation.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("unexpected GC.heap_info output:\n" + info);
        }
        return used;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        RUNNING.remove(this);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
