package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TestCertificates;
import io.vmodem.testing.peers.TlsEchoServer;
import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed through the SIM7600's raw HTTPS session: arbitrary bytes written with
 * AT+CHTTPSSEND to a real TLS echo server come back exactly through AT+CHTTPSRECV, read in pieces of
 * any size.
 */
class Sim7600ChttpsDataIntegrityTest {
    private TlsEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = TlsEchoServer.serving(TestCertificates.get().server()).start();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+CHTTPSSTART").expectLine("OK").expectLine("+CHTTPSSTART: 0");
        modem.send("AT+CHTTPSOPSE=\"" + echo.host() + "\"," + echo.port() + ",2")
                .expectLine("OK")
                .expectLine("+CHTTPSOPSE: 0");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(ChttpsCommands.MAX_SEND);
    }

    private int unread() {
        return modem.onLoop(
                () -> ((Sim7600Session) modem.session()).chttps().session.unread());
    }

    @Property(tries = 40)
    void whatIsWrittenComesBackByteForByte(
            @ForAll("payloads") byte[] payload, @ForAll @IntRange(min = 1, max = 5000) int readSize) {
        modem.send("AT+CHTTPSSEND=" + payload.length).expectPrompt();
        modem.sendRaw(payload);
        modem.expectLine("OK").expectLine("+CHTTPSSEND: 0");
        modem.expectLine("+CHTTPS: RECV EVENT");
        Await.until("the echo is in", () -> unread() == payload.length);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < payload.length) {
            modem.send("AT+CHTTPSRECV=" + readSize).expectLine("OK");
            String line = modem.nextLine();
            while (line.startsWith("+CHTTPSRECV: DATA,")) {
                got.writeBytes(modem.nextBytes(Integer.parseInt(line.substring("+CHTTPSRECV: DATA,".length()))));
                line = modem.nextLine();
            }
            assertThat(line).isEqualTo("+CHTTPSRECV: 0");
        }
        assertThat(got.toByteArray()).isEqualTo(payload);
        modem.send("AT+CHTTPSRECV?").expectLine("+CHTTPSRECV: LEN,0").expectLine("OK");
        modem.expectSilence();
    }
}
