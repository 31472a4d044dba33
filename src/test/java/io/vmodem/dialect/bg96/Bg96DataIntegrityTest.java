package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.net.TcpConnection;
import io.vmodem.testing.HostAndPeer;
import io.vmodem.testing.HostTyping;
import io.vmodem.testing.HostTyping.LineEnd;
import io.vmodem.testing.Io;
import io.vmodem.testing.LineEndHost;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed: arbitrary payloads (every byte value, 1..1460 bytes), typed in
 * arbitrary chunks, go out through AT+QISEND to a real echo peer and come back through AT+QIRD
 * (buffer access mode) or push URCs (direct push mode).
 */
class Bg96DataIntegrityTest {
    private TcpEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = new TcpEchoServer();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        modem.send("AT+QIOPEN=1,1,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,1");
        modem.expectLine("OK").expectLine("+QIOPEN: 1,0");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1460);
    }

    @Property(tries = 40)
    void bufferAccessModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload, @ForAll long chunkSeed) {
        typeInChunks(
                ("AT+QISEND=0," + payload.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1), payload, chunkSeed);
        modem.expectPrompt();
        expectFinal("SEND OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            modem.send("AT+QIRD=0,1500");
            String header = skipRecvUrcs();
            int n = Integer.parseInt(header.substring("+QIRD: ".length()));
            if (n > 0) {
                got.writeBytes(modem.nextBytes(n));
            }
            modem.expectLine("OK");
            if (n == 0) {
                // Nothing yet: the drained buffer reports the next arrival once.
                assertThat(modem.nextLine()).isEqualTo("+QIURC: \"recv\",0");
            }
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
    }

    @Property(tries = 40)
    void directPushModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload, @ForAll long chunkSeed) {
        typeInChunks(
                ("AT+QISEND=1," + payload.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1), payload, chunkSeed);
        modem.expectPrompt();
        expectFinal("SEND OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            String header = modem.nextLine();
            assertThat(header).startsWith("+QIURC: \"recv\",1,");
            int n = Integer.parseInt(header.substring("+QIURC: \"recv\",1,".length()));
            got.writeBytes(modem.nextBytes(n));
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
    }

    /** The first line that is not a buffer-mode "recv" URC. */
    private String skipRecvUrcs() {
        while (true) {
            String line = modem.nextLine();
            if (!line.equals("+QIURC: \"recv\",0")) {
                return line;
            }
        }
    }

    private void expectFinal(String text) {
        String line = skipRecvUrcs();
        assertThat(line).isEqualTo(text);
    }

    /**
     * The command and its data as one byte stream, cut at random places, as a UART driver might;
     * this host does not wait for the prompt, so it writes its CR LF in one piece (an LF that reached
     * the modem after the prompt went out would be data).
     */
    private void typeInChunks(byte[] command, byte[] payload, long seed) {
        byte[] all = new byte[command.length + payload.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(payload, 0, all, command.length, payload.length);
        Random random = new Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int i = 0;
        while (i < all.length) {
            int n = 1 + random.nextInt(Math.min(64, all.length - i));
            if (i + n == command.length - 1) {
                n++; // not between the CR and the LF
            }
            chunks.add(java.util.Arrays.copyOfRange(all, i, i + n));
            i += n;
        }
        chunks.forEach(modem::sendRaw);
    }

    // ---- any payload, any line end, any cut: what the host types after the prompt is the data ----

    private static final Duration RESPONSE_DELAY = Duration.ofMillis(300);

    private ControlledServer sink;
    private HostAndPeer immediate;
    private HostAndPeer delayed;

    /** A modem with a socket (connect ID 3) to a peer that only reads: made on first use, for every try. */
    private HostAndPeer sink(boolean withDelay) throws Exception {
        if (sink == null) {
            sink = new ControlledServer();
        }
        if (withDelay ? delayed == null : immediate == null) {
            HostAndPeer s = new HostAndPeer(new Bg96Dialect(), withDelay ? RESPONSE_DELAY : Duration.ZERO, sink, h -> {
                h.setUp("AT+QIACT=1").expectLine("OK");
                h.setUp("AT+QIOPEN=1,3,\"TCP\",\"" + sink.host() + "\"," + sink.port() + ",0,0")
                        .expectLine("OK")
                        .expectLine("+QIOPEN: 3,0");
            });
            if (withDelay) {
                delayed = s;
            } else {
                immediate = s;
            }
        }
        return withDelay ? delayed : immediate;
    }

    @AfterProperty
    void closeSinks() throws Exception {
        try {
            Io.closeAll(immediate, delayed, sink);
        } finally {
            immediate = delayed = null;
            sink = null;
        }
    }

    /**
     * The first repro as a property: whatever the payload begins with (LF, CR, CR LF, '+',
     * Ctrl+Z, ETX), whatever the line end (CR, CR LF, LF with S3 set so), however the host cuts its
     * writes and whenever its LF comes, AT+QISEND (fixed length or Ctrl+Z-ended) delivers exactly
     * the bytes the host typed after the prompt, and SEND OK comes at once.
     */
    @Property(tries = 1000)
    @AddLifecycleHook(Tries.class)
    void whatTheHostTypesAfterThePromptReachesThePeerExactly(
            @ForAll("anyPayloads") byte[] payload,
            @ForAll LineEnd lineEnd,
            @ForAll LineEndHost.LfWrite lf,
            @ForAll boolean fixedLength,
            @ForAll boolean strayCtrlZ,
            @ForAll boolean responseDelay,
            @ForAll long seed)
            throws Exception {
        HostAndPeer s = sink(responseDelay);
        LineEndHost host = s.host();
        Random random = new Random(seed);
        host.use(lineEnd);
        byte[] data = fixedLength ? payload : HostTyping.withoutCtrlZAndEsc(payload);
        boolean lfIsData = host.lfIsData(lf);
        byte[] intended = lfIsData ? HostTyping.concat("\n", data) : data;
        Assume.that(intended.length > 0 && intended.length <= 1460); // the most AT+QISEND takes
        host.command("AT+QISEND=3" + (fixedLength ? "," + intended.length : ""), lf, host.prompt(), random);
        byte[] typed = fixedLength
                ? (strayCtrlZ ? HostTyping.concat("", data, new byte[] {0x1a}) : data)
                : HostTyping.concat("", data, new byte[] {0x1a});
        host.type(typed, random);
        host.modem().expectRaw(lineEnd.framed("SEND OK"));
        assertThat(s.next(intended.length)).isEqualTo(intended);
    }

    @Provide
    Arbitrary<byte[]> anyPayloads() {
        return HostTyping.payloads(1460);
    }

    /** A peer that streams 10 MiB while the host reads push URCs slowly: nothing lost, memory bounded. */
    @Property(tries = 1)
    void aFastPeerAndASlowHostLoseNothing() throws Exception {
        try {
            modem.link().capacity(8 * 1024);
            Streamed s = streamInPushMode(2, 10 * 1024 * 1024, 11);
            assertThat(s.held()).as("bytes the socket held").isLessThanOrEqualTo(16 * 1024);
            assertThat(s.waitingOnLink()).as("bytes waiting on the link").isLessThanOrEqualTo(8 * 1024 + 2 * 1600);
            assertThat(s.largestRead())
                    .as("a slow host's socket reads no more than its buffer's room")
                    .isLessThanOrEqualTo(16 * 1024);
        } finally {
            modem.link().capacity(Integer.MAX_VALUE);
        }
    }

    /**
     * A host that keeps up: the socket reads more than its buffer holds at once, since each read
     * goes on to the link in the same call, and still never holds more than the buffer's limit.
     */
    @Property(tries = 1)
    void aHostKeepingUpTakesTheStreamInReadsLargerThanTheBuffer() throws Exception {
        Streamed s = streamInPushMode(4, 1024 * 1024, 12);
        assertThat(s.held()).as("bytes the socket held").isLessThanOrEqualTo(16 * 1024);
        assertThat(s.largestRead()).isGreaterThan(16 * 1024);
    }

    /** The most the socket held, the most that waited on the link, and the socket's largest read. */
    private record Streamed(int held, int waitingOnLink, int largestRead) {}

    /**
     * A peer streams {@code length} random bytes to a push-mode socket {@code id}, which the host
     * reads from the URCs until every byte came, exactly; the socket is closed after.
     */
    private Streamed streamInPushMode(int id, int length, long seed) throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            modem.send("AT+QIOPEN=1," + id + ",\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,1");
            modem.expectLine("OK").expectLine("+QIOPEN: " + id + ",0");
            byte[] sent = new byte[length];
            new Random(seed).nextBytes(sent);
            Thread writer = server.awaitClient().sendInBackground(sent);
            String urc = "+QIURC: \"recv\"," + id + ",";
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int held = 0;
            int waitingOnLink = 0;
            while (got.size() < sent.length) {
                String header = modem.nextLine();
                assertThat(header).startsWith(urc);
                got.writeBytes(modem.nextBytes(Integer.parseInt(header.substring(urc.length()))));
                waitingOnLink = Math.max(waitingOnLink, modem.link().buffered());
                held = Math.max(held, modem.onLoop(() -> connection(id).heldBytes()));
            }
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            int largestRead = modem.onLoop(() -> connection(id).largestRead());
            modem.send("AT+QICLOSE=" + id).expectLine("OK");
            return new Streamed(held, waitingOnLink, largestRead);
        }
    }

    private TcpConnection connection(int id) {
        return (TcpConnection) ((Bg96Session) modem.session()).socket(id).net();
    }
}
