package io.vmodem.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.MemoryPort;
import io.vmodem.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The online session learns when online mode begins, so it can send what waited for CONNECT. */
class OnlineEntryTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final MemoryPort port = new MemoryPort();
    private AtEngine engine;

    private final OnlineSession session = new OnlineSession() {
        @Override
        public void entered() {
            byte[] waiting = "waiting".getBytes(StandardCharsets.ISO_8859_1);
            engine.toDte(waiting, 0, waiting.length);
        }

        @Override
        public void fromDte(byte[] data, int offset, int length) {}

        @Override
        public void escaped() {}
    };

    @Test
    void anLfThatComesAfterConnectIsData() {
        setUp(new OnlineSession() {
            @Override
            public void fromDte(byte[] data, int offset, int length) {
                typed.append(new String(data, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void escaped() {}
        });
        type("AT+ONLINE\r");
        assertThat(port.take()).isEqualTo("\r\nCONNECT\r\n");
        type("\n\ndata\n");
        assertThat(typed).hasToString("\n\ndata\n");
    }

    @Test
    void anLfInTheSameReadAsTheCommandsCrIsNotData() {
        setUp(new OnlineSession() {
            @Override
            public void fromDte(byte[] data, int offset, int length) {
                typed.append(new String(data, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void escaped() {}
        });
        type("AT+ONLINE\r\nx");
        assertThat(port.take()).isEqualTo("\r\nCONNECT\r\n");
        assertThat(typed).hasToString("x");
    }

    private final StringBuilder typed = new StringBuilder();

    private void type(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        engine.receive(b, 0, b.length);
    }

    private void setUp(OnlineSession s) {
        CommandTable<Object> table = CommandTable.builder()
                .add(AtCommand.named("+ONLINE")
                        .exec((c, call) -> Reply.connect("", s))
                        .build())
                .build();
        engine = new AtEngine(
                time,
                port,
                table.bind(new Object()),
                AtSettings.factory().echo(false),
                code -> "",
                EscapeRule.WITHIN_ONE_SECOND);
        engine.powerOn();
    }

    @Test
    void dataThatWaitedForConnectFollowsIt() {
        CommandTable<Object> table = CommandTable.builder()
                .add(AtCommand.named("+ONLINE")
                        .exec((c, call) -> Reply.connect("", session))
                        .build())
                .build();
        engine = new AtEngine(
                time,
                port,
                table.bind(new Object()),
                AtSettings.factory().echo(false),
                code -> "",
                EscapeRule.WITHIN_ONE_SECOND);
        engine.powerOn();
        byte[] line = "AT+ONLINE\r".getBytes(StandardCharsets.ISO_8859_1);
        engine.receive(line, 0, line.length);
        assertThat(port.take()).isEqualTo("\r\nCONNECT\r\nwaiting");
        assertThat(engine.isOnline()).isTrue();
    }

    /**
     * A session that ends online mode itself once it has its bytes (a file upload): its reply comes,
     * and what the host wrote after the data, in the same write or a later one, is command input.
     */
    @Test
    void bytesAfterTheDataASessionTookAreCommandsAgain() {
        setUp(new OnlineSession() {
            @Override
            public void fromDte(byte[] data, int offset, int length) {
                int n = Math.min(5 - typed.length(), length);
                typed.append(new String(data, offset, n, StandardCharsets.ISO_8859_1));
                if (typed.length() == 5) {
                    engine.leaveOnline(Reply.of(Final.OK, "+DONE: 5"), data, offset + n, length - n);
                }
            }

            @Override
            public void escaped() {}
        });
        type("AT+ONLINE\r");
        assertThat(port.take()).isEqualTo("\r\nCONNECT\r\n");
        type("ab");
        type("cdeAT\rAT+ONLINE\r");
        assertThat(typed).hasToString("abcde");
        assertThat(port.take()).isEqualTo("\r\n+DONE: 5\r\n\r\nOK\r\n\r\nOK\r\n\r\nCONNECT\r\n");
        assertThat(engine.isOnline()).isTrue();
    }

    /** Escape characters held back by the +++ detector reach the command line once the data has ended. */
    @Test
    void heldPlusesAfterTheDataAreCommandInput() {
        setUp(new OnlineSession() {
            @Override
            public void fromDte(byte[] data, int offset, int length) {
                int n = Math.min(2 - typed.length(), length);
                typed.append(new String(data, offset, n, StandardCharsets.ISO_8859_1));
                if (typed.length() == 2) {
                    engine.leaveOnline(Reply.of(Final.OK), data, offset + n, length - n);
                }
            }

            @Override
            public void escaped() {}
        });
        type("AT+ONLINE\r");
        port.take();
        time.advance(java.time.Duration.ofSeconds(2));
        type("++");
        type("+AT\r"); // A breaks the escape: two held pluses end the data, the third and AT are input
        assertThat(typed).hasToString("++");
        assertThat(port.take()).isEqualTo("\r\nOK\r\n\r\nOK\r\n");
        assertThat(engine.isOnline()).isFalse();
    }
}
