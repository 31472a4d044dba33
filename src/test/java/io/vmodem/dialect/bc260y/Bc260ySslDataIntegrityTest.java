package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.common.Hex;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TestCertificates;
import io.vmodem.testing.peers.TlsEchoServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * No byte is lost or changed through the BC260Y-CN's SSL connection: any bytes typed after the
 * AT+QSSLSEND prompt (a fixed length takes every byte value) or as hex digits reach a TLS echo
 * server, and come back in {@code +QSSLURC: "recv"} URCs of at most 1400 bytes, text or hex, exactly.
 */
class Bc260ySslDataIntegrityTest {
    private TlsEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        echo = TlsEchoServer.serving(TestCertificates.get().server()).start();
        modem = new ModemHarness(new Bc260yDialect());
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.send("AT+QSSLOPEN=0,0,\"" + echo.host() + "\"," + echo.port() + ",0");
        modem.expectLine("OK").expectLine("+QSSLOPEN: 0,0,0");
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(Bc260ySslCommands.MAX_SEND);
    }

    @Property(tries = 30)
    void anyBytesOfAFixedLengthComeBackExactly(@ForAll("payloads") byte[] payload) {
        format(0, 0);
        send(payload.length, payload);
        assertThat(receive(payload.length, false)).isEqualTo(payload);
    }

    @Property(tries = 30)
    void hexBothWaysComesBackExactly(@ForAll("payloads") byte[] payload) {
        format(1, 1);
        send(payload.length, Hex.encode(payload).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(receive(payload.length, true)).isEqualTo(payload);
    }

    private void format(int send, int recv) {
        modem.send("AT+QSSLCFG=0,0,\"dataformat\"," + send + "," + recv).expectLine("OK");
    }

    private void send(int length, byte[] typed) {
        modem.send("AT+QSSLSEND=0,0," + length).expectRaw("\r\n>\r\n");
        modem.sendRaw(typed);
        modem.expectLine("OK").expectLine("+QSSLSEND: 0,0,0");
    }

    /** "recv" URCs until {@code n} bytes came; each read by its length, since text may hold CR LF or quotes. */
    private byte[] receive(int n, boolean hex) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < n) {
            modem.skipLineBreaks();
            expect("+QSSLURC: \"recv\",0,0,");
            int length = 0;
            while (true) {
                byte b = modem.nextBytes(1)[0];
                if (b == ',') {
                    break;
                }
                assertThat((char) b).isBetween('0', '9');
                length = length * 10 + (b - '0');
            }
            assertThat(length).isBetween(1, Bc260ySslConnection.PUSH_CHUNK);
            expect("\"");
            byte[] data = modem.nextBytes(hex ? 2 * length : length);
            expect("\"\r\n");
            if (hex) {
                String digits = new String(data, StandardCharsets.ISO_8859_1);
                assertThat(digits).matches("[0-9A-F]*");
                data = Hex.decode(digits);
            }
            got.writeBytes(data);
        }
        return got.toByteArray();
    }

    private void expect(String text) {
        assertThat(new String(modem.nextBytes(text.length()), StandardCharsets.ISO_8859_1))
                .isEqualTo(text);
    }
}
