package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.PowerSavingTimers;
import io.vmodem.modem.RadioLink;
import io.vmodem.net.TcpConnection;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guide's notes on URCs (2.4): none while the module is in PSM, delayed by the paging cycle in
 * DRX/eDRX, at once while connected. Virtual time is moved by hand here, so each step happens at a
 * known moment; the data itself crosses a real loopback connection.
 */
class Bc260yPowerSavingTest {
    private ControlledServer server;
    private ModemHarness modem;
    private ControlledServer.Client peer;

    @BeforeEach
    void open() throws Exception {
        server = new ControlledServer();
        modem = new ModemHarness(new Bc260yDialect());
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        modem.autoAdvance(false);
    }

    @AfterEach
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        server.close();
    }

    /** Opens socket 0 to the server; the radio is connected from then on, for 20 s. */
    private void connect() throws Exception {
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        peer = server.awaitClient();
    }

    /** The server sends; returns once the module's socket has the bytes (its URC may wait). */
    private void serverSends(String text) throws Exception {
        long before = modem.onLoop(() -> connection().received());
        peer.send(text);
        Await.until(
                "the data reaches the module",
                () -> modem.onLoop(() -> connection().received()) >= before + text.length());
    }

    private TcpConnection connection() {
        return (TcpConnection) ((Bc260ySession) modem.session()).socket(0).net();
    }

    private RadioLink.State radio() {
        return modem.onLoop(() -> ((Bc260ySession) modem.session()).radio().state());
    }

    private void advance(Duration d) {
        modem.advance(d);
    }

    @Test
    void withoutPsmOrEdrxDataIsReportedAtOnceHoweverLongTheModuleWasIdle() throws Exception {
        connect();
        advance(Duration.ofHours(5));
        assertThat(radio()).isEqualTo(RadioLink.State.IDLE);
        serverSends("ping");
        modem.expectLine("+QIURC: \"recv\",0,4,ping");
    }

    @Test
    void inPsmNothingIsReportedUntilThePeriodicTau() throws Exception {
        // T3412 10 min ("00000001"), T3324 10 s ("00000101").
        modem.send("AT+CPSMS=1,,,\"00000001\",\"00000101\"").expectLine("OK");
        connect();
        advance(Duration.ofSeconds(20)); // the network releases the connection
        assertThat(radio()).isEqualTo(RadioLink.State.IDLE);
        advance(Duration.ofSeconds(10)); // the active time runs out
        assertThat(radio()).isEqualTo(RadioLink.State.PSM);
        serverSends("while asleep");
        modem.expectSilence();
        // Commands are still answered; the module's state shows the data is not reported yet.
        modem.send("AT+CSCON?").expectLine("+CSCON: 0,0").expectLine("OK");
        advance(Duration.ofMinutes(9).plusSeconds(49));
        modem.expectSilence();
        advance(Duration.ofSeconds(1)); // 10 min after the release: the module wakes for its TAU
        modem.expectLine("+QIURC: \"recv\",0,12,while asleep");
        assertThat(radio()).isEqualTo(RadioLink.State.CONNECTED);
    }

    @Test
    void sendingWakesTheModuleAndWhatWaitedFollowsTheAnswer() throws Exception {
        modem.send("AT+CPSMS=1,,,\"00100001\",\"00000000\"").expectLine("OK");
        connect();
        advance(Duration.ofSeconds(20));
        assertThat(radio()).isEqualTo(RadioLink.State.PSM);
        serverSends("news");
        serverSends(" and more");
        modem.expectSilence();
        modem.send("AT+QISEND=0,2,hi");
        modem.expectLine("OK").expectLine("SEND OK");
        modem.expectLine("+QIURC: \"recv\",0,13,news and more");
        peer.awaitReceived(2);
    }

    @Test
    void aRemoteCloseInPsmShowsRemoteClosingUntilItIsReported() throws Exception {
        modem.send("AT+CPSMS=1,,,\"00100001\",\"00000000\"").expectLine("OK");
        connect();
        advance(Duration.ofSeconds(20));
        peer.close();
        Await.until(
                "the close reaches the module",
                () -> modem.onLoop(() -> connection().state()) == io.vmodem.net.SocketState.CLOSING);
        modem.expectSilence();
        modem.send("AT+QISTATE=1,0").expectLine(stateLine(4)).expectLine("OK");
        advance(Duration.ofHours(1)); // the periodic TAU
        modem.expectLine("+QIURC: \"closed\",0");
        modem.send("AT+QISTATE=1,0").expectLine(stateLine(3)).expectLine("OK");
    }

    private String stateLine(int state) {
        return "+QISTATE: 0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0," + state + ",0,1";
    }

    @Test
    void inEdrxAnEventWaitsForTheNextPagingOccasion() throws Exception {
        modem.send("AT+CEDRXS=1,5,\"0010\"").expectLine("OK"); // 20.48 s
        connect();
        advance(Duration.ofSeconds(20));
        assertThat(radio()).isEqualTo(RadioLink.State.IDLE);
        advance(Duration.ofSeconds(5));
        serverSends("paged");
        modem.expectSilence();
        advance(Duration.ofMillis(15_470));
        modem.expectSilence();
        advance(Duration.ofMillis(10)); // 20.48 s after the release
        modem.expectLine("+QIURC: \"recv\",0,5,paged");
        // Connected again: the next packet comes at once.
        serverSends("now");
        modem.expectLine("+QIURC: \"recv\",0,3,now");
    }

    @Test
    void withPsmOnTheActiveTimeIsPagedWithTheDrxCycle() throws Exception {
        modem.send("AT+CPSMS=1,,,\"00100001\",\"00100001\"").expectLine("OK"); // active 1 min
        connect();
        advance(Duration.ofSeconds(20));
        serverSends("drx");
        modem.expectSilence();
        advance(PowerSavingTimers.DRX_CYCLE);
        modem.expectLine("+QIURC: \"recv\",0,3,drx");
    }

    @Test
    void csconReportsTheConnectionAndARaiReleasesItAfterTheSend() throws Exception {
        modem.send("AT+CSCON=1").expectLine("OK");
        modem.send("AT+CSCON?").expectLine("+CSCON: 1,1").expectLine("OK"); // since the attach
        advance(RadioLink.INACTIVITY);
        modem.expectLine("+CSCON: 0");
        modem.send("AT+CSCON?").expectLine("+CSCON: 1,0").expectLine("OK");
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+CSCON: 1").expectLine("+QIOPEN: 0,0");
        peer = server.awaitClient();
        advance(Duration.ofSeconds(19));
        modem.expectSilence();
        advance(Duration.ofSeconds(1));
        modem.expectLine("+CSCON: 0");
        modem.send("AT+QISEND=0,3,\"bye\",1");
        modem.expectLine("OK").expectLine("+CSCON: 1").expectLine("SEND OK").expectLine("+CSCON: 0");
        modem.send("AT+CSCON?").expectLine("+CSCON: 1,0").expectLine("OK");
    }

    @Test
    void raiTwoReleasesAfterTheNextDownlinkPacket() throws Exception {
        modem.send("AT+CSCON=1").expectLine("OK");
        advance(RadioLink.INACTIVITY);
        modem.expectLine("+CSCON: 0");
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"" + server.host() + "\"," + server.port());
        modem.expectLine("OK").expectLine("+CSCON: 1").expectLine("+QIOPEN: 0,0");
        peer = server.awaitClient();
        modem.send("AT+QISEND=0,3,\"req\",2").expectLine("OK").expectLine("SEND OK");
        modem.expectSilence();
        serverSends("resp");
        modem.expectLine("+QIURC: \"recv\",0,4,resp").expectLine("+CSCON: 0");
    }

    @Test
    void turningPsmOffDeliversWhatWaited() throws Exception {
        modem.send("AT+CPSMS=1,,,\"00100001\",\"00000000\"").expectLine("OK");
        connect();
        advance(Duration.ofSeconds(20));
        serverSends("kept");
        modem.expectSilence();
        modem.send("AT+CPSMS=0").expectLine("OK").expectLine("+QIURC: \"recv\",0,4,kept");
    }
}
