package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.RadioLink;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BG96 on the shared radio model (BG96 PSM application note): with PSM on, the module sleeps when
 * the active time after the connection's release has run out ({@code PSM POWER DOWN}), and data from
 * the network waits for its periodic TAU; with eDRX on, for the next paging occasion of the LTE-M
 * cycle. Virtual time is moved by hand, so each step happens at a known moment; the data crosses a
 * real loopback connection.
 */
class Bg96PowerSavingTest {
    private ControlledServer server;
    private ModemHarness modem;
    private ControlledServer.Client peer;

    @BeforeEach
    void open() throws Exception {
        server = new ControlledServer();
        modem = new ModemHarness(new Bg96Dialect());
        modem.bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.autoAdvance(false);
    }

    @AfterEach
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        server.close();
    }

    /** Opens socket 0 to the server in buffer access mode; the radio is connected from then on. */
    private void connect() throws Exception {
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        peer = server.awaitClient();
    }

    /** The server sends; returns once the module's socket has the bytes (its URC may wait). */
    private void serverSends(String text) throws Exception {
        long before = modem.onLoop(() -> socket().received());
        peer.send(text);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (modem.onLoop(() -> socket().received()) < before + text.length()) {
            assertThat(System.nanoTime()).as("data reached the module").isLessThan(deadline);
        }
    }

    private Bg96Socket socket() {
        return ((Bg96Session) modem.session()).socket(0);
    }

    private RadioLink.State radio() {
        return modem.onLoop(() -> modem.session().modem().radio().link().state());
    }

    @Test
    void withoutPowerSavingDataIsReportedAtOnce() throws Exception {
        connect();
        modem.advance(Duration.ofHours(5));
        serverSends("ping");
        modem.expectLine("+QIURC: \"recv\",0");
    }

    @Test
    void inPsmTheModuleSleepsAndDataWaitsForThePeriodicTau() throws Exception {
        // T3412 10 min ("00000001"), T3324 10 s ("00000101").
        modem.send("AT+CPSMS=1,,,\"00000001\",\"00000101\"").expectLine("OK");
        connect();
        modem.advance(RadioLink.INACTIVITY); // the network releases the connection
        assertThat(radio()).isEqualTo(RadioLink.State.IDLE);
        modem.expectSilence();
        modem.advance(Duration.ofSeconds(10)); // the active time runs out
        modem.expectLine("PSM POWER DOWN");
        assertThat(radio()).isEqualTo(RadioLink.State.PSM);
        serverSends("while asleep");
        modem.expectSilence();
        modem.advance(Duration.ofMinutes(9).plusSeconds(49));
        modem.expectSilence();
        modem.advance(Duration.ofSeconds(1)); // 10 min after the release: the periodic TAU
        modem.expectLine("+QIURC: \"recv\",0");
        modem.send("AT+QIRD=0,1500")
                .expectLine("+QIRD: 12")
                .expectLine("while asleep")
                .expectLine("OK");
    }

    @Test
    void sendingWakesTheModuleAndWhatWaitedFollowsTheAnswer() throws Exception {
        modem.send("AT+QPSMS=1,,,3600,0").expectLine("OK");
        connect();
        modem.advance(RadioLink.INACTIVITY);
        modem.expectLine("PSM POWER DOWN");
        serverSends("news");
        modem.expectSilence();
        modem.send("AT+QISEND=0,2");
        modem.expectPrompt();
        modem.sendRaw("hi");
        modem.expectLine("SEND OK");
        modem.expectLine("+QIURC: \"recv\",0");
        peer.awaitReceived(2);
    }

    @Test
    void psmEnterSleepsAtTheReleaseAndQpsmcfgKeepsShortSleepsAwake() throws Exception {
        modem.send("AT+QCFG=\"psm/enter\",1").expectLine("OK");
        modem.send("AT+CPSMS=1,,,\"00000001\",\"00100001\"").expectLine("OK"); // active time 1 min, ignored
        connect();
        modem.advance(RadioLink.INACTIVITY);
        modem.expectLine("PSM POWER DOWN");
        modem.send("AT+QISEND=0,1");
        modem.expectPrompt();
        modem.sendRaw("x");
        modem.expectLine("SEND OK");
        // 10 min of TAU less no active time is under a 700 s threshold: no PSM any more.
        modem.send("AT+QPSMCFG=700").expectLine("OK");
        modem.advance(Duration.ofMinutes(5));
        modem.expectSilence();
        assertThat(radio()).isEqualTo(RadioLink.State.IDLE);
    }

    @Test
    void inEdrxAnEventWaitsForTheNextPagingOccasionOfTheLteMCycle() throws Exception {
        modem.send("AT+CEDRXS=1,4,\"0000\"").expectLine("OK"); // 5.12 s in WB-S1 mode
        connect();
        modem.advance(RadioLink.INACTIVITY);
        modem.advance(Duration.ofSeconds(1));
        serverSends("paged");
        modem.expectSilence();
        modem.advance(Duration.ofMillis(4_110));
        modem.expectSilence();
        modem.advance(Duration.ofMillis(10)); // 5.12 s after the release
        modem.expectLine("+QIURC: \"recv\",0");
    }
}
