package io.vmodem.dialect.sim7600;

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
 * No byte is lost or changed through TLS on the SIM7600: arbitrary payloads go out with AT+CCHSEND
 * to a real TLS echo server and come back pushed (AT+CCHSET=0,0), from the cache (AT+CCHSET=0,1
 * and AT+CCHRECV), or through transparent mode (AT+CCHMODE=1).
 */
class Sim7600SslDataIntegrityTest {
    private TlsEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = TlsEchoServer.serving(TestCertificates.get().server()).start();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    /** The service started and session 0 open, once per modem. */
    private void session(boolean transparent, boolean manual) {
        if (modem.onLoop(() -> ((Sim7600Session) modem.session()).cch().started())) {
            return;
        }
        if (transparent) {
            modem.send("AT+CCHMODE=1").expectLine("OK");
        }
        modem.send("AT+CCHSET=0," + (manual ? 1 : 0)).expectLine("OK");
        modem.send("AT+CCHSTART").expectLine("OK").expectLine("+CCHSTART: 0");
        modem.send("AT+CCHOPEN=0,\"" + echo.host() + "\"," + echo.port() + ",2");
        if (transparent) {
            modem.expectLine("CONNECT 115200");
            escape();
        } else {
            modem.expectLine("OK").expectLine("+CCHOPEN: 0,0");
        }
    }

    private void escape() {
        modem.advance(Duration.ofMillis(1100));
        modem.sendRaw("+++");
        modem.advance(Duration.ofMillis(1100));
        modem.expectLine("OK");
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2048);
    }

    private void send(byte[] payload) {
        modem.send("AT+CCHSEND=0," + payload.length).expectPrompt();
        modem.sendRaw(payload);
        modem.expectLine("OK");
    }

    @Property(tries = 60)
    void pushedDataRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        session(false, false);
        send(payload);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            String header = modem.nextLine();
            assertThat(header).startsWith("+CCHRECV: DATA,0,");
            got.writeBytes(modem.nextBytes(Integer.parseInt(header.substring("+CCHRECV: DATA,0,".length()))));
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        modem.expectSilence();
    }

    @Property(tries = 60)
    void cachedDataRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        session(false, true);
        send(payload);
        modem.expectLine("+CCHEVENT: 0,RECV EVENT");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            modem.send("AT+CCHRECV=0").expectLine("OK");
            String line = modem.nextLine();
            while (line.startsWith("+CCHRECV: DATA,0,")) {
                got.writeBytes(modem.nextBytes(Integer.parseInt(line.substring("+CCHRECV: DATA,0,".length()))));
                line = modem.nextLine();
            }
            assertThat(line).isEqualTo("+CCHRECV: 0,0");
            if (got.size() < payload.length) {
                modem.expectLine("+CCHEVENT: 0,RECV EVENT");
            }
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        modem.expectSilence();
    }

    @Property(tries = 30)
    void transparentModeRoundTripsEveryByte(@ForAll("payloads") byte[] payload) {
        session(true, false);
        modem.send("ATO").expectLine("CONNECT 115200");
        modem.sendRaw(payload);
        assertThat(modem.nextBytes(payload.length)).isEqualTo(payload);
        escape();
        modem.expectSilence();
    }
}
