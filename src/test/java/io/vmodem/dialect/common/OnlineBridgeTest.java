package io.vmodem.dialect.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one online-data bridge, entered through each dialect that has online mode: the same carrying
 * and the same ends, in each dialect's words.
 */
class OnlineBridgeTest {
    /** A dialect with online mode: how a test enters it, and how the dialect words its ends. */
    enum Module {
        BG96(Bg96Dialect::new, "CONNECT", List.of("NO CARRIER")) {
            @Override
            void connect(ModemHarness modem, ControlledServer server) {
                modem.send("AT+QIACT=1").expectLine("OK");
                modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,2")
                        .expectLine(connectLine);
            }
        },
        SIM7600(Sim7600Dialect::new, "CONNECT 115200", List.of("CLOSED", "+CIPCLOSE: 0,0")) {
            @Override
            void connect(ModemHarness modem, ControlledServer server) {
                modem.send("AT+CIPMODE=1").expectLine("OK");
                modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
                modem.send("AT+CIPOPEN=0,\"TCP\",\"" + server.host() + "\"," + server.port())
                        .expectLine(connectLine);
            }
        };

        final Supplier<Dialect> dialect;
        final String connectLine;
        final List<String> closedLines;

        Module(Supplier<Dialect> dialect, String connectLine, List<String> closedLines) {
            this.dialect = dialect;
            this.connectLine = connectLine;
            this.closedLines = closedLines;
        }

        abstract void connect(ModemHarness modem, ControlledServer server);
    }

    private ControlledServer server;
    private ModemHarness modem;
    private ControlledServer.Client peer;

    private void online(Module module) throws Exception {
        server = new ControlledServer();
        modem = new ModemHarness(module.dialect.get()).bootQuiet();
        module.connect(modem, server);
        peer = server.awaitClient();
    }

    @AfterEach
    void tearDown() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Module.class)
    void aRemoteCloseEndsTheModeOnceTheHostHasEveryByte(Module module) throws Exception {
        online(module);
        peer.send("last words");
        peer.close();
        assertThat(new String(modem.nextBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("last words");
        for (String line : module.closedLines) {
            modem.expectLine(line);
        }
        modem.expectSilence();
    }

    @ParameterizedTest
    @EnumSource(Module.class)
    void dtrLeavesTheModeAndTheConnectionStaysForAto(Module module) throws Exception {
        online(module);
        modem.modem().dtr(false);
        modem.expectLine("OK");
        modem.modem().dtr(true);
        modem.send("ATO").expectLine(module.connectLine);
        peer.send("still there");
        assertThat(new String(modem.nextBytes(11), StandardCharsets.ISO_8859_1)).isEqualTo("still there");
        modem.sendRaw("and here");
        modem.advance(Duration.ofMillis(200)); // the BG96's short packet waits for transwaittm
        assertThat(new String(peer.awaitReceived(8), StandardCharsets.ISO_8859_1))
                .isEqualTo("and here");
    }

    @ParameterizedTest
    @EnumSource(Module.class)
    void aPeerThatDoesNotReadHoldsTheHostBackAndLosesNothing(Module module) throws Exception {
        online(module);
        server.reading(false);
        byte[] up = new byte[12 * 1024 * 1024];
        new Random(11).nextBytes(up);
        for (int i = 0; i < up.length; i += 64 * 1024) {
            modem.sendRaw(Arrays.copyOfRange(up, i, Math.min(up.length, i + 64 * 1024)));
        }
        Await.until("the host is held back", modem.link()::inputPaused);
        server.reading(true);
        assertThat(peer.awaitReceived(up.length)).isEqualTo(up);
        Await.until("the host is let go", () -> !modem.link().inputPaused());
    }
}
