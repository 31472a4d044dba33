package io.vmodem.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first repro in every send form that has a prompt, and in transparent mode: a host that
 * ends its lines with a bare CR (the V.250 default), waits for the answer and then sends data that
 * begins with LF. The LF is data; the send completes with the bytes typed, and the modem is in step
 * with the host afterwards. (The BC260Y-CN and AT+QISENDEX carry their data in the line: no prompt.)
 */
class LeadingLineFeedTest {
    private ControlledServer server;
    private UdpEchoPeer udp;
    private ModemHarness modem;

    @BeforeEach
    void peers() throws Exception {
        server = new ControlledServer();
        udp = new UdpEchoPeer();
        udp.echo(false);
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (modem != null) {
                assertThat(modem.faults()).isZero();
                modem.close();
            }
        } finally {
            server.close();
            udp.close();
        }
    }

    /** A line ended by a bare CR. */
    private ModemHarness line(String command) {
        return modem.sendRaw(command + "\r");
    }

    private String peerGot(ControlledServer.Client peer, int n) throws InterruptedException {
        return new String(peer.awaitReceived(n), StandardCharsets.ISO_8859_1);
    }

    private static String text(DatagramPacket p) {
        return new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.ISO_8859_1);
    }

    private ControlledServer.Client bg96(ModemSettings settings) throws Exception {
        modem = new ModemHarness(new Bg96Dialect(), settings).bootQuiet();
        line("AT+QIACT=1").expectLine("OK");
        line("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        return server.awaitClient();
    }

    @Test
    void bg96FixedLengthSend() throws Exception {
        ControlledServer.Client peer = bg96(ModemSettings.defaults());
        line("AT+QISEND=0,5").expectPrompt();
        modem.sendRaw("\nabcd").expectLine("SEND OK");
        assertThat(peerGot(peer, 5)).isEqualTo("\nabcd");
        line("AT").expectLine("OK"); // in step: no byte of the data is left waiting
    }

    @Test
    void bg96SendEndedByCtrlZ() throws Exception {
        ControlledServer.Client peer = bg96(ModemSettings.defaults());
        line("AT+QISEND=0").expectPrompt();
        modem.sendRaw("\nabcd\u001a").expectLine("SEND OK");
        assertThat(peerGot(peer, 5)).isEqualTo("\nabcd");
        line("AT").expectLine("OK");
    }

    @Test
    void bg96SendToAUdpServicePeer() throws Exception {
        bg96(ModemSettings.defaults());
        line("AT+QIOPEN=1,2,\"UDP SERVICE\",\"127.0.0.1\",0,0,0")
                .expectLine("OK")
                .expectLine("+QIOPEN: 2,0");
        line("AT+QISEND=2,3,\"" + udp.host() + "\"," + udp.port()).expectPrompt();
        modem.sendRaw("\nab").expectLine("SEND OK");
        assertThat(text(udp.awaitDatagram())).isEqualTo("\nab");
    }

    @Test
    void bg96WithAResponseDelayTheLfThatCameDuringItEndsTheLine() throws Exception {
        ControlledServer.Client peer = bg96(ModemSettings.defaults().withResponseDelay(Duration.ofMillis(300)));
        modem.autoAdvance(false);
        modem.sendRaw("AT+QISEND=0,5\r").sendRaw("\n"); // CR and LF in two writes, both before "> "
        modem.advance(Duration.ofMillis(300));
        modem.expectPrompt();
        modem.sendRaw("abcde").expectLine("SEND OK");
        assertThat(peerGot(peer, 5)).isEqualTo("abcde");
    }

    @Test
    void bg96TransparentModeAfterQiopenQiswtmdAndAto() throws Exception {
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        line("AT+QIACT=1").expectLine("OK");
        line("AT+QIOPEN=1,0,\"TCP\",\"" + server.host() + "\"," + server.port() + ",0,2")
                .expectLine("CONNECT");
        ControlledServer.Client peer = server.awaitClient();
        modem.autoAdvance(false);
        modem.sendRaw("\nhello");
        escape("OK");
        assertThat(peerGot(peer, 6)).isEqualTo("\nhello");
        line("AT+QISWTMD=0,2").expectLine("CONNECT");
        modem.sendRaw("\nx");
        escape("OK");
        line("ATO").expectLine("CONNECT");
        modem.sendRaw("\ny");
        escape("OK");
        assertThat(peerGot(peer, 10)).isEqualTo("\nhello\nx\ny");
    }

    private ControlledServer.Client sim7600(boolean transparent) throws Exception {
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        if (transparent) {
            line("AT+CIPMODE=1").expectLine("OK");
        }
        line("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
        line("AT+CIPOPEN=0,\"TCP\",\"" + server.host() + "\"," + server.port());
        if (transparent) {
            modem.expectLine("CONNECT 115200");
        } else {
            modem.expectLine("OK").expectLine("+CIPOPEN: 0,0");
        }
        return server.awaitClient();
    }

    @Test
    void sim7600FixedLengthSend() throws Exception {
        ControlledServer.Client peer = sim7600(false);
        line("AT+CIPSEND=0,5").expectPrompt();
        modem.sendRaw("\nabcd").expectLine("OK").expectLine("+CIPSEND: 0,5,5");
        assertThat(peerGot(peer, 5)).isEqualTo("\nabcd");
        line("AT").expectLine("OK");
    }

    @Test
    void sim7600SendEndedByCtrlZWithEtxEscapes() throws Exception {
        ControlledServer.Client peer = sim7600(false);
        line("AT+CIPSEND=0,").expectPrompt();
        modem.sendRaw("\na\u0003\u001ab\u001a").expectLine("OK").expectLine("+CIPSEND: 0,4,4");
        assertThat(peerGot(peer, 4)).isEqualTo("\na\u001ab");
        line("AT").expectLine("OK");
    }

    @Test
    void sim7600SendToAUdpPeer() throws Exception {
        sim7600(false);
        line("AT+CIPOPEN=1,\"UDP\",,,0").expectLine("+CIPOPEN: 1,0").expectLine("OK");
        line("AT+CIPSEND=1,3,\"" + udp.host() + "\"," + udp.port()).expectPrompt();
        modem.sendRaw("\nab").expectLine("OK").expectLine("+CIPSEND: 1,3,3");
        assertThat(text(udp.awaitDatagram())).isEqualTo("\nab");
    }

    @Test
    void sim7600TransparentModeAfterCipopenAndAto() throws Exception {
        ControlledServer.Client peer = sim7600(true);
        modem.autoAdvance(false);
        modem.sendRaw("\nhello");
        escape("OK");
        line("ATO").expectLine("CONNECT 115200");
        modem.sendRaw("\nx");
        escape("OK");
        assertThat(peerGot(peer, 8)).isEqualTo("\nhello\nx");
    }

    /** +++ with more than a second of silence around it. */
    private void escape(String answer) {
        modem.advance(Duration.ofMillis(1100));
        modem.sendRaw("+++");
        modem.advance(Duration.ofMillis(1100));
        modem.expectLine(answer);
    }

    @Test
    void theBytesTypedReachThePeerAndNothingElse() throws Exception {
        ControlledServer.Client peer = bg96(ModemSettings.defaults());
        line("AT+QISEND=0,2").expectPrompt();
        modem.sendRaw("\n\n").expectLine("SEND OK");
        line("AT+QISEND=0,1").expectPrompt();
        modem.sendRaw("X").expectLine("SEND OK");
        assertThat(Arrays.copyOf(peer.awaitReceived(3), 3)).containsExactly('\n', '\n', 'X');
    }
}
