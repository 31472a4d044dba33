package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.testing.LogCapture;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.time.FaultInjection;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One guard for every way into a modem: a timer, a network event or a task that throws is counted,
 * logged with the modem and the command in progress, and ends that command with the module's error;
 * a command whose answer never comes ends at its deadline. The modem keeps answering.
 */
class ModemGuardTest {
    /** Every callback but the link's own (its bytes, its power): those the modem cannot do without. */
    private static final Predicate<String> NOT_THE_LINK =
            where -> !where.startsWith("link") && !where.equals("power on");

    private static FaultInjection faults(ModemHarness modem) {
        return modem.onLoop(() -> FaultInjection.into(modem.session().modem().guard()));
    }

    private static String id(ModemHarness modem) {
        return "m" + modem.onLoop(() -> modem.session().modem().identity().serial());
    }

    @Test
    void aTimerThatThrowsBeforeAnsweringEndsItsCommandWithTheModulesError() {
        try (LogCapture log = LogCapture.of("io.vmodem", Level.ERROR);
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.bootQuiet();
            FaultInjection faults = faults(modem);
            modem.onLoop(() -> faults.next(1, "a timer"::equals)); // the activation's
            modem.send("AT+QIACT=1").expectLine("ERROR");
            modem.send("AT+QIGETERROR")
                    .expectLine("+QIGETERROR: 550,unknown error")
                    .expectLine("OK");
            modem.send("AT").expectLine("OK");
            assertThat(faults.injected()).isEqualTo(1);
            assertThat(modem.faults()).isEqualTo(1);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("ERROR " + id(modem) + ": a timer failed while AT+QIACT=1 was running")
                    .contains("fault injected into a timer"));
            modem.expectFaults(1);
        }
    }

    @Test
    void aNetworkEventThatThrowsEndsTheCommandWaitingForIt() throws Exception {
        try (LogCapture log = LogCapture.of("io.vmodem", Level.ERROR);
                TcpEchoServer echo = new TcpEchoServer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.bootQuiet();
            modem.send("AT+QIACT=1").expectLine("OK");
            FaultInjection faults = faults(modem);
            modem.onLoop(() -> faults.next(1, "a TCP connect"::equals));
            // Transparent mode: the answer (CONNECT) waits for the connect's outcome, which throws.
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,2")
                    .expectLine("ERROR");
            modem.send("AT").expectLine("OK");
            assertThat(modem.faults()).isEqualTo(1);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains(id(modem) + ": a TCP connect failed while AT+QIOPEN="));
            modem.expectFaults(1);
        }
    }

    /** Callbacks that throw at random while a driver works: each counted once, every command answered. */
    @Test
    void callbacksThatThrowAtRandomNeverWedgeTheModem() throws Exception {
        for (Dialect dialect : List.of(new Bg96Dialect(), new Sim7600Dialect())) {
            try (LogCapture log = LogCapture.of("io.vmodem", Level.ERROR);
                    TcpEchoServer echo = new TcpEchoServer();
                    ModemHarness modem = new ModemHarness(
                            dialect, ModemSettings.defaults().withResponseDelay(Duration.ofMillis(50)))) {
                modem.bootQuiet();
                modem.autoAdvance(false);
                FaultInjection faults = faults(modem);
                modem.onLoop(() -> faults.atRandom(new Random(7), 0.25, NOT_THE_LINK));
                String peer = "\"" + echo.host() + "\"," + echo.port();
                List<String> script = dialect instanceof Bg96Dialect
                        ? List.of(
                                "AT+QIACT=1",
                                "AT+QIOPEN=1,0,\"TCP\"," + peer + ",0,0",
                                "AT+QISENDEX=0,\"68656c6c6f\"",
                                "AT+QIRD=0,1500",
                                "AT+QISTATE=1,0",
                                "AT+QIDNSGIP=1,\"127.0.0.1\"",
                                "AT+QICLOSE=0",
                                "AT+QIDEACT=1",
                                "AT+CSQ")
                        : List.of(
                                "AT+NETOPEN",
                                "AT+CIPOPEN=0,\"TCP\"," + peer,
                                "AT+CIPOPEN=1,\"UDP\",,,0",
                                "AT+CDNSGIP=\"127.0.0.1\"",
                                "AT+CIPCLOSE=1",
                                "AT+CIPCLOSE=0",
                                "AT+NETCLOSE",
                                "AT+CSQ");
                for (int round = 0; round < 8; round++) {
                    for (String command : script) {
                        modem.send(command);
                        modem.advance(Duration.ofSeconds(1));
                        awaitFinal(modem);
                    }
                }
                modem.onLoop(faults::stop);
                modem.send("AT").expectLine("OK");
                assertThat(faults.injected()).isGreaterThan(10);
                assertThat(modem.faults()).isEqualTo(faults.injected());
                assertThat(log.lines())
                        .filteredOn(l -> l.contains("fault injected"))
                        .hasSize(faults.injected());
                modem.expectFaults(faults.injected());
            }
        }
    }

    private static final Set<String> FINALS = Set.of("OK", "ERROR", "SEND OK", "SEND FAIL");

    /** Skips URCs and information lines up to the command's final result. */
    private static void awaitFinal(ModemHarness modem) {
        while (true) {
            String line = modem.nextLine();
            if (FINALS.contains(line) || line.startsWith("+CME ERROR")) {
                return;
            }
        }
    }

    @Test
    void aCommandWithoutAnAnswerEndsAtItsDeadlineAndTheModemAnswersAgain() {
        ModemSettings settings = ModemSettings.defaults()
                .withNet(NetSettings.defaults().withActivationDelay(Duration.ofSeconds(10)))
                .withCommandDeadline(Duration.ofSeconds(5));
        try (LogCapture log = LogCapture.of("io.vmodem", Level.WARN);
                ModemHarness modem = new ModemHarness(new Bg96Dialect(), settings)) {
            modem.bootQuiet();
            modem.autoAdvance(false);
            modem.send("AT+QIACT=1");
            modem.advance(Duration.ofMillis(4999));
            modem.expectSilence();
            modem.advance(Duration.ofMillis(1));
            modem.expectLine("ERROR");
            modem.send("AT+QIGETERROR")
                    .expectLine("+QIGETERROR: 569,operation timeout")
                    .expectLine("OK");
            modem.send("AT").expectLine("OK");
            modem.advance(Duration.ofSeconds(10)); // the activation's late end answers nothing
            modem.expectSilence();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .isEqualTo("WARN " + id(modem) + ": AT+QIACT=1 had no answer within the command"
                            + " deadline of 5000 ms; it ends with its error"));
            modem.expectFaults(1);
        }
    }

    @Test
    void eachDialectsDeadlineIsItsManualsLongestResponseTimeAndARealConnect() {
        assertThat(deadline(new Bg96Dialect(), null)).isEqualTo(Duration.ofSeconds(150 + 60));
        assertThat(deadline(new Sim7600Dialect(), null)).isEqualTo(Duration.ofSeconds(120 + 60));
        assertThat(deadline(new Bc260yDialect(), null)).isEqualTo(Duration.ofSeconds(150 + 60));
        assertThat(deadline(new Sim7600Dialect(), Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    private static Duration deadline(Dialect dialect, Duration configured) {
        try (ModemHarness modem =
                new ModemHarness(dialect, ModemSettings.defaults().withCommandDeadline(configured))) {
            modem.boot();
            return modem.onLoop(() -> modem.session().engine().commandDeadline());
        }
    }
}
