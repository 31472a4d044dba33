package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.common.Hex;
import io.vmodem.testing.HostAndPeer;
import io.vmodem.testing.HostTyping;
import io.vmodem.testing.HostTyping.LineEnd;
import io.vmodem.testing.Io;
import io.vmodem.testing.LineEndHost;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary bytes go out through AT+CIPSEND (fixed length, or Ctrl+Z-ended with ETX escapes) to
 * real echo peers and come back byte-exact in every receive mode: pushed (RECV FROM / +IPD),
 * buffered and read as text (AT+CIPRXGET=2) or as hex (AT+CIPRXGET=3); over TCP and UDP. One
 * modem serves every try; it must end without a fault.
 */
class Sim7600DataIntegrityTest {
    private static TcpEchoServer echo;
    private static UdpEchoPeer udp;
    private static ModemHarness modem;
    private static int rxMode = -1;

    enum Receive {
        PUSH,
        TEXT,
        HEX
    }

    @BeforeContainer
    static void start() throws IOException {
        echo = new TcpEchoServer();
        udp = new UdpEchoPeer();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
        modem.send("AT+CIPOPEN=0,\"TCP\",\"" + echo.host() + "\"," + echo.port())
                .expectLine("OK")
                .expectLine("+CIPOPEN: 0,0");
        modem.send("AT+CIPOPEN=1,\"UDP\",,,0").expectLine("+CIPOPEN: 1,0").expectLine("OK");
    }

    @AfterContainer
    static void stop() throws IOException {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
        udp.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        // Bias towards the bytes that mean something to the data entry and the line framing.
        Arbitrary<Byte> special = Arbitraries.of((byte) 0x1a, (byte) 0x1b, (byte) 0x03, (byte) '\r', (byte) '\n');
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, any), net.jqwik.api.Tuple.of(1, special))
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(SocketCommands.MAX_SEND);
    }

    @Property(tries = 200)
    void tcpDataComesBackByteExact(
            @ForAll("payloads") byte[] data,
            @ForAll boolean fixedLength,
            @ForAll Receive receive,
            @ForAll @IntRange(min = 1, max = 700) int chunk) {
        rxMode(receive);
        send(0, data, fixedLength, null, chunk);
        assertThat(receive(0, data.length, receive)).isEqualTo(data);
    }

    @Property(tries = 150)
    void udpDatagramsComeBackByteExact(
            @ForAll("payloads") byte[] data,
            @ForAll boolean fixedLength,
            @ForAll Receive receive,
            @ForAll @IntRange(min = 1, max = 700) int chunk) {
        rxMode(receive);
        send(1, data, fixedLength, ",\"" + udp.host() + "\"," + udp.port(), chunk);
        assertThat(receive(1, data.length, receive)).isEqualTo(data);
    }

    private static void rxMode(Receive receive) {
        int mode = receive == Receive.PUSH ? 0 : 1;
        if (mode != rxMode) {
            modem.send("AT+CIPRXGET=" + mode).expectLine("OK");
            rxMode = mode;
        }
    }

    /** Types the data in pieces of {@code chunk} bytes, as a UART delivers it. */
    private static void send(int link, byte[] data, boolean fixedLength, String destination, int chunk) {
        String to = destination == null ? "" : destination;
        byte[] typed;
        if (fixedLength) {
            modem.send("AT+CIPSEND=" + link + "," + data.length + to).expectRaw("\r\n> ");
            typed = data;
        } else {
            modem.send("AT+CIPSEND=" + link + "," + to).expectRaw("\r\n> ");
            typed = HostTyping.etxEscaped(data);
        }
        for (int i = 0; i < typed.length; i += chunk) {
            modem.sendRaw(Arrays.copyOfRange(typed, i, Math.min(typed.length, i + chunk)));
        }
        modem.expectLine("OK").expectLine("+CIPSEND: " + link + "," + data.length + "," + data.length);
    }

    // ---- any payload, any line end, any cut: what the host types after the answer is the data ----

    private static final Duration RESPONSE_DELAY = Duration.ofMillis(300);

    private ControlledServer sink;
    /** Modems with link 0 to the sink: [transparent][with a response delay], made on first use. */
    private final HostAndPeer[][] hosts = new HostAndPeer[2][2];

    private HostAndPeer host(boolean transparent, boolean withDelay) throws Exception {
        if (sink == null) {
            sink = new ControlledServer();
        }
        int t = transparent ? 1 : 0;
        int d = withDelay ? 1 : 0;
        if (hosts[t][d] == null) {
            String open = "AT+CIPOPEN=0,\"TCP\",\"" + sink.host() + "\"," + sink.port();
            hosts[t][d] = new HostAndPeer(new Sim7600Dialect(), withDelay ? RESPONSE_DELAY : Duration.ZERO, sink, h -> {
                if (transparent) {
                    h.setUp("AT+CIPMODE=1").expectLine("OK");
                }
                h.setUp("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
                if (transparent) {
                    h.setUp(open).expectLine("CONNECT 115200");
                    escape(h);
                } else {
                    h.setUp(open).expectLine("OK").expectLine("+CIPOPEN: 0,0");
                }
            });
        }
        return hosts[t][d];
    }

    /** +++ with more than a second of silence before and after: OK, framed with the host's S3. */
    private static void escape(LineEndHost host) {
        host.modem().advance(Duration.ofMillis(1100));
        host.modem().sendRaw("+++");
        host.modem().advance(Duration.ofMillis(1100));
        host.modem().expectRaw(host.lineEnd().framed("OK"));
    }

    @AfterProperty
    void closeHosts() throws Exception {
        try {
            Io.closeAll(hosts[0][0], hosts[0][1], hosts[1][0], hosts[1][1], sink);
        } finally {
            for (HostAndPeer[] row : hosts) {
                java.util.Arrays.fill(row, null);
            }
            sink = null;
        }
    }

    @Provide
    Arbitrary<byte[]> anyPayloads() {
        return HostTyping.payloads(SocketCommands.MAX_SEND);
    }

    /**
     * The first repro as a property: whatever the payload begins with, whatever the line end
     * (CR, CR LF, LF with S3 set so), however the host cuts its writes and whenever its LF comes,
     * AT+CIPSEND (fixed length, or Ctrl+Z-ended with ETX escapes) delivers exactly the bytes the host
     * typed after the prompt.
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
        HostAndPeer s = host(false, responseDelay);
        LineEndHost host = s.host();
        Random random = new Random(seed);
        host.use(lineEnd);
        boolean lfIsData = host.lfIsData(lf);
        byte[] intended = lfIsData ? HostTyping.concat("\n", payload) : payload;
        Assume.that(intended.length <= SocketCommands.MAX_SEND);
        host.command("AT+CIPSEND=0," + (fixedLength ? intended.length : ""), lf, host.prompt(), random);
        byte[] typed = !fixedLength
                ? HostTyping.etxEscaped(payload)
                : strayCtrlZ ? HostTyping.concat("", payload, new byte[] {0x1a}) : payload;
        host.type(typed, random);
        host.modem()
                .expectRaw(lineEnd.framed("OK")
                        + lineEnd.framed("+CIPSEND: 0," + intended.length + "," + intended.length));
        assertThat(s.next(intended.length)).isEqualTo(intended);
    }

    /**
     * The same in transparent mode: after ATO's CONNECT 115200 the peer receives exactly the bytes
     * typed, a leading LF included.
     */
    @Property(tries = 1000)
    @AddLifecycleHook(Tries.class)
    void whatTheHostTypesAfterConnectReachesThePeerExactly(
            @ForAll("anyPayloads") byte[] payload,
            @ForAll LineEnd lineEnd,
            @ForAll LineEndHost.LfWrite lf,
            @ForAll boolean responseDelay,
            @ForAll long seed)
            throws Exception {
        HostAndPeer s = host(true, responseDelay);
        LineEndHost host = s.host();
        Random random = new Random(seed);
        host.use(lineEnd);
        byte[] intended = host.lfIsData(lf) ? HostTyping.concat("\n", payload) : payload;
        host.command("ATO", lf, lineEnd.framed("CONNECT 115200"), random);
        host.type(payload, random);
        escape(host);
        assertThat(s.next(intended.length)).isEqualTo(intended);
    }

    /** What comes back on {@code link} until {@code length} bytes are in, read the chosen way. */
    private static byte[] receive(int link, int length, Receive receive) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        if (receive == Receive.PUSH) {
            while (got.size() < length) {
                assertThat(modem.nextLine()).startsWith("RECV FROM:");
                String header = modem.nextLine();
                assertThat(header).startsWith("+IPD");
                got.writeBytes(modem.nextBytes(Integer.parseInt(header.substring(4))));
            }
            return got.toByteArray();
        }
        while (got.size() < length) {
            modem.expectLine("+CIPRXGET: 1," + link);
            int rest;
            do {
                int mode = receive == Receive.TEXT ? 2 : 3;
                modem.send("AT+CIPRXGET=" + mode + "," + link);
                String[] header = modem.nextLine().split(",");
                assertThat(header[0]).isEqualTo("+CIPRXGET: " + mode);
                int n = Integer.parseInt(header[2]);
                rest = Integer.parseInt(header[3]);
                if (mode == 2) {
                    got.writeBytes(modem.nextBytes(n));
                } else {
                    String hex = modem.nextLine();
                    assertThat(hex).hasSize(2 * n);
                    got.writeBytes(Hex.decode(hex));
                }
                modem.expectLine("OK");
            } while (rest > 0);
        }
        return got.toByteArray();
    }
}
