package io.vmodem.dialect.bg96;

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
 * No byte is lost or changed through the HTTP client: bodies of every byte value come back exactly,
 * as a GET's response (AT+QHTTPGET, AT+QHTTPREAD) and as a POST's body echoed (AT+QHTTPPOST).
 */
class Bg96HttpDataIntegrityTest {
    private HttpTestServer http;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        http = HttpTestServer.plain();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QHTTPCFG=\"contenttype\",2").expectLine("OK");
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

    private void url(String path) {
        String url = http.url(path);
        modem.send("AT+QHTTPURL=" + url.length() + ",10").expectLine("CONNECT");
        modem.sendRaw(url);
        modem.expectLine("OK");
    }

    private byte[] read(int length) {
        modem.send("AT+QHTTPREAD=10").expectLine("CONNECT");
        byte[] got = modem.nextBytes(length);
        modem.expectLine("OK").expectLine("+QHTTPREAD: 0");
        return got;
    }

    @Property(tries = 25)
    void aGetReturnsTheBodyByteForByte(@ForAll("bodies") byte[] body) {
        http.serve("/body", body);
        url("/body");
        modem.send("AT+QHTTPGET=10").expectLine("OK").expectLine("+QHTTPGET: 0,200," + body.length);
        assertThat(read(body.length)).isEqualTo(body);
        modem.expectSilence();
    }

    @Property(tries = 25)
    void aPostCarriesTheBodyByteForByte(@ForAll("bodies") byte[] body) throws Exception {
        url("/echo");
        modem.send("AT+QHTTPPOST=" + body.length + ",10,10").expectLine("CONNECT");
        modem.sendRaw(body);
        modem.expectLine("OK").expectLine("+QHTTPPOST: 0,200," + body.length);
        HttpTestServer.Request r = http.awaitRequest(Duration.ofSeconds(10));
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(read(body.length)).isEqualTo(body);
        modem.expectSilence();
    }
}
