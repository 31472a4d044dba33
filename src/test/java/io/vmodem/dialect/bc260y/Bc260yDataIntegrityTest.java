package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.common.Hex;
import io.vmodem.net.TcpConnection;
import io.vmodem.testing.HostTyping.LineEnd;
import io.vmodem.testing.LineEndHost;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed, either way: text typed into AT+QISEND (quoted or not, in arbitrary
 * chunks) and hex reach a real peer exactly; whatever a peer sends comes back in "recv" URCs, text or
 * hex, split into URCs of at most 1024 bytes, exactly.
 */
class Bc260yDataIntegrityTest {
    private TcpEchoServer echo;
    private ControlledServer server;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = new TcpEchoServer();
        server = new ControlledServer();
        modem = new ModemHarness(new Bc260yDialect());
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"" + echo.host() + "\"," + echo.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        modem.send("AT+QIOPEN=0,1,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 1,0");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
        server.close();
    }

    /** Bytes a command line can carry: all but NUL, LF, CR and backspace (S5). */
    @Provide
    Arbitrary<byte[]> lineText() {
        return Arbitraries.bytes()
                .filter(b -> b != 0 && b != '\n' && b != '\r' && b != 8)
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(InlineData.MAX_TEXT);
    }

    @Provide
    Arbitrary<byte[]> hexPayloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(InlineData.MAX_HEX);
    }

    @Provide
    Arbitrary<byte[]> peerData() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(5000);
    }

    @Property(tries = 40)
    void textGoesOutAndComesBackExactly(
            @ForAll("lineText") byte[] payload, @ForAll boolean quoted, @ForAll long chunkSeed) {
        format(0, 0);
        String data = new String(payload, StandardCharsets.ISO_8859_1);
        String line = "AT+QISEND=0," + payload.length + "," + (quoted ? "\"" + data + "\"" : data) + "\r\n";
        typeInChunks(line.getBytes(StandardCharsets.ISO_8859_1), chunkSeed);
        modem.expectLine("OK").expectLine("SEND OK");
        assertThat(receive(0, payload.length, false)).isEqualTo(payload);
    }

    /**
     * The BC260Y-CN has no prompt: its data is in the line. Whatever the line end (CR, CR LF, LF with
     * S3 set so) and however the host cuts its writes (the LF of CR LF after the answer included: in
     * command mode it is nothing), the peer receives exactly the data of the line.
     */
    @Property(tries = 1000)
    @AddLifecycleHook(Tries.class)
    void inlineDataAfterAnyLineEndReachesThePeerExactly(
            @ForAll("lineText") byte[] payload, @ForAll LineEnd lineEnd, @ForAll boolean quoted, @ForAll long seed)
            throws Exception {
        if (host == null) {
            format(0, 0);
            host = new LineEndHost(modem, java.time.Duration.ZERO);
        }
        host.use(lineEnd);
        String data = new String(payload, StandardCharsets.ISO_8859_1);
        String line = "AT+QISEND=1," + payload.length + "," + (quoted ? "\"" + data + "\"" : data) + lineEnd.text();
        typeInChunks(line.getBytes(StandardCharsets.ISO_8859_1), seed);
        modem.expectRaw(lineEnd.framed("OK") + lineEnd.framed("SEND OK"));
        byte[] got = peer().awaitReceived(peerTaken + payload.length);
        assertThat(java.util.Arrays.copyOfRange(got, peerTaken, peerTaken + payload.length))
                .isEqualTo(payload);
        peerTaken += payload.length;
    }

    private LineEndHost host;
    private int peerTaken;

    @Property(tries = 40)
    void hexGoesOutAndComesBackExactly(@ForAll("hexPayloads") byte[] payload, @ForAll long chunkSeed) {
        format(1, 1);
        String line = "AT+QISEND=0," + payload.length + "," + Hex.encode(payload) + "\r\n";
        typeInChunks(line.getBytes(StandardCharsets.ISO_8859_1), chunkSeed);
        modem.expectLine("OK").expectLine("SEND OK");
        assertThat(receive(0, payload.length, true)).isEqualTo(payload);
    }

    @Property(tries = 30)
    void whatAPeerSendsArrivesExactlyInUrcsOfAtMost1024Bytes(
            @ForAll("peerData") byte[] data, @ForAll @IntRange(min = 0, max = 1) int hex) throws Exception {
        format(0, hex);
        peer().send(data);
        assertThat(receive(1, data.length, hex == 1)).isEqualTo(data);
    }

    /** A peer streams 4 MiB to a host that reads slowly: nothing lost, the socket's memory bounded. */
    @Property(tries = 1)
    void aFastPeerAndASlowHostLoseNothing() throws Exception {
        format(0, 1);
        modem.link().capacity(8 * 1024);
        try {
            byte[] sent = new byte[4 * 1024 * 1024];
            new Random(5).nextBytes(sent);
            Thread writer = peer().sendInBackground(sent);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int maxHeld = 0;
            int maxLink = 0;
            while (got.size() < sent.length) {
                got.writeBytes(nextRecv(1, true));
                maxLink = Math.max(maxLink, modem.link().buffered());
                maxHeld = Math.max(maxHeld, modem.onLoop(() -> held(1)));
            }
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            assertThat(maxHeld).as("bytes the socket held").isLessThanOrEqualTo(16 * 1024);
            assertThat(maxLink).as("bytes waiting on the link").isLessThanOrEqualTo(8 * 1024 + 2 * 2100);
        } finally {
            modem.link().capacity(Integer.MAX_VALUE);
        }
    }

    /**
     * A peer streams 1 MiB to a host that keeps up: each network read goes on to the link in the
     * same call, so reads are larger than the socket's buffer, which never holds more than its limit.
     */
    @Property(tries = 2)
    void aHostKeepingUpTakesTheStreamInReadsLargerThanTheBuffer(@ForAll @IntRange(min = 0, max = 1) int hex)
            throws Exception {
        format(0, hex);
        byte[] sent = new byte[1024 * 1024];
        new Random(7 + hex).nextBytes(sent);
        Thread writer = peer().sendInBackground(sent);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int maxHeld = 0;
        while (got.size() < sent.length) {
            got.writeBytes(nextRecv(1, hex == 1));
            maxHeld = Math.max(maxHeld, modem.onLoop(() -> held(1)));
        }
        writer.join(10_000);
        assertThat(got.toByteArray()).isEqualTo(sent);
        assertThat(maxHeld).as("bytes the socket held").isLessThanOrEqualTo(16 * 1024);
        assertThat(modem.onLoop(() -> connection(1).largestRead())).isGreaterThan(16 * 1024);
    }

    private ControlledServer.Client peer() throws InterruptedException {
        ControlledServer.Client c = server.last();
        return c != null ? c : server.awaitClient();
    }

    private int held(int id) {
        return connection(id).heldBytes();
    }

    private TcpConnection connection(int id) {
        return (TcpConnection) ((Bc260ySession) modem.session()).socket(id).net();
    }

    private void format(int send, int recv) {
        modem.send("AT+QICFG=\"dataformat\"," + send + "," + recv).expectLine("OK");
    }

    /** Reads "recv" URCs of socket {@code id} until {@code n} bytes came; each carries 1..1024. */
    private byte[] receive(int id, int n, boolean hex) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < n) {
            got.writeBytes(nextRecv(id, hex));
        }
        return got.toByteArray();
    }

    /** {@code +QIURC: "recv",<id>,<len>,<data>}: read by its length, since text data may hold CR LF. */
    private byte[] nextRecv(int id, boolean hex) {
        modem.skipLineBreaks();
        expect("+QIURC: \"recv\"," + id + ",");
        int length = 0;
        while (true) {
            byte b = modem.nextBytes(1)[0];
            if (b == ',') {
                break;
            }
            assertThat((char) b).isBetween('0', '9');
            length = length * 10 + (b - '0');
        }
        assertThat(length).isBetween(1, Bc260ySocket.PUSH_CHUNK);
        byte[] data = modem.nextBytes(hex ? 2 * length : length);
        expect("\r\n");
        if (!hex) {
            return data;
        }
        String digits = new String(data, StandardCharsets.ISO_8859_1);
        assertThat(digits).matches("[0-9A-F]*");
        return Hex.decode(digits);
    }

    /**
     * Exact bytes next. (The harness's expectRaw describes itself with the whole session so far,
     * which a stream of megabytes makes costly.)
     */
    private void expect(String text) {
        String got = new String(modem.nextBytes(text.length()), StandardCharsets.ISO_8859_1);
        assertThat(got).isEqualTo(text);
    }

    /** The command line cut at random places, as a UART driver might deliver it. */
    private void typeInChunks(byte[] all, long seed) {
        Random random = new Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int i = 0;
        while (i < all.length) {
            int n = 1 + random.nextInt(Math.min(64, all.length - i));
            chunks.add(java.util.Arrays.copyOfRange(all, i, i + n));
            i += n;
        }
        chunks.forEach(modem::sendRaw);
    }
}
