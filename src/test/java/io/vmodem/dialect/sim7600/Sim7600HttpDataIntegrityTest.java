package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.HttpTestServer;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed through the SIM7600's HTTP client: bodies of every byte value come
 * back exactly, as a GET's response and as a POST's body (AT+HTTPDATA) echoed, read with
 * AT+HTTPREAD; a response saved to a file (AT+HTTPREADFILE) holds the body exactly, and that file
 * posted (AT+HTTPPOSTFILE) reaches the server exactly.
 */
class Sim7600HttpDataIntegrityTest {
    private HttpTestServer http;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        http = HttpTestServer.plain();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+HTTPINIT").expectLine("OK");
        modem.send("AT+HTTPPARA=\"CONTENT\",\"application/octet-stream\"").expectLine("OK");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        http.close();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8000);
    }

    private byte[] read(int length) {
        modem.send("AT+HTTPREAD=0," + length).expectLine("OK");
        modem.expectLine("+HTTPREAD: DATA," + length);
        byte[] got = modem.nextBytes(length);
        modem.expectLine("+HTTPREAD: 0");
        return got;
    }

    @Property(tries = 25)
    void aGetReturnsTheBodyByteForByte(@ForAll("bodies") byte[] body) {
        http.serve("/body", body);
        modem.send("AT+HTTPPARA=\"URL\",\"" + http.url("/body") + "\"").expectLine("OK");
        modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,200," + body.length);
        assertThat(read(body.length)).isEqualTo(body);
        modem.expectSilence();
    }

    @Property(tries = 25)
    void aPostCarriesTheBodyByteForByte(@ForAll("bodies") byte[] body) throws Exception {
        modem.send("AT+HTTPPARA=\"URL\",\"" + http.url("/echo") + "\"").expectLine("OK");
        modem.send("AT+HTTPDATA=" + body.length + ",10").expectRaw("\r\nDOWNLOAD\r\n");
        modem.sendRaw(body);
        modem.expectLine("OK");
        modem.send("AT+HTTPACTION=1").expectLine("OK").expectLine("+HTTPACTION: 1,200," + body.length);
        HttpTestServer.Request r = http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.body()).isEqualTo(body);
        assertThat(read(body.length)).isEqualTo(body);
        modem.expectSilence();
    }

    @Property(tries = 25)
    void aBodySavedToAFileAndThatFilePostedAreByteForByte(@ForAll("bodies") byte[] body) throws Exception {
        http.serve("/body", body);
        modem.send("AT+HTTPPARA=\"URL\",\"" + http.url("/body") + "\"").expectLine("OK");
        modem.send("AT+HTTPACTION=0").expectLine("OK").expectLine("+HTTPACTION: 0,200," + body.length);
        http.awaitRequest(Duration.ofSeconds(10));
        modem.send("AT+HTTPREADFILE=\"body.bin\"").expectLine("OK").expectLine("+HTTPREADFILE: 0");
        byte[] saved = modem.onLoop(() -> modem.session().modem().files().read("body.bin"));
        assertThat(saved).isEqualTo(body);
        modem.send("AT+HTTPPARA=\"URL\",\"" + http.url("/echo") + "\"").expectLine("OK");
        modem.send("AT+HTTPPOSTFILE=\"body.bin\"").expectLine("OK").expectLine("+HTTPPOSTFILE: 200," + body.length);
        assertThat(http.awaitRequest(Duration.ofSeconds(10)).body()).isEqualTo(body);
        assertThat(read(body.length)).isEqualTo(body);
        modem.expectSilence();
    }
}
