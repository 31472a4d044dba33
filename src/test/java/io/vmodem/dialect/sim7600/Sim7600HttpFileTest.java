package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.FileStore;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.HttpTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIM7600's HTTP(S) commands on files and AT+HTTPPARA="CONNECTTO", against real servers on
 * loopback: what the transcripts cannot show (a request under way, a full storage, a server that
 * never answers, the power lost).
 */
class Sim7600HttpFileTest {
    private HttpTestServer http;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        http = HttpTestServer.plain();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        http.close();
    }

    private FileStore files() {
        return modem.session().modem().files();
    }

    private byte[] file(String name) {
        return modem.onLoop(() -> files().exists(name) ? files().read(name) : null);
    }

    private void url(String url) {
        modem.send("AT+HTTPPARA=\"URL\",\"" + url + "\"").expectLine("OK");
    }

    @Test
    void aResponseStillComingCannotBeSavedAndOneThatBrokeOffIsNone() {
        HttpTestServer.SlowBody body = http.slow("/slow", 10);
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/slow"));
        modem.send("AT+HTTPACTION=0").expectLine("OK");
        modem.send("AT+HTTPREADFILE=\"part.bin\"").expectLine("OK").expectLine("+HTTPREADFILE: 703");
        body.release("01234".getBytes(StandardCharsets.US_ASCII));
        body.abort();
        modem.expectLine("+HTTPACTION: 0,704,0");
        modem.send("AT+HTTPREADFILE=\"part.bin\"").expectLine("ERROR");
        assertThat(file("part.bin")).isNull();
        modem.expectSilence();
    }

    @Test
    void aBodyTheStorageHasNoRoomForIs707AndTheFileStaysAsItWas() {
        modem.onLoop(() -> {
            FileStore f = files();
            for (int i = 0; f.free() > 0; i++) {
                f.replace(
                        "fill" + i, new byte[(int) Math.min(f.free(), f.limits().maxFileSize())]);
            }
        });
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/hello"));
        modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,200,15");
        modem.send("AT+HTTPREADFILE=\"hello.txt\"").expectLine("OK").expectLine("+HTTPREADFILE: 707");
        assertThat(file("hello.txt")).isNull();
        modem.onLoop(() -> files().delete("fill0"));
        modem.send("AT+HTTPREADFILE=\"hello.txt\"").expectLine("OK").expectLine("+HTTPREADFILE: 0");
        assertThat(file("hello.txt")).isEqualTo(HttpTestServer.HELLO.getBytes(StandardCharsets.US_ASCII));
        modem.expectSilence();
    }

    @Test
    void aSecondRequestWhileOneIsUnderWayIsBusy() {
        HttpTestServer.SlowBody body = http.slow("/slow", 4);
        modem.onLoop(() -> files().replace("data.bin", new byte[] {1, 2, 3}));
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/slow"));
        modem.send("AT+HTTPACTION=0").expectLine("OK");
        modem.send("AT+HTTPPOSTFILE=\"data.bin\"").expectLine("OK").expectLine("+HTTPPOSTFILE: 703,0");
        body.finish();
        modem.expectLine("+HTTPACTION: 0,200,4");
        modem.expectSilence();
    }

    /**
     * CONNECTTO limits reaching the server, the TLS handshake included: a server that accepts and
     * never answers fails with 705 once CONNECTTO (20 s) passes, before the SSL context's negotiate
     * time (30 s) would end the handshake with 715; with CONNECTTO at its default (120 s) the
     * negotiate time comes first.
     */
    @Test
    void connecttoEndsAnOpeningThatTakesTooLong() throws Exception {
        try (ControlledServer silent = new ControlledServer()) {
            modem.send("AT+CSSLCFG=\"negotiatetime\",0,30").expectLine("OK");
            modem.send("AT+HTTPINIT").expectLine("OK");
            url("https://" + silent.host() + ":" + silent.port() + "/");
            modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,715,0");
            modem.send("AT+HTTPPARA=\"CONNECTTO\",20").expectLine("OK");
            modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,705,0");
            modem.send("AT+HTTPPARA=\"CONNECTTO\",19").expectLine("ERROR");
            modem.send("AT+HTTPPARA=\"CONNECTTO\",121").expectLine("ERROR");
            modem.expectSilence();
        }
    }

    @Test
    void aContextDroppedDuringAPostOfAFileIsANetworkError() throws Exception {
        http.slow("/slow", 4);
        modem.onLoop(() -> files().replace("data.bin", "abc".getBytes(StandardCharsets.US_ASCII)));
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/slow"));
        modem.send("AT+HTTPPOSTFILE=\"data.bin\",1,4").expectLine("OK");
        HttpTestServer.Request r = http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.bodyText()).isEqualTo("abc");
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(1));
        });
        assertThat(java.util.List.of(modem.nextLine(), modem.nextLine()))
                .containsExactlyInAnyOrder("+HTTPPOSTFILE: 709,0", "+CGEV: NW PDN DEACT 1");
        modem.send("AT+HTTPREADFILE=\"x.bin\"").expectLine("ERROR");
        modem.expectSilence();
    }

    @Test
    void thePowerLostDuringAPostOfAFileEndsItAndTheFileStays() throws Exception {
        HttpTestServer.SlowBody body = http.slow("/slow", 4);
        modem.onLoop(() -> files().replace("data.bin", "abc".getBytes(StandardCharsets.US_ASCII)));
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/slow"));
        modem.send("AT+HTTPPOSTFILE=\"data.bin\"").expectLine("OK");
        assertThat(http.awaitRequest(Duration.ofSeconds(10)).bodyText()).isEqualTo("abc");
        modem.onLoop(() -> modem.modem().power("off"));
        body.finish();
        modem.expectSilence();
        modem.onLoop(() -> modem.modem().power("on"));
        modem.advance(modem.session().modem().settings().bootDelay());
        modem.drainQuietly();
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.send("AT+HTTPREADFILE=\"x.bin\"").expectLine("ERROR");
        modem.send("AT+HTTPINIT").expectLine("OK");
        url(http.url("/echo"));
        modem.send("AT+HTTPPOSTFILE=\"data.bin\"").expectLine("OK").expectLine("+HTTPPOSTFILE: 200,3");
        modem.expectSilence();
    }
}
