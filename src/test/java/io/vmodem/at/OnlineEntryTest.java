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
}
