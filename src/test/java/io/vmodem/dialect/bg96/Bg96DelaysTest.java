package io.vmodem.dialect.bg96;

import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.NtpServer;
import io.vmodem.testing.peers.TcpEchoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each maximum response time of the manual as a configured delay, in virtual time: nothing comes a
 * millisecond early, the answer comes on time.
 */
class Bg96DelaysTest {
    private ModemHarness modem;

    @AfterEach
    void tearDown() {
        if (modem != null) {
            Assertions.assertThat(modem.faults()).isZero();
            modem.close();
        }
    }

    private void start(UnaryOperator<NetSettings> net, Duration responseDelay) {
        modem = new ModemHarness(
                new Bg96Dialect(),
                ModemSettings.defaults()
                        .withNet(net.apply(NetSettings.defaults()))
                        .withResponseDelay(responseDelay));
        modem.bootQuiet();
    }

    private void start(UnaryOperator<NetSettings> net) {
        start(net, Duration.ZERO);
    }

    /** Nothing for {@code d} less a millisecond, then {@code line}. */
    private void takes(Duration d, String line) {
        modem.autoAdvance(false);
        modem.advance(d.minusMillis(1));
        modem.expectSilence();
        modem.advance(Duration.ofMillis(1));
        modem.expectLine(line);
        modem.autoAdvance(true);
    }

    @Test
    void qiactTakesUpTo150Seconds() {
        start(n -> n.withActivationDelay(Duration.ofSeconds(150)));
        modem.send("AT+QIACT=1");
        takes(Duration.ofSeconds(150), "OK");
    }

    @Test
    void qideactTakesUpTo40Seconds() {
        start(n -> n.withActivationDelay(Duration.ZERO).withDeactivationDelay(Duration.ofSeconds(40)));
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIDEACT=1");
        takes(Duration.ofSeconds(40), "OK");
    }

    @Test
    void qiopenTakesUpTo150Seconds() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            start(n -> n.withOpenDelay(Duration.ofSeconds(150)));
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0")
                    .expectLine("OK");
            takes(Duration.ofSeconds(150), "+QIOPEN: 0,0");
            modem.send("AT+QIOPEN=1,1,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,2");
            takes(Duration.ofSeconds(150), "CONNECT");
        }
    }

    @Test
    void qicloseTakesTheCloseDelayOrItsTimeoutIfShorter() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            start(n -> n.withCloseDelay(Duration.ofSeconds(10)));
            modem.send("AT+QIACT=1").expectLine("OK");
            for (int id = 0; id < 2; id++) {
                modem.send("AT+QIOPEN=1," + id + ",\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0")
                        .expectLine("OK")
                        .expectLine("+QIOPEN: " + id + ",0");
            }
            modem.send("AT+QICLOSE=0");
            takes(Duration.ofSeconds(10), "OK");
            modem.send("AT+QICLOSE=1,3");
            takes(Duration.ofSeconds(3), "OK");
            // An ID that is not open answers at once.
            modem.send("AT+QICLOSE=5").expectLine("OK");
        }
    }

    @Test
    void qidnsgipTakesUpTo60Seconds() throws Exception {
        try (DnsServer dns = new DnsServer().add("www.example.test", "127.0.0.9")) {
            start(n -> n.withDnsDelay(Duration.ofSeconds(60)).withDnsPort(dns.port()));
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIDNSCFG=1,\"" + dns.host() + "\"").expectLine("OK");
            modem.send("AT+QIDNSGIP=1,\"www.example.test\"").expectLine("OK");
            Await.until("the DNS server is asked", () -> dns.queries() > 0);
            takes(Duration.ofSeconds(60), "+QIURC: \"dnsgip\",0,1,300");
            modem.expectLine("+QIURC: \"dnsgip\",\"127.0.0.9\"");
        }
    }

    @Test
    void qntpTakesUpTo125Seconds() throws Exception {
        try (NtpServer ntp = new NtpServer(Instant.parse("2013-08-19T03:10:10Z"))) {
            start(n -> n.withNtpDelay(Duration.ofSeconds(125)));
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QNTP=1,\"" + ntp.host() + "\"," + ntp.port()).expectLine("OK");
            modem.autoAdvance(false);
            modem.advance(Duration.ofMillis(124_999));
            modem.expectSilence();
            modem.advance(Duration.ofMillis(1));
            Assertions.assertThat(modem.nextLine()).startsWith("+QNTP: 0,\"2013/08/19,03:10:");
        }
    }

    @Test
    void theModuleTakesItsResponseTimeForEachCommand() throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer()) {
            start(n -> n.withActivationDelay(Duration.ZERO), Duration.ofMillis(300));
            modem.send("AT+CGMI");
            takes(Duration.ofMillis(300), "Quectel");
            modem.expectLine("OK");
            modem.send("AT+QIACT=1");
            takes(Duration.ofMillis(300), "OK");
            // The network's time comes on top: OK after the response time, then the URC.
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
            takes(Duration.ofMillis(300), "OK");
            modem.expectLine("+QIOPEN: 0,0");
            modem.send("AT+QISEND=0,2");
            modem.autoAdvance(false);
            modem.advance(Duration.ofMillis(299));
            modem.expectSilence();
            modem.advance(Duration.ofMillis(1));
            modem.expectRaw("\r\n> ");
            modem.sendRaw("hi");
            modem.expectLine("SEND OK");
        }
    }
}
