package io.vmodem.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.testing.ModemHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Whatever arrives on the AT port, the modem stays responsive: the next AT gets OK. */
class GarbageTest {
    private ModemHarness modem;

    @BeforeProperty
    void boot() {
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
    }

    @AfterProperty
    void close() {
        assertThat(modem.faults()).as("exceptions caught by the engine").isZero();
        modem.close();
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    /** Text that looks like AT commands: far more of it reaches the parser and the handlers. */
    @Provide
    Arbitrary<String> atLike() {
        return Arbitraries.strings()
                .withChars("ATat+QICSGPEN=?;,\"0123459 \r\n\u001a\u001b&/")
                .ofMaxLength(300);
    }

    @Property(tries = 300)
    void arbitraryBytesThenAtGetsOk(@ForAll("bytes") byte[] garbage) {
        assertResponsiveAfter(garbage);
    }

    @Property(tries = 300)
    void atLikeTextThenAtGetsOk(@ForAll("atLike") String garbage) {
        assertResponsiveAfter(garbage.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private void assertResponsiveAfter(byte[] garbage) {
        modem.sendRaw(garbage);
        // ESC leaves a data prompt the garbage may have opened; CR ends a partly typed line; the
        // chained basics undo a garbage ATE1 / ATV0 / ATQ1 so the answer's form is known.
        modem.sendRaw("\u001b\rATE0V1Q0S3?\r");
        while (!modem.nextLine().equals("013")) {
            // whatever the garbage itself caused
        }
        assertThat(modem.nextLine()).isEqualTo("OK");
    }
}
