package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.net.TcpConnection;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transparent access mode against a real peer, in virtual time: the escape's guard times, DTR,
 * packetisation, and that no byte is lost or changed either way.
 */
class Bg96TransparentTest {
    private ControlledServer server;
    private ModemHarness modem;
    private ControlledServer.Client peer;

    @BeforeEach
    void setUp() throws Exception {
        server = new ControlledServer();
        modem = new ModemHarness(new Bg96Dialect());
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
    }

    @AfterEach
    void tearDown() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        server.close();
    }

    /** Opens connect ID 0 in transparent mode; virtual time then moves only when the test says. */
    private void connect() throws Exception {
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,2")
                .expectLine("CONNECT");
        peer = server.awaitClient();
        modem.autoAdvance(false);
    }

    private void type(String text) {
        modem.sendRaw(text);
    }

    private void advanceMillis(long ms) {
        modem.advance(Duration.ofMillis(ms));
    }

    private long sent() {
        return modem.onLoop(
                () -> ((TcpConnection) ((Bg96Session) modem.session()).socket(0).net()).sent());
    }

    private String peerGot(int n) throws InterruptedException {
        return new String(peer.awaitReceived(n), StandardCharsets.ISO_8859_1);
    }

    private void escape() {
        advanceMillis(1000);
        type("+++");
        advanceMillis(1000);
        modem.expectLine("OK");
    }

    // ---- the escape and its guard times (manual 1.2) ----

    @Test
    void plusPlusPlusWithASecondOfSilenceBeforeAndAfterLeavesTransparentMode() throws Exception {
        connect();
        type("data");
        advanceMillis(1000);
        type("+++");
        advanceMillis(999);
        modem.expectSilence();
        advanceMillis(1);
        modem.expectLine("OK");
        assertThat(peerGot(4)).isEqualTo("data");
        modem.send("AT+QISTATE=1,0");
        assertThat(modem.nextLine()).endsWith(",2,1,0,0,\"uart1\"");
        modem.expectLine("OK");
    }

    @Test
    void plusPlusPlusTooSoonAfterDataIsData() throws Exception {
        connect();
        type("x");
        advanceMillis(999);
        type("+++");
        advanceMillis(2000);
        modem.expectSilence();
        assertThat(peerGot(4)).isEqualTo("x+++");
    }

    @Test
    void plusPlusPlusFollowedTooSoonByDataIsData() throws Exception {
        connect();
        advanceMillis(1000);
        type("+++");
        advanceMillis(999);
        type("y");
        advanceMillis(2000);
        modem.expectSilence();
        assertThat(peerGot(4)).isEqualTo("+++y");
    }

    @Test
    void plusPlusPlusSpreadOverMoreThanASecondIsData() throws Exception {
        connect();
        advanceMillis(1000);
        type("+");
        advanceMillis(600);
        type("+");
        advanceMillis(600);
        type("+");
        advanceMillis(2000);
        modem.expectSilence();
        assertThat(peerGot(3)).isEqualTo("+++");
    }

    @Test
    void s12SetsTheGuardTime() throws Exception {
        modem.send("ATS12=100").expectLine("OK");
        connect();
        advanceMillis(1000);
        type("+++");
        advanceMillis(2000);
        modem.expectSilence();
        assertThat(peerGot(3)).isEqualTo("+++");
        advanceMillis(2000);
        type("+++");
        advanceMillis(1999);
        modem.expectSilence();
        advanceMillis(1);
        modem.expectLine("OK");
    }

    @Test
    void dtrWithAndD1LeavesTransparentModeAndWithAndD0DoesNot() throws Exception {
        modem.send("AT&D0").expectLine("OK");
        connect();
        modem.modem().dtr(false);
        modem.expectSilence();
        modem.modem().dtr(true);
        type("still here");
        advanceMillis(200);
        assertThat(peerGot(10)).isEqualTo("still here");
        escape();
        modem.autoAdvance(true);
        modem.send("AT&D1").expectLine("OK");
        modem.send("ATO").expectLine("CONNECT");
        modem.autoAdvance(false);
        modem.modem().dtr(false);
        modem.expectLine("OK");
        modem.send("AT+QISTATE=1,0");
        assertThat(modem.nextLine()).endsWith(",2,1,0,0,\"uart1\"");
        modem.expectLine("OK");
    }

    @Test
    void noUrcComesOutWhileTransparentButEachComesAfterwards() throws Exception {
        try (ControlledServer other = new ControlledServer()) {
            connect();
            escape();
            modem.autoAdvance(true);
            modem.send("AT+QIOPEN=1,1,\"TCP\",\"" + other.host() + "\"," + other.port() + ",0,0")
                    .expectLine("OK")
                    .expectLine("+QIOPEN: 1,0");
            modem.send("ATO").expectLine("CONNECT");
            modem.autoAdvance(false);
            other.awaitClient().send("to socket 1");
            peer.send("to socket 0");
            assertThat(new String(modem.nextBytes(11), StandardCharsets.ISO_8859_1))
                    .isEqualTo("to socket 0");
            modem.expectSilence();
            escape();
            modem.expectLine("+QIURC: \"recv\",1");
        }
    }

    // ---- packets: transpktsize and transwaittm (2.1.15) ----

    @Test
    void fullPacketsGoAtOnceAndTheRestAfterTheWaitTime() throws Exception {
        modem.send("AT+QICFG=\"transpktsize\",10").expectLine("OK");
        modem.send("AT+QICFG=\"transwaittm\",20").expectLine("OK");
        connect();
        type("0123456789abcdefghijKLMNO");
        assertThat(sent()).isEqualTo(20);
        advanceMillis(1999);
        assertThat(sent()).isEqualTo(20);
        advanceMillis(1);
        assertThat(sent()).isEqualTo(25);
        assertThat(peerGot(25)).isEqualTo("0123456789abcdefghijKLMNO");
    }

    @Test
    void theWaitTimeCountsFromTheLastByteFromThePort() throws Exception {
        connect();
        type("abc");
        advanceMillis(150);
        type("def");
        advanceMillis(150);
        assertThat(sent()).isZero();
        advanceMillis(50);
        assertThat(sent()).isEqualTo(6);
        assertThat(peerGot(6)).isEqualTo("abcdef");
    }

    @Test
    void aWaitTimeOfZeroSendsEachChunkAtOnce() throws Exception {
        modem.send("AT+QICFG=\"transwaittm\",0").expectLine("OK");
        connect();
        type("now");
        assertThat(sent()).isEqualTo(3);
        assertThat(peerGot(3)).isEqualTo("now");
    }

    // ---- no byte lost or changed ----

    @Test
    void escapeAndReturnMidStreamLoseNothingEitherWay() throws Exception {
        // A short guard time, so the port's last bytes still wait for their packet at the escape.
        modem.send("ATS12=25").expectLine("OK");
        modem.send("AT+QICFG=\"transwaittm\",20").expectLine("OK");
        connect();
        Random random = new Random(7);
        byte[] up1 = bytes(random, 3000);
        byte[] down1 = bytes(random, 3000);
        byte[] down2 = bytes(random, 2500);
        byte[] up2 = bytes(random, 700);
        modem.sendRaw(up1);
        peer.send(down1);
        assertThat(modem.nextBytes(down1.length)).isEqualTo(down1);
        assertThat(sent()).isEqualTo(2048); // two whole packets; the rest waits for transwaittm
        advanceMillis(500);
        type("+++");
        advanceMillis(500);
        modem.expectLine("OK");
        assertThat(peer.awaitReceived(up1.length)).isEqualTo(up1);
        peer.send(down2);
        modem.expectLine("+QIURC: \"recv\",0");
        modem.send("ATO").expectLine("CONNECT");
        assertThat(modem.nextBytes(down2.length)).isEqualTo(down2);
        modem.sendRaw(up2);
        advanceMillis(2000);
        assertThat(peer.awaitReceived(up1.length + up2.length)).isEqualTo(concat(up1, up2));
    }

    @Test
    void arbitraryBytesPassBothWaysExactlyWhateverTheChunks() throws Exception {
        connect();
        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            byte[] up = bytesWithPluses(random, 1 + random.nextInt(20_000));
            byte[] down = bytes(random, 1 + random.nextInt(20_000));
            int before = peer.received().length;
            for (int i = 0; i < up.length; ) {
                int n = Math.min(up.length - i, 1 + random.nextInt(700));
                modem.sendRaw(Arrays.copyOfRange(up, i, i + n));
                i += n;
            }
            peer.send(down);
            assertThat(modem.nextBytes(down.length)).isEqualTo(down);
            advanceMillis(200);
            byte[] all = peer.awaitReceived(before + up.length);
            assertThat(Arrays.copyOfRange(all, before, all.length)).isEqualTo(up);
        }
        escape();
    }

    @Test
    void aPeerThatDoesNotReadHoldsThePortBackAndLosesNothing() throws Exception {
        modem.send("AT+QICFG=\"transwaittm\",0").expectLine("OK");
        connect();
        server.reading(false);
        byte[] up = bytes(new Random(3), 12 * 1024 * 1024);
        for (int i = 0; i < up.length; i += 64 * 1024) {
            modem.sendRaw(Arrays.copyOfRange(up, i, Math.min(up.length, i + 64 * 1024)));
        }
        Await.until("the port is held back", modem.link()::inputPaused);
        server.reading(true);
        assertThat(peer.awaitReceived(up.length)).isEqualTo(up);
        Await.until("the port is let go", () -> !modem.link().inputPaused());
    }

    @Test
    void aSlowPortHoldsThePeerBackAndLosesNothing() throws Exception {
        connect();
        modem.link().capacity(2048);
        byte[] down = bytes(new Random(5), 2 * 1024 * 1024);
        Thread writer = new Thread(() -> {
            try {
                peer.send(down);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertThat(modem.nextBytes(down.length)).isEqualTo(down);
        writer.join();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Random bytes where a third are '+', so "+++" turns up often, always without guard times. */
    private static byte[] bytesWithPluses(Random random, int n) {
        byte[] b = bytes(random, n);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                b[i] = '+';
            }
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
