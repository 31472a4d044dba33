package io.vmodem.api.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vmodem.api.ModemHandle;
import io.vmodem.api.ModemServer;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.pty.TtyEnd;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension as a test suite uses it: JUnit runs small test classes (nested here, which the
 * build does not run by themselves) against real modems, and this test reads what JUnit made of
 * them: which passed, how a failure reads, which trace file it left.
 */
class ModemExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path traces;

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute();
    }

    /** A host on the server's TCP link that has seen its modem boot. */
    private static Socket connect(ModemServer server) throws IOException {
        Socket s = new Socket(server.address().getAddress(), server.address().getPort());
        s.setSoTimeout(10_000);
        readUntil(s.getInputStream(), "+QIND: PB DONE\r\n");
        return s;
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("link closed; have: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static void send(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- a server per class: each test's modems are fresh ----

    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class OneServerPerClass {
        @RegisterExtension
        static final ModemExtension vmodem =
                ModemExtension.of(ModemServer.builder().bootTime(Duration.ZERO));

        static final List<Object> seen = new CopyOnWriteArrayList<>();

        @Test
        void a_leavesAConditionAndItsLinkOpen(ModemServer server) throws Exception {
            Socket host = connect(server); // not closed: the extension hangs it up
            ModemHandle m = server.awaitModem(WAIT);
            m.inject(Injection.of(Fault.SIGNAL).with("rssi", 5));
            seen.add(server);
            seen.add(m);
            seen.add(host);
        }

        @Test
        void b_findsAFreshModemOnTheSameServer(ModemServer server) throws Exception {
            assertTrue(server == seen.get(0), "the same server");
            ModemHandle before = (ModemHandle) seen.get(1);
            assertFalse(before.connected(), "the last test's modem was hung up");
            assertEquals(-1, ((Socket) seen.get(2)).getInputStream().read(), "its host saw the end");
            try (Socket host = connect(server)) {
                ModemHandle m = vmodem.awaitModem(WAIT);
                assertTrue(m.id() > before.id(), "a new modem");
                assertTrue(m.conditions().isEmpty(), "no condition left over");
                send(host, "AT+CSQ");
                assertFalse(readUntil(host.getInputStream(), "OK\r\n").contains("+CSQ: 5,"));
            }
        }
    }

    @Test
    void aServerInAStaticFieldServesTheWholeClassAndEachTestGetsFreshModems() throws Exception {
        run(OneServerPerClass.class).testEvents().assertStatistics(s -> s.succeeded(2)
                .failed(0));
        ModemServer server = (ModemServer) OneServerPerClass.seen.get(0);
        assertThat(listens(server.address())).as("closed after the class").isFalse();
    }

    // ---- a server per test ----

    static class OneServerPerTest {
        @RegisterExtension
        final ModemExtension vmodem = ModemExtension.of(ModemServer.builder().bootTime(Duration.ZERO));

        static final List<ModemServer> servers = new CopyOnWriteArrayList<>();

        @Test
        void one(ModemServer server) {
            servers.add(server);
        }

        @Test
        void two(ModemServer server) {
            servers.add(server);
        }
    }

    @Test
    void aServerInAnInstanceFieldServesOneTest() throws Exception {
        run(OneServerPerTest.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(OneServerPerTest.servers).hasSize(2).doesNotHaveDuplicates();
        for (ModemServer s : OneServerPerTest.servers) {
            assertThat(listens(s.address())).as("closed after its test").isFalse();
        }
    }

    // ---- failures ----

    static class Failing {
        @RegisterExtension
        static final ModemExtension vmodem =
                ModemExtension.of(ModemServer.builder().bootTime(Duration.ZERO)).traces(traces);

        @Test
        void theDriverGivesUp(ModemServer server) throws Exception {
            try (Socket host = connect(server)) {
                ModemHandle m = server.awaitModem(WAIT);
                send(host, "AT+CSQ");
                m.awaitCommand("AT\\+CSQ", WAIT);
                readUntil(host.getInputStream(), "OK\r\n");
                fail("the driver gave up");
            }
        }

        @org.junit.jupiter.api.RepeatedTest(2)
        void secondTimeUnlucky(ModemServer server, RepetitionInfo repetition) throws Exception {
            try (Socket host = connect(server)) {
                send(host, "ATI");
                server.awaitModem(WAIT).awaitCommand("ATI", WAIT);
                if (repetition.getCurrentRepetition() == 2) {
                    fail("unlucky");
                }
            }
        }

        @Test
        void failsWithoutAModem() {
            fail("no modem here");
        }
    }

    @Test
    void aFailedTestLeavesItsModemsTraceAndNamesItInTheFailure() throws Exception {
        EngineExecutionResults results = run(Failing.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(3));

        Throwable failure = failure(results, "theDriverGivesUp");
        assertThat(failure).hasMessage("the driver gave up");
        Path file = traces.resolve(Failing.class.getName()).resolve("theDriverGivesUp.trace");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage())
                .startsWith("vmodem trace of m")
                .endsWith(": " + file.toAbsolutePath());
        String trace = Files.readString(file);
        assertThat(trace).startsWith("# vmodem trace: theDriverGivesUp(ModemServer) in " + Failing.class.getName());
        assertThat(trace).contains(" > AT+CSQ\\r").contains(" < \\r\\n+CSQ: ");

        Throwable second = failure(results, "secondTimeUnlucky");
        assertThat(second.getSuppressed()[0].getMessage()).endsWith("secondTimeUnlucky-2.trace");
        assertThat(traces.resolve(Failing.class.getName()).resolve("secondTimeUnlucky-2.trace"))
                .exists();
        assertThat(traces.resolve(Failing.class.getName()).resolve("secondTimeUnlucky-1.trace"))
                .doesNotExist();

        assertThat(failure(results, "failsWithoutAModem").getSuppressed())
                .as("no modem, no trace")
                .isEmpty();
    }

    private static Throwable failure(EngineExecutionResults results, String method) {
        return results.testEvents()
                .failed()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(method))
                .map(Event::getPayload)
                .map(p -> p.orElseThrow())
                .map(p -> ((org.junit.platform.engine.TestExecutionResult) p)
                        .getThrowable()
                        .orElseThrow())
                .findFirst()
                .orElseThrow();
    }

    // ---- parameters ----

    static class OnAPty {
        @RegisterExtension
        static final ModemExtension vmodem =
                ModemExtension.of(ModemServer.builder().pty().bootTime(Duration.ZERO));

        static final List<Long> ids = new CopyOnWriteArrayList<>();

        @Test
        void theModemIsAParameter(ModemHandle modem, ModemServer server) throws Exception {
            assertEquals("pty " + server.ttyPath(), modem.link());
            try (TtyEnd tty = TtyEnd.open(server.ttyPath())) {
                modem.awaitPoweredOn(WAIT);
                tty.readUntil("+QIND: PB DONE\r\n");
                tty.write("ATI\r");
                assertEquals("ATI", modem.awaitCommand("ATI", WAIT));
            }
            ids.add(modem.id());
        }

        @Test
        void theNextTestGetsANewOne(ModemHandle modem) {
            ids.add(modem.id());
        }
    }

    @Test
    void onAPtyTheModemIsAParameterAndEachTestHasItsOwn() {
        assumeTrue(PtyLink.supported(), "pseudo-terminals");
        run(OnAPty.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(OnAPty.ids).hasSize(2).doesNotHaveDuplicates();
    }

    @ExtendWith(ModemExtension.class)
    static class Declared {
        @Test
        void theDefaultServer(ModemServer server) {
            assertEquals("bg96", server.dialect());
            assertEquals(ModemServer.Link.TCP, server.link());
            assertTrue(server.address().getAddress().isLoopbackAddress());
        }

        @Test
        void aModemHandleOnTcp(ModemHandle modem) {
            fail("resolved " + modem);
        }
    }

    @Test
    void declaredWithExtendWithItIsTheDefaultServerAndAModemParameterNeedsAPty() {
        EngineExecutionResults results = run(Declared.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failure(results, "aModemHandleOnTcp"))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("on the TCP link a modem comes with each connection");
    }

    private static boolean listens(InetSocketAddress address) throws IOException {
        try {
            new Socket(address.getAddress(), address.getPort()).close();
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
