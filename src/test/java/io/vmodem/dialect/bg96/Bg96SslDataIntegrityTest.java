package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TestCertificates;
import io.vmodem.testing.peers.TlsEchoServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed through TLS: arbitrary payloads (every byte value) go out through an
 * SSL client to a real TLS echo server and come back, in buffer access mode (AT+QSSLSEND and
 * AT+QSSLRECV), direct push mode (+QSSLURC: "recv" with the data) and transparent mode.
 */
class Bg96SslDataIntegrityTest {
    private TlsEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = TlsEchoServer.serving(TestCertificates.get().server()).start();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        for (int mode = 0; mode <= 1; mode++) {
            modem.send("AT+QSSLOPEN=1,0," + mode + ",\"" + echo.host() + "\"," + echo.port() + "," + mode);
            modem.expectLine("OK").expectLine("+QSSLOPEN: " + mode + ",0");
        }
        modem.send("AT+QSSLOPEN=1,0,2,\"" + echo.host() + "\"," + echo.port() + ",2")
                .expectLine("CONNECT");
        escape();
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    private void escape() {
        modem.advance(Duration.ofSeconds(1));
        modem.sendRaw("+++");
        modem.advance(Duration.ofSeconds(1));
        modem.expectLine("OK");
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1460);
    }

    @Property(tries = 60)
    void bufferAccessModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        modem.send("AT+QSSLSEND=0," + payload.length).expectPrompt();
        modem.sendRaw(payload);
        modem.expectLine("SEND OK");
        modem.expectLine("+QSSLURC: \"recv\",0");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            modem.send("AT+QSSLRECV=0,1500");
            String header = modem.nextLine();
            int n = Integer.parseInt(header.substring("+QSSLRECV: ".length()));
            got.writeBytes(modem.nextBytes(n));
            modem.expectLine("OK");
            if (n == 0) {
                // Read empty before the rest arrived: the next arrival is noticed again.
                modem.expectLine("+QSSLURC: \"recv\",0");
            }
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        modem.expectSilence();
    }

    @Property(tries = 60)
    void directPushModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        modem.send("AT+QSSLSEND=1," + payload.length).expectPrompt();
        modem.sendRaw(payload);
        modem.expectLine("SEND OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            String header = modem.nextLine();
            assertThat(header).startsWith("+QSSLURC: \"recv\",1,");
            int n = Integer.parseInt(header.substring("+QSSLURC: \"recv\",1,".length()));
            got.writeBytes(modem.nextBytes(n));
            modem.expectRaw("\r\n");
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        modem.expectSilence();
    }

    @Property(tries = 30)
    void transparentModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        modem.send("ATO").expectLine("CONNECT");
        modem.sendRaw(payload);
        modem.advance(Duration.ofMillis(200)); // transwaittm: the last short packet goes
        assertThat(modem.nextBytes(payload.length)).isEqualTo(payload);
        escape();
        modem.expectSilence();
    }
}
