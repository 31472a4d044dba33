package io.vmodem.transport.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The terminal link with input piped in: LF or CR ends a line, every answer comes out. */
class StdioLinkTest {

    private static ModemFactory factory(long serial) {
        return new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), serial);
    }

    @Test
    void aPipedScriptIsAnsweredInFullAndTheLinkEndsWithItsInput() throws Exception {
        String script = "ATE0\n" // as typed at a terminal: LF only
                + "AT+CGMM\r\n" // as a driver sends it
                + "AT+QIACT=1\r" // takes the network a while: the next lines wait for its OK
                + "AT+QIACT?\n"
                + "AT+NOSUCH\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioLink link = new StdioLink(
                factory(900), new ByteArrayInputStream(script.getBytes(StandardCharsets.ISO_8859_1)), out);
        CountDownLatch ended = new CountDownLatch(1);
        link.onEnd(ended::countDown);
        link.start();
        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .startsWith("\r\nRDY\r\n\r\nAPP RDY\r\n")
                .endsWith("+QIND: PB DONE\r\n"
                        + "ATE0\r\r\nOK\r\n"
                        + "\r\nBG96\r\n\r\nOK\r\n"
                        + "\r\nOK\r\n"
                        + "\r\n+QIACT: 1,1,1,\"127.10.0.1\"\r\n\r\nOK\r\n".replace("127.10.0.1", address(out))
                        + "\r\nERROR\r\n");
    }

    /** The address the modem got, as it reported it. */
    private static String address(ByteArrayOutputStream out) {
        String s = out.toString(StandardCharsets.ISO_8859_1);
        int at = s.indexOf("+QIACT: 1,1,1,\"") + "+QIACT: 1,1,1,\"".length();
        return s.substring(at, s.indexOf('"', at));
    }

    @Test
    void aDriverOnTheOtherEndOfAPipeRunsASocketSession() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        try (TcpEchoServer echo = new TcpEchoServer()) {
            PipedInputStream stdin = new PipedInputStream(typing);
            Screen screen = new Screen();
            StdioLink link = new StdioLink(factory(910), stdin, screen);
            CountDownLatch ended = new CountDownLatch(1);
            link.onEnd(ended::countDown);
            link.start();
            screen.await("+QIND: PB DONE\r\n");
            type(typing, "ATE0\n");
            screen.await("ATE0\r\r\nOK\r\n");
            type(typing, "AT+QIACT=1;+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,1\n");
            screen.await("\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
            type(typing, "AT+QISEND=0,4\n");
            screen.await("\r\n> ");
            type(typing, "ping");
            screen.await("\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0,4\r\nping\r\n");
            typing.close();
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void type(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** What the modem printed, for a test that waits for what it expects next. */
    private static final class Screen extends OutputStream {
        private final StringBuilder unread = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            unread.append((char) (b & 0xff));
            notifyAll();
        }

        synchronized void await(String text) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (unread.indexOf(text) < 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("waited for " + text.replace("\r\n", "\\r\\n") + ", have: "
                            + unread.toString().replace("\r\n", "\\r\\n"));
                }
                wait(left);
            }
            unread.delete(0, unread.indexOf(text) + text.length());
        }
    }
}
