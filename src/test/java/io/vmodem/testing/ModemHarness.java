package io.vmodem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.ModemSession;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.NetPolicy;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One modem under test: a real modem on a real event loop, its sockets on the host's real network,
 * its time virtual, its link in memory. The test types at it and reads what it answers.
 *
 * <p>While the test waits for output and nothing is under way, the harness moves virtual time to
 * the modem's next timer: commands that take seconds on a module complete at once, and real
 * network events keep their place among the timers. "Nothing under way" is asked, not waited for:
 * the modem's loop has run what was queued, its network has no operation in flight and no input
 * waiting in the kernel ({@link io.vmodem.net.ModemNetwork#settled}), the test's peers are idle
 * ({@link io.vmodem.testing.peers.PeerActivity}), and two looks a quarter of a millisecond apart agree.
 */
public final class ModemHarness implements AutoCloseable {
    /**
     * How long one look for output waits before asking whether anything is under way. The peers
     * and the network say what is under way; the gap only lets a thread just woken show itself.
     * A run with thousands of virtual-time steps (the UART split property) spends most of its time
     * here: 1 ms made it 14 s, this a third of that.
     */
    private static final long LOOK_NANOS = 250_000;
    /** How long an expectation waits, in real time, before failing. */
    private static final long TIMEOUT_MILLIS = 15_000;

    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private static HostNetwork host;

    private final EventLoop loop;
    private final VirtualScheduler time;
    private final TestLink link = new TestLink();
    private final VirtualModem modem;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private byte[] unread = new byte[0];
    private boolean autoAdvance = true;
    private long expectedFaults;
    private final int leaksBefore = LeakReports.count();

    public ModemHarness(Dialect dialect) {
        this(dialect, ModemSettings.defaults());
    }

    public ModemHarness(Dialect dialect, ModemSettings settings) {
        this(dialect, settings, SERIALS.getAndIncrement());
    }

    /**
     * A modem with the given serial number, hence IMEI: with a state directory, the same serial
     * finds the non-volatile store an earlier modem left, as a restarted program does.
     */
    public ModemHarness(Dialect dialect, ModemSettings settings, long serial) {
        this(dialect, settings, serial, LinkLayers.NONE);
    }

    /** With UART pacing or a trace between the test's link and the modem, as a real link has them. */
    public ModemHarness(Dialect dialect, ModemSettings settings, LinkLayers layers) {
        this(dialect, settings, SERIALS.getAndIncrement(), layers);
    }

    public ModemHarness(Dialect dialect, ModemSettings settings, long serial, LinkLayers layers) {
        this(host(), dialect, settings, serial, layers);
    }

    /** A modem of a host network of the test's own (with a policy, say) rather than the shared one. */
    public ModemHarness(HostNetwork h, Dialect dialect, ModemSettings settings, LinkLayers layers) {
        this(h, dialect, settings, SERIALS.getAndIncrement(), layers);
    }

    /** A modem of {@code fleet}: with its scenario, its seed and its in-memory trace. */
    public ModemHarness(Dialect dialect, ModemSettings settings, long serial, Fleet fleet) {
        this(host(), dialect, settings, serial, LinkLayers.NONE, fleet);
    }

    private ModemHarness(HostNetwork h, Dialect dialect, ModemSettings settings, long serial, LinkLayers layers) {
        this(h, dialect, settings, serial, layers, new Fleet());
    }

    private ModemHarness(
            HostNetwork h, Dialect dialect, ModemSettings settings, long serial, LinkLayers layers, Fleet fleet) {
        this.loop = h.nextLoop();
        this.time = VirtualScheduler.on(loop);
        ModemFactory factory = new ModemFactory(h, dialect, settings, serial, layers, EventLoopScheduler::new, fleet);
        this.modem = factory.create(loop, time, link);
        link.onDrained(modem::linkWritable);
    }

    /** The host network all harnesses share: one set of event loops for the whole test run. */
    public static synchronized HostNetwork host() {
        if (host == null) {
            host = HostNetwork.start(2, null, NetPolicy.OPEN);
        }
        return host;
    }

    public VirtualScheduler time() {
        return time;
    }

    public TestLink link() {
        return link;
    }

    public VirtualModem modem() {
        return modem;
    }

    /** Whether quiet waits move virtual time to the next timer (on by default). */
    public ModemHarness autoAdvance(boolean on) {
        autoAdvance = on;
        return this;
    }

    /** Powers on and waits until the boot URCs are out; returns them. */
    public String boot() {
        modem.powerOn();
        time.advance(modem.session().modem().settings().bootDelay());
        return drainQuietly();
    }

    /** Powers on, swallows the boot URCs and turns echo off, as most tests want. */
    public ModemHarness bootQuiet() {
        boot();
        send("ATE0");
        while (!nextLine().equals("OK")) {
            // the echo of ATE0 itself
        }
        return this;
    }

    /** Runs {@code task} on the modem's loop and returns its result. */
    public <T> T onLoop(Callable<T> task) {
        return OnLoop.call(loop, task);
    }

    public void onLoop(Runnable task) {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** The modem's dialect session; only touch it through {@link #onLoop}. */
    public ModemSession session() {
        return modem.session();
    }

    // ---- typing ----

    /** Types a command line, ended by CR LF as drivers do. */
    public ModemHarness send(String line) {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    public ModemHarness sendRaw(String text) {
        return sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public ModemHarness sendRaw(byte[] bytes) {
        byte[] copy = bytes.clone();
        modem.received(copy, 0, copy.length);
        return this;
    }

    public void advance(Duration d) {
        time.advance(d);
    }

    /**
     * Lets what is under way finish before the modem's time moves on (an echo on its way back, a
     * connect), keeping what the modem writes meanwhile for the next expectation; an operation that
     * stays in flight past the grace period (a peer that never answers) is left running.
     */
    public ModemHarness settle() {
        Settling settling = new Settling(loop, () -> modem.session().modem().network());
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            byte[] got = look();
            if (got.length > 0) {
                keep(got);
                settling.reset();
            } else if (settling.settled(true)) {
                return this;
            }
        }
        throw new AssertionError("the modem never settled; session so far:\n" + transcript());
    }

    // ---- reading ----

    /** The next non-empty line the modem writes (CR LF framing stripped). */
    public String nextLine() {
        while (true) {
            int start = 0;
            while (start < unread.length && (unread[start] == '\r' || unread[start] == '\n')) {
                start++;
            }
            for (int i = start; i + 1 < unread.length; i++) {
                if (unread[i] == '\r' && unread[i + 1] == '\n') {
                    int end = i;
                    while (end > start && unread[end - 1] == '\r') {
                        end--; // an echoed command line ends in its own CR
                    }
                    String line = new String(unread, start, end - start, StandardCharsets.ISO_8859_1);
                    consume(i + 2);
                    return line;
                }
            }
            fill(() -> "a line; so far: " + printable(unread));
        }
    }

    /** Exactly {@code n} raw bytes. */
    public byte[] nextBytes(int n) {
        while (unread.length < n) {
            fill(() -> n + " bytes; so far " + unread.length + ": " + printable(unread));
        }
        byte[] out = java.util.Arrays.copyOf(unread, n);
        consume(n);
        return out;
    }

    /**
     * Up to {@code max} bytes the modem has written, waiting at most {@code millis} of real time for
     * the first; empty when none came. Virtual time does not move: a test that drives it itself
     * (a long transfer under a shaping condition) reads with this.
     */
    public byte[] nextAvailable(int max, long millis) {
        if (unread.length == 0) {
            keep(take(millis));
        }
        int n = Math.min(max, unread.length);
        byte[] out = java.util.Arrays.copyOf(unread, n);
        consume(n);
        return out;
    }

    /** The next {@code n} bytes, left unread. */
    public byte[] peek(int n) {
        while (unread.length < n) {
            fill(() -> n + " bytes; so far " + unread.length + ": " + printable(unread));
        }
        return java.util.Arrays.copyOf(unread, n);
    }

    /** Drops the CR and LF bytes that come next (framing before a prompt or raw data). */
    public ModemHarness skipLineBreaks() {
        while (peek(1)[0] == '\r' || peek(1)[0] == '\n') {
            consume(1);
        }
        return this;
    }

    /** Expects the data prompt {@code "> "} next, after any framing. */
    public ModemHarness expectPrompt() {
        return skipLineBreaks().expectRaw("> ");
    }

    /** Expects {@code text} exactly next, bytes and framing included. */
    public ModemHarness expectRaw(String text) {
        byte[] want = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] got = nextBytes(want.length);
        assertThat(printable(got))
                .as(() -> "raw output; session so far:\n" + transcript())
                .isEqualTo(printable(want));
        return this;
    }

    public ModemHarness expectLine(String line) {
        assertThat(nextLine()).isEqualTo(line);
        return this;
    }

    /**
     * Everything the modem writes until nothing is under way any more (virtual time does not move).
     */
    public String drainQuietly() {
        StringBuilder sb = new StringBuilder(new String(unread, StandardCharsets.ISO_8859_1));
        consume(unread.length);
        Settling settling = new Settling(loop, () -> modem.session().modem().network());
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            byte[] got = look();
            if (got.length > 0) {
                sb.append(new String(got, StandardCharsets.ISO_8859_1));
                settling.reset();
            } else if (settling.settled(false)) {
                return sb.toString();
            }
        }
        throw new AssertionError("the modem never settled; session so far:\n" + transcript());
    }

    /** Expects that nothing more comes once everything under way has finished. */
    public void expectSilence() {
        String rest = drainQuietly();
        assertThat(rest).as("unexpected output").isEmpty();
    }

    /** Expects that nothing comes for {@code d} of the modem's time (virtual time moves by it). */
    public void expectSilenceFor(Duration d) {
        expectSilence();
        time.advance(d);
        expectSilence();
    }

    /** All output seen so far, for failure messages. */
    public String transcript() {
        return printable(seen.toByteArray());
    }

    private void fill(java.util.function.Supplier<String> waitingFor) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        Settling settling = new Settling(loop, () -> modem.session().modem().network());
        while (System.currentTimeMillis() < deadline) {
            byte[] got = look();
            if (got.length > 0) {
                keep(got);
                return;
            }
            if (autoAdvance && settling.settled(true)) {
                time.advanceToNext();
                settling.reset();
            }
        }
        throw new AssertionError("timed out waiting for " + waitingFor.get() + "\nsession so far:\n" + transcript());
    }

    /** Keeps output for the expectations that read it. */
    private void keep(byte[] got) {
        byte[] joined = java.util.Arrays.copyOf(unread, unread.length + got.length);
        System.arraycopy(got, 0, joined, unread.length, got.length);
        unread = joined;
    }

    /** What the modem wrote within one look interval (the gap between two looks at settling). */
    private byte[] look() {
        return takeWithin(LOOK_NANOS);
    }

    private byte[] take(long millis) {
        return takeWithin(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private byte[] takeWithin(long nanos) {
        try {
            byte[] got = link.takeNanos(1 << 20, nanos);
            seen.write(got, 0, got.length);
            return got;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void consume(int n) {
        unread = java.util.Arrays.copyOfRange(unread, n, unread.length);
    }

    /** Bytes as readable text: CR, LF, Ctrl+Z and other controls escaped. */
    public static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n\n");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Faults the engine caught: a healthy run has none. */
    public long faults() {
        return onLoop(() -> modem.session().engine().faults());
    }

    /** The test means the modem to count exactly {@code n} faults (injected, or a deadline it provokes). */
    public ModemHarness expectFaults(long n) {
        expectedFaults = n;
        return this;
    }

    /**
     * Powers the modem off (its non-volatile settings are on disk when this returns, as at a program's
     * exit), and fails the test if the modem counted a fault it did not expect ({@link
     * #expectFaults}) or Netty reported a buffer never released while the modem lived (the report
     * comes once the buffer is collected, so an earlier test's leak may surface here): every test ends
     * with nothing left over.
     */
    @Override
    public void close() {
        long faults = faults();
        onLoop(modem.session()::powerOff);
        assertThat(NvStore.awaitWritten(Duration.ofSeconds(10)))
                .as("non-volatile settings written")
                .isTrue();
        LeakReports.collect();
        assertThat(faults).as("faults the modem counted (see the log)").isEqualTo(expectedFaults);
        assertThat(LeakReports.since(leaksBefore))
                .as("buffers leaked, as Netty reported them")
                .isEmpty();
    }
}
