package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.Dialects;
import io.vmodem.testing.ModemHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** SIM7600 behaviours a transcript cannot show byte for byte or that need special settings. */
class Sim7600SessionTest {

    @Test
    void theDialectIsRegisteredUnderItsCommandLineName() {
        assertThat(Dialects.find("SIM7600")).isInstanceOf(Sim7600Dialect.class);
        assertThat(Dialects.names()).contains("sim7600");
    }

    @Test
    void powerUpPrintsTheUrcsAndEchoesCommands() {
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect())) {
            assertThat(modem.boot()).isEqualTo("\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
            modem.send("AT");
            modem.expectRaw("AT\r\r\nOK\r\n");
        }
    }

    @Test
    void theClockReadsInSimcomFormat() {
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            modem.send("AT+CCLK?");
            assertThat(modem.nextLine()).matches("\\+CCLK: \"\\d{2}/\\d{2}/\\d{2},\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}\"");
            modem.expectLine("OK");
        }
    }

    @Test
    void netopenGivesUpAfterItsTimeoutAndCanOpenAgain() {
        NetSettings slow = NetSettings.defaults().withActivationDelay(Duration.ofSeconds(100));
        try (ModemHarness modem =
                new ModemHarness(new Sim7600Dialect(), ModemSettings.defaults().withNet(slow)).bootQuiet()) {
            modem.send("AT+CIPTIMEOUT=3000");
            modem.expectLine("OK");
            modem.send("AT+NETOPEN");
            modem.expectLine("OK");
            modem.expectLine("+NETOPEN: 10");
            modem.send("AT+NETOPEN?");
            modem.expectLine("+NETOPEN: 0").expectLine("OK");
            modem.advance(Duration.ofSeconds(1));
            modem.send("AT+CIPTIMEOUT=120000");
            modem.expectLine("OK");
            modem.send("AT+NETOPEN");
            modem.expectLine("OK");
            modem.expectLine("+NETOPEN: 0");
            assertThat(modem.faults()).isZero();
        }
    }

    @Test
    void withSendModeOneTheReportWaitsForTheAckAndASecondSendIsBusy() throws Exception {
        try (ServerSocket peer = new ServerSocket();
                ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            // A peer that never reads, with a tiny receive window: what it does not take stays unacknowledged.
            peer.setReceiveBufferSize(2048);
            peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(peer.accept());
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            modem.send("AT+CIPTIMEOUT=,,3000").expectLine("OK");
            modem.send("AT+CIPSENDMODE=1").expectLine("OK");
            modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
            modem.send("AT+CIPOPEN=0,\"TCP\",\"127.0.0.1\"," + peer.getLocalPort())
                    .expectLine("OK")
                    .expectLine("+CIPOPEN: 0,0");
            byte[] block = new byte[1500];
            modem.send("AT+CIPSEND=0,1500").expectRaw("\r\n> ");
            byte[] burst = java.util.Arrays.copyOf(block, 1500 + 16);
            System.arraycopy("AT+CIPSEND=0,5\r\n".getBytes(StandardCharsets.US_ASCII), 0, burst, 1500, 16);
            modem.sendRaw(burst);
            modem.expectLine("OK").expectLine("+CIPERROR: 8").expectLine("ERROR");
            String report = modem.nextLine();
            int sends = 1;
            while (report.equals("+CIPSEND: 0,1500,1500")) {
                assertThat(sends++).as("sends before the peer's window fills").isLessThan(2000);
                modem.send("AT+CIPSEND=0,1500").expectRaw("\r\n> ");
                modem.sendRaw(block);
                modem.expectLine("OK");
                report = modem.nextLine();
            }
            assertThat(report).isEqualTo("+CIPSEND: 0,1500,0");
            modem.expectLine("+IPCLOSE: 0,2");
            modem.send("AT+CIPCLOSE?")
                    .expectLine("+CIPCLOSE: 0,0,0,0,0,0,0,0,0,0")
                    .expectLine("OK");
            assertThat(modem.faults()).isZero();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aServerRefusesAClientWhenEveryLinkIsTaken() throws Exception {
        try (ModemHarness modem = new ModemHarness(new Sim7600Dialect()).bootQuiet()) {
            modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
            for (int link = 1; link < Sim7600Session.LINKS; link++) {
                modem.send("AT+CIPOPEN=" + link + ",\"UDP\",,,0")
                        .expectLine("+CIPOPEN: " + link + ",0")
                        .expectLine("OK");
            }
            modem.send("AT+SERVERSTART=0,2").expectLine("OK");
            modem.send("AT+SERVERSTART?");
            int port = Integer.parseInt(modem.nextLine().substring("+SERVERSTART: 2,".length()));
            modem.expectLine("OK");
            modem.send("AT+IPADDR");
            InetAddress address = InetAddress.getByName(modem.nextLine().substring("+IPADDR: ".length()));
            modem.expectLine("OK");
            try (Socket first = new Socket(address, port);
                    Socket second = new Socket(address, port)) {
                assertThat(first.isConnected()).isTrue();
                assertThat(modem.nextLine()).startsWith("+CLIENT: 0,2,");
                second.setSoTimeout(10_000);
                assertThat(second.getInputStream().read())
                        .as("the refused client is closed")
                        .isEqualTo(-1);
                modem.expectSilence();
            }
            assertThat(modem.faults()).isZero();
        }
    }
}
