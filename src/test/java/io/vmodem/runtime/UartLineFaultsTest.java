package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.trace.TraceRing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UART's noise and loss (faults uart-noise, uart-drop) in every dialect: they change what
 * crosses the line, never what the module does with what reaches it, so once they are cleared the
 * read forms show what the module really did. Losing bytes breaks losslessness on purpose, and the
 * trace says so.
 */
class UartLineFaultsTest {
    private static final AtomicLong SERIALS = new AtomicLong(9700);

    static Stream<Arguments> dialects() {
        return Stream.of(
                Arguments.of("bg96", (Supplier<Dialect>) Bg96Dialect::new),
                Arguments.of("bc260y", (Supplier<Dialect>) Bc260yDialect::new),
                Arguments.of("sim7600", (Supplier<Dialect>) Sim7600Dialect::new));
    }

    private static ModemHarness modem(Supplier<Dialect> dialect) {
        return new ModemHarness(
                        dialect.get(),
                        ModemSettings.defaults(),
                        SERIALS.getAndIncrement(),
                        new Fleet(FaultSetup.NONE, 200))
                .bootQuiet();
    }

    private static void apply(ModemHarness m, String doShape) {
        Injection injection = ScenarioReader.injection(doShape, "test");
        FaultEffects.check(injection);
        m.onLoop(() -> m.modem().faults().apply(injection));
    }

    private static List<String> faultLines(ModemHarness m) {
        return m.onLoop(() -> m.modem().traceRing().since(0, 1000).stream()
                .filter(l -> l.kind().equals("fault"))
                .map(TraceRing.Line::text)
                .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void bytesLostFromTheHostNeverReachTheModuleAndTheTraceSaysLosslessnessIsGone(
            String name, Supplier<Dialect> dialect) {
        try (ModemHarness m = modem(dialect)) {
            apply(m, "{condition: uart-drop, rate: 100%, direction: from-host}");
            m.send("AT+CEREG=1");
            m.expectSilence();
            assertThat(faultLines(m))
                    .anyMatch(l -> l.startsWith("condition uart-drop rate 1.0 direction from-host"))
                    .anyMatch(l -> l.contains("the line is not lossless"));
            apply(m, "{clear: uart-drop}");
            // The module never heard AT+CEREG=1: its mode is still 0.
            m.send("AT+CEREG?").expectLine("+CEREG: 0,1").expectLine("OK");
            assertThat(m.onLoop(() -> m.modem().uartFaults().dropped())).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void answersLostOnTheWayToTheHostStillHappenedInTheModule(String name, Supplier<Dialect> dialect) {
        try (ModemHarness m = modem(dialect)) {
            apply(m, "{condition: uart-drop, rate: 1, direction: to-host}");
            m.send("AT+CEREG=1");
            m.expectSilence();
            apply(m, "{clear: uart-drop}");
            // The OK was lost, the command was not: the read form shows the mode it set.
            m.send("AT+CEREG?").expectLine("+CEREG: 1,1").expectLine("OK");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void noiseCorruptsWhatTheHostReadsNotWhatTheModuleDid(String name, Supplier<Dialect> dialect) {
        try (ModemHarness m = modem(dialect)) {
            apply(m, "{condition: uart-noise, rate: 100%, kind: flip, direction: to-host}");
            m.send("AT+CEREG=1");
            byte[] ok = "\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] got = m.nextBytes(ok.length);
            for (int i = 0; i < ok.length; i++) {
                assertThat(got[i]).as("byte %d flipped", i).isNotEqualTo(ok[i]);
            }
            m.expectSilence();
            apply(m, "{condition: uart-noise, rate: 100%, kind: insert, direction: to-host}");
            m.send("AT");
            // Every byte of the answer comes with one inserted: twice as many.
            assertThat(m.nextBytes(2 * ok.length)).hasSize(2 * ok.length);
            m.expectSilence();
            apply(m, "{clear: uart-noise}");
            m.send("AT+CEREG?").expectLine("+CEREG: 1,1").expectLine("OK");
            assertThat(m.onLoop(() -> m.modem().uartFaults().corrupted())).isGreaterThanOrEqualTo(2L * ok.length);
        }
    }
}
