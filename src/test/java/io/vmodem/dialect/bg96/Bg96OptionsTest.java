package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.net.TcpConnection;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** AT+QICFG values that outlive a command: kept across a reboot, or applied to the sockets. */
class Bg96OptionsTest {

    @Test
    void savedOptionsSurviveARebootAndRetransmissionLimitsDoNot() {
        try (ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.bootQuiet();
            for (String set : new String[] {
                "AT+QICFG=\"transpktsize\",100",
                "AT+QICFG=\"transwaittm\",5",
                "AT+QICFG=\"dataformat\",1,1",
                "AT+QICFG=\"viewmode\",1",
                "AT+QICFG=\"tcp/retranscfg\",20,1000"
            }) {
                modem.send(set).expectLine("OK");
            }
            modem.send("AT+CFUN=1,1").expectLine("OK").expectLine("POWERED DOWN");
            while (!modem.nextLine().equals("+QIND: PB DONE")) {
                // the boot URCs
            }
            modem.send("ATE0");
            while (!modem.nextLine().equals("OK")) {
                // the echo of ATE0 itself
            }
            query(modem, "transpktsize", "100");
            query(modem, "transwaittm", "5");
            query(modem, "dataformat", "1,1");
            query(modem, "viewmode", "1");
            query(modem, "tcp/retranscfg", "8,600");
            assertThat(modem.faults()).isZero();
        }
    }

    private static void query(ModemHarness modem, String name, String value) {
        modem.send("AT+QICFG=\"" + name + "\"")
                .expectLine("+QICFG: \"" + name + "\"," + value)
                .expectLine("OK");
    }

    @Test
    void retransmissionLimitsBoundHowLongTcpDataMayGoUnacknowledged() throws Exception {
        assumeTrue(ModemHarness.host().transportName().equals("epoll"), "only epoll sockets take a TCP user timeout");
        try (TcpEchoServer echo = new TcpEchoServer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.bootQuiet();
            modem.send("AT+QIACT=1").expectLine("OK");
            modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0")
                    .expectLine("OK")
                    .expectLine("+QIOPEN: 0,0");
            // The defaults, 8 retransmissions up to 60 s apart: 1+2+4+8+16+32+60+60+60 s.
            assertThat(userTimeout(modem, 0)).isEqualTo(Duration.ofSeconds(243));
            // 3 retransmissions at most 0.5 s apart: 0.5 s four times.
            modem.send("AT+QICFG=\"tcp/retranscfg\",3,5").expectLine("OK");
            assertThat(userTimeout(modem, 0)).isEqualTo(Duration.ofMillis(2000));
            // 20 retransmissions at most 100 s apart: 1+2+...+64 s, then 100 s fourteen times.
            modem.send("AT+QICFG=\"tcp/retranscfg\",20,1000").expectLine("OK");
            assertThat(userTimeout(modem, 0)).isEqualTo(Duration.ofSeconds(127 + 14 * 100));
            assertThat(modem.faults()).isZero();
        }
    }

    private static Duration userTimeout(ModemHarness modem, int id) {
        return modem.onLoop(() -> {
            Bg96Session s = (Bg96Session) modem.session();
            return ((TcpConnection) s.socket(id).net()).userTimeout();
        });
    }
}
