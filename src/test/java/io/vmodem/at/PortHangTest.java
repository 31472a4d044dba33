package io.vmodem.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.MemoryPort;
import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AT port hanging (the port-hang fault) in the engine: nothing reaches the host while it hangs,
 * in any mode; the host's input is lost or kept as asked; what the engine had started waits and
 * comes out in order when the port answers again; a power-off forgets it, and the hang outlives it.
 */
class PortHangTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final MemoryPort port = new MemoryPort();
    private final List<byte[]> sent = new ArrayList<>();
    private final ByteArrayOutputStream online = new ByteArrayOutputStream();
    private AtEngine engine;

    @BeforeEach
    void setUp() {
        OnlineSession session = new OnlineSession() {
            @Override
            public void fromDte(byte[] data, int offset, int length) {
                online.write(data, offset, length);
            }

            @Override
            public void escaped() {}
        };
        CommandTable<Object> table = CommandTable.builder()
                .addAll(V250Commands.commands())
                .add(AtCommand.named("+TEST")
                        .read((c, call) -> Reply.ok("+TEST: 1"))
                        .build())
                .add(AtCommand.named("+DELAY")
                        .exec((c, call) -> Reply.after(Duration.ofSeconds(2), () -> Reply.ok("+DELAY: done")))
                        .build())
                .add(AtCommand.named("+SEND")
                        .set((c, call) -> Reply.prompt(DataEntry.fixed(call.intArg(0, 1, 100), data -> {
                            sent.add(data);
                            return Reply.text("SEND OK");
                        })))
                        .build())
                .add(AtCommand.named("+ONLINE")
                        .exec((c, call) -> Reply.connect("", session))
                        .build())
                .build();
        engine = new AtEngine(
                time, port, table.bind(new Object()), AtSettings.factory(), code -> "", EscapeRule.WITHIN_ONE_SECOND);
        engine.powerOn();
        send("ATE0\r");
    }

    private String send(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        engine.receive(b, 0, b.length);
        return port.take();
    }

    @Test
    void droppedInputIsNeverAnsweredAndUrcsWaitForThePort() {
        engine.hang(false);
        assertThat(send("AT+TEST?\r")).isEmpty();
        engine.urc("+URC: 1");
        assertThat(port.take()).isEmpty();
        engine.stopHanging();
        assertThat(port.take()).isEqualTo("\r\n+URC: 1\r\n");
        assertThat(send("AT+TEST?\r")).isEqualTo("\r\n+TEST: 1\r\n\r\nOK\r\n");
    }

    @Test
    void keptInputIsAnsweredWhenThePortAnswersAgainAfterWhatWasStartedBefore() {
        assertThat(send("AT+DELAY\r")).isEmpty();
        engine.hang(true);
        send("AT+TEST?\r");
        time.advance(Duration.ofSeconds(2)); // the delayed answer is due while the port hangs
        engine.urc("+URC: 2");
        assertThat(port.take()).isEmpty();
        engine.stopHanging();
        assertThat(port.take()).isEqualTo("\r\n+DELAY: done\r\n\r\nOK\r\n\r\n+TEST: 1\r\n\r\nOK\r\n\r\n+URC: 2\r\n");
    }

    @Test
    void dataAfterThePromptWaitsWhenKeptAndIsLostWhenDropped() {
        assertThat(send("AT+SEND=5\r")).isEqualTo("\r\n> ");
        engine.hang(true);
        send("hello");
        assertThat(sent).isEmpty();
        engine.stopHanging();
        assertThat(sent).hasSize(1);
        assertThat(port.take()).isEqualTo("\r\nSEND OK\r\n");

        assertThat(send("AT+SEND=5\r")).isEqualTo("\r\n> ");
        engine.hang(false);
        send("lost!");
        engine.stopHanging();
        assertThat(sent).hasSize(1);
        send("hello");
        assertThat(new String(sent.get(1), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
    }

    @Test
    void onlineDataStopsBothWaysWhileThePortHangs() {
        assertThat(send("AT+ONLINE\r")).isEqualTo("\r\nCONNECT\r\n");
        engine.hang(true);
        send("to the peer");
        assertThat(online.size()).isZero();
        assertThat(engine.dteWritable()).isFalse();
        engine.stopHanging();
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("to the peer");
        assertThat(engine.dteWritable()).isTrue();
    }

    @Test
    void aPowerOffForgetsWhatWaitedAndTheHangOutlivesIt() {
        send("AT+DELAY\r");
        engine.hang(false);
        time.advance(Duration.ofSeconds(2));
        engine.powerOff();
        engine.powerOn();
        engine.urc("RDY");
        assertThat(port.take()).isEmpty();
        assertThat(engine.hanging()).isTrue();
        engine.stopHanging();
        assertThat(port.take()).isEqualTo("\r\nRDY\r\n");
    }

    @Test
    void aPortThatDoesNotHangPassesEverythingAsBefore() {
        engine.stopHanging();
        assertThat(engine.hanging()).isFalse();
        assertThat(send("AT+TEST?\r")).isEqualTo("\r\n+TEST: 1\r\n\r\nOK\r\n");
    }
}
