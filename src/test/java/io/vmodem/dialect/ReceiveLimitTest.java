package io.vmodem.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.net.NetSettings;
import io.vmodem.net.TcpConnection;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A socket never holds more than its receive buffer, in memory and not only in what it shows, and
 * a peer's close is reported when a module would report it: once what is left of the stream fits
 * the buffer, after the data it follows, with that data readable until the socket is closed.
 */
class ReceiveLimitTest {
    private static final int LIMIT = NetSettings.defaults().rxBufferBytes();

    private final ControlledServer server;
    private ModemHarness modem;

    ReceiveLimitTest() throws IOException {
        server = new ControlledServer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (modem != null) {
            assertThat(modem.faults()).isZero();
            modem.close();
        }
        server.close();
    }

    // ---- a host that never reads ----

    @Test
    void aBg96SocketInBufferModeHoldsItsLimitWhileThePeerSendsFarMore() throws Exception {
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        byte[] sent = payload(4 * 1024 * 1024, 1);
        server.awaitClient().sendInBackground(sent);
        modem.expectLine("+QIURC: \"recv\",0");
        Await.until("the buffer fills", () -> held() == LIMIT);
        modem.expectSilence();
        assertThat(held()).as("bytes held in memory").isEqualTo(LIMIT);
        modem.send("AT+QIRD=0,0").expectLine("+QIRD: " + LIMIT + ",0," + LIMIT).expectLine("OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 3 * LIMIT) {
            modem.send("AT+QIRD=0,1500");
            String header = modem.nextLine();
            if (header.startsWith("+QIURC: \"recv\"")) {
                header = modem.nextLine();
            }
            int n = Integer.parseInt(header.substring("+QIRD: ".length()));
            if (n == 0) {
                // Read faster than the network refills: "recv" says when there is more.
                modem.expectLine("OK").expectLine("+QIURC: \"recv\",0");
                continue;
            }
            got.writeBytes(modem.nextBytes(n));
            modem.expectLine("OK");
            assertThat(held()).isLessThanOrEqualTo(LIMIT);
        }
        assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOf(sent, got.size()));
    }

    @Test
    void aSim7600SocketInCiprxgetModeHoldsItsLimitWhileThePeerSendsFarMore() throws Exception {
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        openSim7600();
        byte[] sent = payload(4 * 1024 * 1024, 2);
        server.awaitClient().sendInBackground(sent);
        modem.expectLine("+CIPRXGET: 1,0");
        Await.until("the buffer fills", () -> held() == LIMIT);
        modem.expectSilence();
        assertThat(held()).as("bytes held in memory").isEqualTo(LIMIT);
        modem.send("AT+CIPRXGET=4,0").expectLine("+CIPRXGET: 4,0," + LIMIT).expectLine("OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 3 * LIMIT) {
            modem.send("AT+CIPRXGET=2,0,1500");
            String header = skip(modem.nextLine(), "+CIPRXGET: 1,0");
            if (header.equals("+IP ERROR: No data")) {
                // Read faster than the network refills: +CIPRXGET: 1 says when there is more.
                modem.expectLine("ERROR").expectLine("+CIPRXGET: 1,0");
                continue;
            }
            String[] f = header.split(",");
            assertThat(f[0]).isEqualTo("+CIPRXGET: 2");
            got.writeBytes(modem.nextBytes(Integer.parseInt(f[2])));
            modem.expectLine("OK");
            assertThat(held()).isLessThanOrEqualTo(LIMIT);
        }
        assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOf(sent, got.size()));
    }

    // ---- a peer that sends more than the buffer and closes ----

    @Test
    void aBg96SocketReportsThePeersCloseOnlyOnceTheRestFitsItsBuffer() throws Exception {
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        byte[] sent = payload(100 * 1024, 3);
        sendAndClose(server.awaitClient(), sent);
        modem.expectLine("+QIURC: \"recv\",0");
        Await.until("the buffer fills", () -> held() == LIMIT);
        // The FIN waits behind the data the buffer has no room for: no "closed" yet.
        modem.expectSilence();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int readWhenClosed = -1;
        while (true) {
            modem.send("AT+QIRD=0,1500");
            String header = modem.nextLine();
            while (header.startsWith("+QIURC: ")) {
                readWhenClosed = urc(header, readWhenClosed, got.size());
                header = modem.nextLine();
            }
            int n = Integer.parseInt(header.substring("+QIRD: ".length()));
            if (n == 0) {
                modem.expectLine("OK");
                if (readWhenClosed >= 0) {
                    break;
                }
                // Empty for now: more data ("recv") or the close comes next.
                readWhenClosed = urc(modem.nextLine(), readWhenClosed, got.size());
                continue;
            }
            got.writeBytes(modem.nextBytes(n));
            modem.expectLine("OK");
            assertThat(held()).isLessThanOrEqualTo(LIMIT);
            if (readWhenClosed == got.size() - n) {
                // Right after the close: closing (state 4), the rest still counted and readable.
                modem.send("AT+QISTATE=1,0");
                assertThat(modem.nextLine()).matches("\\+QISTATE: 0,\"TCP\",.*,4,1,0,0,\"uart1\"");
                modem.expectLine("OK");
                long rest = sent.length - got.size();
                modem.send("AT+QIRD=0,0")
                        .expectLine("+QIRD: " + sent.length + "," + got.size() + "," + rest)
                        .expectLine("OK");
            }
        }
        assertThat(readWhenClosed).as("bytes read when closed came").isGreaterThanOrEqualTo(sent.length - LIMIT);
        assertThat(got.toByteArray()).isEqualTo(sent);
        modem.send("AT+QICLOSE=0").expectLine("OK");
        modem.send("AT+QIRD=0").expectLine("ERROR");
    }

    @Test
    void aSim7600SocketReportsThePeersCloseOnlyOnceTheRestFitsItsBuffer() throws Exception {
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        openSim7600();
        byte[] sent = payload(100 * 1024, 4);
        sendAndClose(server.awaitClient(), sent);
        modem.expectLine("+CIPRXGET: 1,0");
        Await.until("the buffer fills", () -> held() == LIMIT);
        modem.expectSilence();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int readWhenClosed = -1;
        boolean more = true;
        while (more) {
            modem.send("AT+CIPRXGET=2,0,1500");
            String header = modem.nextLine();
            while (header.startsWith("+IPCLOSE") || header.equals("+CIPRXGET: 1,0")) {
                readWhenClosed = ipclose(header, readWhenClosed, got.size());
                header = modem.nextLine();
            }
            if (header.equals("+IP ERROR: Connection is not created")) {
                // Everything read, and the close came in as this read went out: its URC came just
                // before the answer, or follows it.
                modem.expectLine("ERROR");
                if (readWhenClosed < 0) {
                    readWhenClosed = ipclose(modem.nextLine(), readWhenClosed, got.size());
                }
                assertThat(readWhenClosed).as("+IPCLOSE when all was read").isEqualTo(sent.length);
                break;
            }
            if (header.equals("+IP ERROR: No data")) {
                modem.expectLine("ERROR");
                // Empty for now: more data (+CIPRXGET: 1,0) or the close comes next.
                readWhenClosed = ipclose(modem.nextLine(), readWhenClosed, got.size());
                more = readWhenClosed < 0 || got.size() < sent.length;
                continue;
            }
            String[] f = header.split(",");
            assertThat(f[0]).isEqualTo("+CIPRXGET: 2");
            got.writeBytes(modem.nextBytes(Integer.parseInt(f[2])));
            modem.expectLine("OK");
            assertThat(held()).isLessThanOrEqualTo(LIMIT);
            more = readWhenClosed < 0 || Integer.parseInt(f[3]) > 0;
        }
        assertThat(readWhenClosed).as("bytes read when +IPCLOSE came").isGreaterThanOrEqualTo(sent.length - LIMIT);
        assertThat(got.toByteArray()).isEqualTo(sent);
        modem.send("AT+CIPRXGET=4,0")
                .expectLine("+IP ERROR: Connection is not created")
                .expectLine("ERROR");
    }

    /** The BC260Y-CN pushes what it receives: "closed" comes after the last of it, never before. */
    @Test
    void aBc260ySocketReportsThePeersCloseAfterTheLastDataItPushes() throws Exception {
        modem = new ModemHarness(new Bc260yDialect());
        modem.boot();
        assertThat(modem.nextLine()).startsWith("+IP: "); // attached
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.link().capacity(4096);
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        byte[] sent = payload(100 * 1024, 5);
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) ('a' + (sent[i] & 0xff) % 26); // text: the push URC carries it in the line
        }
        sendAndClose(server.awaitClient(), sent);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        String prefix = "+QIURC: \"recv\",0,";
        while (true) {
            String line = modem.nextLine();
            if (line.equals("+QIURC: \"closed\",0")) {
                break;
            }
            assertThat(line).startsWith(prefix);
            int comma = line.indexOf(',', prefix.length());
            int n = Integer.parseInt(line.substring(prefix.length(), comma));
            String data = line.substring(comma + 1);
            assertThat(data).hasSize(n);
            got.writeBytes(data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(held()).isLessThanOrEqualTo(LIMIT);
        }
        modem.link().capacity(Integer.MAX_VALUE);
        assertThat(got.toByteArray()).isEqualTo(sent);
        modem.expectSilence();
    }

    // ---- helpers ----

    /** A SIM7600 URC while reading: +CIPRXGET: 1,0, or +IPCLOSE (once), which notes how much had been read. */
    private static int ipclose(String line, int readWhenClosed, int read) {
        if (line.startsWith("+IPCLOSE")) {
            assertThat(line).isEqualTo("+IPCLOSE: 0,1");
            assertThat(readWhenClosed).as("one +IPCLOSE").isEqualTo(-1);
            return read;
        }
        assertThat(line).isEqualTo("+CIPRXGET: 1,0");
        return readWhenClosed;
    }

    /** A BG96 URC while reading: "recv", or "closed" (once), which notes how much had been read. */
    private static int urc(String line, int readWhenClosed, int read) {
        if (line.equals("+QIURC: \"closed\",0")) {
            assertThat(readWhenClosed).as("one closed URC").isEqualTo(-1);
            return read;
        }
        assertThat(line).isEqualTo("+QIURC: \"recv\",0");
        return readWhenClosed;
    }

    private void openSim7600() {
        modem.send("AT+CIPRXGET=1").expectLine("OK");
        modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
        modem.send("AT+CIPOPEN=0,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+CIPOPEN: 0,0");
    }

    /** {@code line}, or the next one while it is {@code urc}. */
    private String skip(String line, String urc) {
        while (line.equals(urc)) {
            line = modem.nextLine();
        }
        return line;
    }

    /** Bytes the modem's TCP socket holds in memory. */
    private int held() {
        return modem.onLoop(() -> modem.session().modem().network().sockets().stream()
                .filter(s -> s instanceof TcpConnection)
                .mapToInt(s -> ((TcpConnection) s).heldBytes())
                .sum());
    }

    private static byte[] payload(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The peer sends everything, then closes, from a thread of its own (the kernel may not hold it all). */
    private static void sendAndClose(ControlledServer.Client peer, byte[] data) {
        Thread t = new Thread(() -> {
            try {
                peer.send(data);
                peer.close();
            } catch (IOException e) {
                // what arrived is checked
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
