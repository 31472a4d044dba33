package io.vmodem.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.at.AtCommand;
import io.vmodem.runtime.Dialects;
import io.vmodem.testing.ModemHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command of every dialect, given malformed, out-of-range and surplus parameters in every
 * form: each answers with a final result code (or a prompt, which ESC cancels), no exception
 * reaches the link, and the modem answers the next command.
 */
class BadInputTest {
    /** Commands that power the module down or reboot it: correct behaviour, but not for this test. */
    private static final Set<String> ENDS_THE_SESSION = Set.of("+QPOWD", "+CPOF", "+CRESET", "+QRST");

    private static final List<String> PROBES = List.of(
            "=?",
            "?",
            "",
            "=",
            "=99999999999999999999",
            "=-1,-1",
            "=\"",
            "=,,,,,,,,,,,,",
            "=\"x\",\"y\",\"z\"",
            "=1,2,3,4,5,6,7,8,9,10,11,12,13",
            "=0,\"" + "x".repeat(600) + "\"",
            "=\u00ff\u0001\u0080",
            "=1;+NOPE",
            "?=?");

    static Stream<Dialect> dialects() {
        return Dialects.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void everyCommandSurvivesMalformedInput(Dialect dialect) {
        try (ModemHarness modem = new ModemHarness(dialect)) {
            modem.bootQuiet();
            List<String> silent = new ArrayList<>();
            for (AtCommand<?> command : dialect.commands().commands()) {
                if (ENDS_THE_SESSION.contains(command.name())) {
                    continue;
                }
                String name = command.name().equals("S") ? "S7" : command.name();
                for (String probe : PROBES) {
                    String line = "AT" + name + probe;
                    List<String> answer = probe(modem, line);
                    if (answer.stream().noneMatch(BadInputTest::isFinal)) {
                        silent.add(line + " -> " + answer);
                    }
                }
            }
            assertThat(silent).as("commands that gave no final result").isEmpty();
            assertThat(modem.faults()).as("exceptions caught by the engine").isZero();
        }
    }

    /** Sends a probe, then cancels any prompt, ends any partial line and re-normalises the format. */
    private static List<String> probe(ModemHarness modem, String line) {
        modem.send(line);
        modem.sendRaw("\u001b\rATE0V1Q0S3?\r\n");
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = modem.nextLine();
            if (l.equals("013")) {
                assertThat(modem.nextLine()).as("after " + line).isEqualTo("OK");
                return lines;
            }
            lines.add(l);
        }
    }

    private static boolean isFinal(String line) {
        return line.equals("OK")
                || line.endsWith("ERROR")
                || line.startsWith("+CME ERROR: ")
                || line.equals("SEND OK")
                || line.equals("SEND FAIL")
                || line.equals("NO CARRIER")
                || line.startsWith("CONNECT")
                || line.startsWith("> ")
                || line.equals(">")
                || line.matches("[0-9]+\r?");
    }
}
