package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
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
 * Whatever arrives on the AT port of an attached BC260Y, with a socket open, it stays responsive:
 * text shaped like its inline-data commands reaches QISEND's parser, QIOPEN and the NB-IoT settings.
 */
class Bc260yGarbageTest {
    private ModemHarness modem;

    @BeforeProperty
    void boot() {
        modem = new ModemHarness(new Bc260yDialect());
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.send("AT+QIOPEN=0,0,\"UDP\",\"127.0.0.1\",9").expectLine("OK").expectLine("+QIOPEN: 0,0");
    }

    @AfterProperty
    void close() {
        assertThat(modem.faults()).as("exceptions caught by the engine").isZero();
        modem.close();
    }

    @Provide
    Arbitrary<String> atLike() {
        Arbitrary<String> prefix = Arbitraries.of(
                "AT+QISEND=0,",
                "AT+QISEND=",
                "AT+QICFG=\"dataformat\",",
                "AT+QIOPEN=0,",
                "AT+CPSMS=",
                "AT+CEDRXS=",
                "AT+QIDNSCFG=0,",
                "AT+QBAND=",
                "AT+CGSN=",
                "AT+CEREG=",
                "");
        Arbitrary<String> rest = Arbitraries.strings()
                .withChars("0123456789ABCDEFabcdef,\"{}:; \r\n\u001a\u001b")
                .ofMaxLength(80);
        return Combinators.combine(prefix, rest).as((p, r) -> p + r);
    }

    @Property(tries = 400)
    void atLikeTextThenAtGetsOk(@ForAll("atLike") String garbage) {
        modem.sendRaw((garbage + "\r").getBytes(StandardCharsets.ISO_8859_1));
        // A garbage CPSMS or CEDRXS may turn PSM on: the reply to a command never waits for the radio.
        modem.sendRaw("\u001b\rATE0V1Q0S3?\r");
        while (!modem.nextLine().equals("013")) {
            // whatever the garbage itself caused
        }
        assertThat(modem.nextLine()).isEqualTo("OK");
    }
}
