package io.vmodem.transport.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.pty.TtyEnd;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The serial link through jSerialComm. No adapter is plugged into a CI machine, so the "serial
 * port" is the slave of a pseudo-terminal, which jSerialComm opens like any tty; the test plays the
 * board on the master side.
 */
class SerialLinkTest {

    private static ModemFactory factory() {
        return new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 800);
    }

    @Test
    void aBoardOnTheOtherEndOfTheLineDrivesTheModem() throws Exception {
        assumeTrue(PtyLink.supported(), "the stand-in serial port is a pseudo-terminal");
        try (TcpEchoServer echo = new TcpEchoServer();
                TtyEnd board = TtyEnd.newMaster();
                SerialLink link = new SerialLink(factory(), board.path(), 115200, SerialLink.Flow.NONE)) {
            link.start();
            assertThat(board.readUntil("+QIND: PB DONE\r\n")).startsWith("\r\nRDY\r\n\r\nAPP RDY\r\n");
            board.write("ATE0\r\n");
            assertThat(board.readUntil("OK\r\n")).isEqualTo("ATE0\r\r\nOK\r\n");
            board.write("AT+QIACT=1;+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,1\r\n");
            assertThat(board.readUntil("+QIOPEN: 0,0\r\n")).isEqualTo("\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
            board.write("AT+QISEND=0\r\n");
            assertThat(board.readUntil("> ")).isEqualTo("\r\n> ");
            board.write("over the wire\u001a");
            assertThat(board.readUntil("over the wire\r\n"))
                    .isEqualTo("\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0,13\r\nover the wire\r\n");
            CompletableFuture<Long> faults = new CompletableFuture<>();
            link.modem()
                    .loop()
                    .execute(() ->
                            faults.complete(link.modem().session().engine().faults()));
            assertThat(faults.get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aDeviceThatIsNotThereIsAClearError() {
        SerialLink link = new SerialLink(factory(), "/dev/vmodem-no-such-port", 115200, SerialLink.Flow.NONE);
        assertThatThrownBy(link::start)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/dev/vmodem-no-such-port");
    }
}
