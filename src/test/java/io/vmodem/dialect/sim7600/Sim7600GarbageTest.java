package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Whatever arrives on the AT port of a SIM7600 with its network open and a TCP link up, it stays
 * responsive: text shaped like its socket commands reaches CIPSEND's ETX-escaped data entry,
 * CIPRXGET's reads, CIPOPEN, the servers and the settings.
 */
class Sim7600GarbageTest {
    private TcpEchoServer echo;
    private ModemHarness modem;

    @BeforeProperty
    void boot() throws IOException {
        echo = new TcpEchoServer();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
        modem.send("AT+CIPOPEN=0,\"TCP\",\"" + echo.host() + "\"," + echo.port())
                .expectLine("OK")
                .expectLine("+CIPOPEN: 0,0");
    }

    @AfterProperty
    void close() throws IOException {
        assertThat(modem.faults()).as("exceptions caught by the engine").isZero();
        modem.close();
        echo.close();
    }

    @Provide
    Arbitrary<String> atLike() {
        Arbitrary<String> prefix = Arbitraries.of(
                "AT+CIPSEND=0,",
                "AT+CIPSEND=",
                "AT+CIPRXGET=",
                "AT+CIPOPEN=",
                "AT+CIPCLOSE=",
                "AT+CIPCCFG=",
                "AT+CIPTIMEOUT=",
                "AT+SERVERSTART=",
                "AT+SERVERSTOP=",
                "AT+CDNSGIP=",
                "AT+CIPHEAD=",
                "AT+CIPMODE=",
                "ATO",
                "");
        Arbitrary<String> rest = Arbitraries.strings()
                .withChars("0123456789,\"TCPUD. \r\n\u0003\u001a\u001b")
                .ofMaxLength(80);
        return Combinators.combine(prefix, rest).as((p, r) -> p + r);
    }

    @Property(tries = 400)
    void atLikeTextThenAtGetsOk(@ForAll("atLike") String garbage) {
        modem.sendRaw((garbage + "\r").getBytes(StandardCharsets.ISO_8859_1));
        // ESC ends a Ctrl+Z prompt; a fixed-length prompt takes its bytes whatever they are, so
        // enough filler follows (no "AT" in it: the rest is ignored); DTR leaves online mode.
        modem.sendRaw("\u001b" + "x".repeat(SocketCommands.MAX_SEND));
        modem.onLoop(() -> modem.session().engine().dtr(false));
        modem.sendRaw("\rATE0V1Q0S3?\r");
        while (!modem.nextLine().equals("013")) {
            // whatever the garbage itself caused
        }
        assertThat(modem.nextLine()).isEqualTo("OK");
    }
}
