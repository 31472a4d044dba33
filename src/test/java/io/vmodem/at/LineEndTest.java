package io.vmodem.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.runtime.UartPacing;
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
 * The LF after a command's CR, as the hardware sees it: it is the end of the line when it reached
 * the modem before the answer (the prompt, CONNECT) reached the host; after that every byte is data.
 * The same rule for fixed-length, Ctrl+Z-ended and ETX-escaped data entry and for online mode.
 */
class LineEndTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final MemoryPort port = new MemoryPort();
    private final List<byte[]> sent = new ArrayList<>();
    private final ByteArrayOutputStream online = new ByteArrayOutputStream();
    private CommandTable<Object> table;
    private AtEngine engine;

    private final OnlineSession session = new OnlineSession() {
        @Override
        public void fromDte(byte[] data, int offset, int length) {
            online.write(data, offset, length);
        }

        @Override
        public void escaped() {}
    };

    @BeforeEach
    void setUp() {
        table = CommandTable.builder()
                .addAll(V250Commands.commands())
                .add(AtCommand.named("+SEND")
                        .set((c, call) -> Reply.prompt(DataEntry.fixed(call.intArg(0, 1, 1460), this::sent)))
                        .exec((c, call) -> Reply.prompt(DataEntry.untilCtrlZ(1460, this::sent)))
                        .build())
                .add(AtCommand.named("+SENDX")
                        .exec((c, call) -> Reply.prompt(DataEntry.untilCtrlZWithEtx(1500, this::sent)))
                        .build())
                .add(AtCommand.named("+SLOWSEND")
                        .set((c, call) -> {
                            int n = call.intArg(0, 1, 1460);
                            return Reply.after(
                                    Duration.ofMillis(300), () -> Reply.prompt(DataEntry.fixed(n, this::sent)));
                        })
                        .build())
                .add(AtCommand.named("+ONLINE")
                        .exec((c, call) -> Reply.connect("", session))
                        .build())
                .build();
        engine = engine(port);
        send("ATE0\r");
        port.take();
    }

    private AtEngine engine(DtePort link) {
        AtEngine e = new AtEngine(
                time, link, table.bind(new Object()), AtSettings.factory(), code -> "", EscapeRule.WITHIN_ONE_SECOND);
        e.powerOn();
        return e;
    }

    private Reply sent(byte[] data) {
        sent.add(data);
        return Reply.text("SEND OK");
    }

    private String send(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        engine.receive(b, 0, b.length);
        return port.take();
    }

    private String lastSent() {
        return new String(sent.get(sent.size() - 1), StandardCharsets.ISO_8859_1);
    }

    @Test
    void anLfInTheSameReadAsTheCrEndsTheLine() {
        assertThat(send("AT+SEND=4\r\nabcd")).isEqualTo("\r\n> \r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("abcd");
    }

    @Test
    void anLfThatComesAfterThePromptIsData() {
        // The repro: a host that ends lines with a bare CR and whose data begins with LF.
        assertThat(send("AT+SEND=5\r")).isEqualTo("\r\n> ");
        assertThat(send("\nabcd")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\nabcd");
        assertThat(send("AT\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void theSameRuleForCtrlZEndedAndEtxEscapedData() {
        assertThat(send("AT+SEND\r")).isEqualTo("\r\n> ");
        assertThat(send("\nx\u001a")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\nx");
        assertThat(send("AT+SENDX\r")).isEqualTo("\r\n> ");
        assertThat(send("\n\u0003\u001a\u001a")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\n\u001a");
        send("AT+SENDX\r\n\n\u001a");
        assertThat(lastSent()).isEqualTo("\n");
    }

    @Test
    void anLfThatArrivesWhileTheAnswerIsDelayedCameBeforeIt() {
        assertThat(send("AT+SLOWSEND=3\r")).isEmpty();
        assertThat(send("\n")).isEmpty();
        time.advance(Duration.ofMillis(300));
        assertThat(port.take()).isEqualTo("\r\n> ");
        assertThat(send("abc")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("abc");

        assertThat(send("AT+SLOWSEND=3\r")).isEmpty();
        time.advance(Duration.ofMillis(300));
        assertThat(port.take()).isEqualTo("\r\n> ");
        assertThat(send("\nab")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\nab");
    }

    @Test
    void withS3AsLfNoLfIsSwallowed() {
        send("ATS3=10\r");
        port.take();
        send("AT+SEND=3\n\nab");
        assertThat(lastSent()).isEqualTo("\nab");
    }

    @Test
    void onlineModeFollowsTheSameRule() {
        assertThat(send("AT+ONLINE\r\nxy")).isEqualTo("\r\nCONNECT\r\n");
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("xy");
        engine.leaveOnline(Final.NO_CARRIER);
        online.reset();
        assertThat(send("\r\nAT+ONLINE\r")).isEqualTo("\r\nNO CARRIER\r\n\r\nCONNECT\r\n");
        send("\nab\n");
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\nab\n");
    }

    @Test
    void theStrayCtrlZAfterFixedLengthDataIsSwallowedAndNeverReachesTheNextData() {
        send("ATE1\r");
        port.take();
        assertThat(send("AT+SEND=2\r\nab")).isEqualTo("AT+SEND=2\r\r\n> ab\r\nSEND OK\r\n");
        assertThat(send("\u001a")).isEmpty(); // not even echoed
        assertThat(send("AT+SEND=2\r\n")).isEqualTo("AT+SEND=2\r\r\n> ");
        assertThat(send("\u001a\n")).isEqualTo("\u001a\n\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\u001a\n");
    }

    // ---- behind a paced UART: "before the answer" is in the line's time ----

    private static final int BAUD = 115_200;
    private static final long BYTE_NANOS = 1_000_000_000L * UartPacing.BITS_PER_BYTE / BAUD;

    private UartPacing paced() {
        UartPacing uart = new UartPacing(time, BAUD, port);
        engine = engine(uart);
        uart.attach(engine::receive, engine::outputWritable);
        type(uart, "ATE0\r");
        time.advanceMillis(10);
        port.take();
        return uart;
    }

    private static void type(UartPacing uart, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        uart.fromDte(b, 0, b.length);
    }

    @Test
    void behindAPacedUartAnLfSentBeforeThePromptCrossedIsTheLineEnd() {
        UartPacing uart = paced();
        type(uart, "AT+SEND=3\r");
        time.advance(Duration.ofNanos(10 * BYTE_NANOS + BYTE_NANOS / 2)); // the CR is in, the prompt on its way
        assertThat(port.take()).isEmpty();
        type(uart, "\nabc"); // sent before the host could have seen "> "
        time.advanceMillis(10);
        assertThat(port.take()).isEqualTo("\r\n> \r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("abc");
    }

    @Test
    void behindAPacedUartAnLfSentAfterThePromptArrivedIsData() {
        UartPacing uart = paced();
        type(uart, "AT+SEND=3\r");
        time.advanceMillis(5);
        assertThat(port.take()).isEqualTo("\r\n> ");
        type(uart, "\nab");
        time.advanceMillis(5);
        assertThat(port.take()).isEqualTo("\r\nSEND OK\r\n");
        assertThat(lastSent()).isEqualTo("\nab");
    }
}
