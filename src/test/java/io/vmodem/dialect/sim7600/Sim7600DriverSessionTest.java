package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vmodem.net.NetSettings;
import io.vmodem.net.TcpConnection;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The modem driven the way firmware drives it, against real loopback servers. */
class Sim7600DriverSessionTest {

    /**
     * A driver's HTTP GET: network open, TCP link to a loopback HTTP server, the request, the
     * response read with AT+CIPRXGET=2 until the server closes ({@code +IPCLOSE}), AT+NETCLOSE.
     */
    @Test
    void anHttpGetReadWithCiprxgetUntilTheServerCloses() throws Exception {
        byte[] body = new byte[40_000];
        Random random = new Random(11);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (' ' + random.nextInt(95));
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/data", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            command(modem, "AT+CIPRXGET=1");
            command(modem, "AT+NETOPEN");
            awaitUrc(modem, "+NETOPEN: 0");
            command(
                    modem,
                    "AT+CIPOPEN=0,\"TCP\",\"127.0.0.1\"," + http.getAddress().getPort());
            awaitUrc(modem, "+CIPOPEN: 0,0");
            String request = "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            modem.send("AT+CIPSEND=0,").expectRaw("\r\n> ");
            modem.sendRaw(request + "\u001a");
            modem.expectLine("OK");
            awaitUrc(modem, "+CIPSEND: 0," + request.length() + "," + request.length());

            ByteArrayOutputStream response = new ByteArrayOutputStream();
            boolean closed = false;
            int reads = 0;
            while (true) {
                String urc = modem.nextLine();
                if (urc.equals("+IPCLOSE: 0,1")) {
                    closed = true;
                } else {
                    assertThat(urc).isEqualTo("+CIPRXGET: 1,0");
                }
                // Drain the buffer as a driver does, 1500 bytes at a time.
                while (true) {
                    modem.send("AT+CIPRXGET=2,0,1500");
                    String header = modem.nextLine();
                    // URCs come between commands: the close, or a report, may precede the answer.
                    while (header.equals("+IPCLOSE: 0,1") || header.equals("+CIPRXGET: 1,0")) {
                        closed |= header.equals("+IPCLOSE: 0,1");
                        header = modem.nextLine();
                    }
                    if (header.startsWith("+IP ERROR:")) {
                        modem.expectLine("ERROR");
                        break;
                    }
                    String[] f = header.split(",");
                    assertThat(f[0]).isEqualTo("+CIPRXGET: 2");
                    response.writeBytes(modem.nextBytes(Integer.parseInt(f[2])));
                    reads++;
                    // Nothing may come between the data and the final result.
                    modem.expectLine("OK");
                    if (Integer.parseInt(f[3]) == 0) {
                        break;
                    }
                }
                if (closed) {
                    break;
                }
            }
            String text = response.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertThat(text).startsWith("HTTP/1.1 200 OK");
            assertThat(text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1))
                    .isEqualTo(body);
            assertThat(reads).isGreaterThanOrEqualTo(body.length / 1500);
            command(modem, "AT+NETCLOSE");
            awaitUrc(modem, "+NETCLOSE: 0");
            assertThat(modem.faults()).isZero();
        } finally {
            http.stop(0);
        }
    }

    /**
     * Push mode with a slow host link: the data leaves the socket only as fast as the link takes
     * it, the socket's buffer stays bounded (so TCP holds the peer back), and every byte arrives.
     */
    @Test
    void pushModeHoldsThePeerBackWhileTheHostIsSlowAndLosesNothing() throws Exception {
        byte[] sent = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(sent);
        try (ControlledServer server = new ControlledServer();
                ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            modem.send("AT+CIPSRIP=0").expectLine("OK");
            command(modem, "AT+NETOPEN");
            awaitUrc(modem, "+NETOPEN: 0");
            command(modem, "AT+CIPOPEN=0,\"TCP\",\"" + server.host() + "\"," + server.port());
            awaitUrc(modem, "+CIPOPEN: 0,0");
            ControlledServer.Client peer = server.awaitClient();
            modem.link().capacity(4096);
            Thread writer = new Thread(() -> {
                try {
                    peer.send(sent);
                } catch (IOException e) {
                    // the test failed elsewhere
                }
            });
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int limit = NetSettings.defaults().rxBufferBytes();
            int maxHeld = 0;
            int maxOnLink = 0;
            List<Integer> pieces = new ArrayList<>();
            while (got.size() < sent.length) {
                maxOnLink = Math.max(maxOnLink, modem.link().buffered());
                String header = modem.nextLine();
                assertThat(header).startsWith("+IPD");
                int n = Integer.parseInt(header.substring(4));
                pieces.add(n);
                got.writeBytes(modem.nextBytes(n));
                if (pieces.size() % 50 == 0) {
                    maxHeld = Math.max(maxHeld, modem.onLoop(() -> {
                        Sim7600Link link = ((Sim7600Session) modem.session()).link(0);
                        return ((TcpConnection) link.net).heldBytes();
                    }));
                }
            }
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            assertThat(pieces).allSatisfy(n -> assertThat(n).isBetween(1, Sim7600Link.CHUNK));
            assertThat(maxHeld).as("bytes the modem held").isLessThanOrEqualTo(limit);
            // The modem writes to a full link at most the piece it was writing.
            assertThat(maxOnLink).as("bytes waiting on the link").isLessThanOrEqualTo(4096 + 2048);
            assertThat(modem.faults()).isZero();
        }
    }

    /** Transparent mode both ways at once: a megabyte typed in pieces comes back whole from an echo. */
    @Test
    void transparentModeCarriesAMegabyteBothWays() throws Exception {
        byte[] sent = new byte[1024 * 1024];
        new Random(9).nextBytes(sent);
        // No "+++" can hide in it: the escape needs a second of silence before it anyway.
        try (io.vmodem.testing.peers.TcpEchoServer echo = new io.vmodem.testing.peers.TcpEchoServer();
                ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            command(modem, "AT+CIPMODE=1");
            command(modem, "AT+NETOPEN");
            awaitUrc(modem, "+NETOPEN: 0");
            modem.send("AT+CIPOPEN=0,\"TCP\",\"" + echo.host() + "\"," + echo.port());
            modem.expectLine("CONNECT 115200");
            modem.link().capacity(8192);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int piece = 4000;
            for (int i = 0; i < sent.length; i += piece) {
                modem.sendRaw(java.util.Arrays.copyOfRange(sent, i, Math.min(sent.length, i + piece)));
                int ahead = i + piece - 256 * 1024;
                while (got.size() < ahead) {
                    got.writeBytes(modem.nextBytes(1));
                }
            }
            while (got.size() < sent.length) {
                got.writeBytes(modem.nextBytes(Math.min(4096, sent.length - got.size())));
            }
            assertThat(got.toByteArray()).isEqualTo(sent);
            modem.advance(java.time.Duration.ofMillis(1100));
            modem.sendRaw("+++");
            modem.expectLine("OK");
            modem.send("AT+CIPCLOSE=0").expectLine("OK").expectLine("CLOSED").expectLine("+CIPCLOSE: 0,0");
            assertThat(modem.faults()).isZero();
        }
    }

    /** Sends a command and expects OK, skipping nothing: URCs must not come before it. */
    private static void command(ModemHarness modem, String line) {
        modem.send(line);
        modem.expectLine("OK");
    }

    private static void awaitUrc(ModemHarness modem, String urc) {
        modem.expectLine(urc);
    }
}
