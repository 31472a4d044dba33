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
