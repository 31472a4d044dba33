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

class AtEngineTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final MemoryPort port = new MemoryPort();
    private final List<Deferred> pending = new ArrayList<>();
    private final ByteArrayOutputStream online = new ByteArrayOutputStream();
    private final List<byte[]> sent = new ArrayList<>();
    private int escapes;
    private AtEngine engine;

    private final OnlineSession session = new OnlineSession() {
        @Override
        public void fromDte(byte[] data, int offset, int length) {
            online.write(data, offset, length);
        }

        @Override
        public void escaped() {
            escapes++;
        }
    };

    @BeforeEach
    void setUp() {
        CommandTable<Object> table = CommandTable.builder()
                .addAll(V250Commands.commands())
                .add(AtCommand.named("+CMEE")
                        .set((c, call) -> {
                            call.settings().cmee(AtSettings.CmeeMode.values()[call.intArg(0, 0, 2)]);
                            return Reply.ok();
                        })
                        .build())
                .add(AtCommand.named("+TEST")
                        .test("+TEST: (0-9)")
                        .read((c, call) -> Reply.ok("+TEST: 1"))
                        .set((c, call) -> Reply.ok("+TEST: set " + call.intArg(0, 0, 9) + "," + call.stringArg(1, "-")))
                        .exec((c, call) -> Reply.ok())
                        .build())
                .add(AtCommand.named("+CME")
                        .set((c, call) -> Reply.cme(call.intArg(0, 0, 999)))
                        .build())
                .add(AtCommand.named("+LATER")
                        .exec((c, call) -> Reply.later(pending::add))
                        .build())
                .add(AtCommand.named("+DELAY")
                        .exec((c, call) -> Reply.after(Duration.ofSeconds(2), () -> Reply.ok("+DELAY: done")))
                        .build())
                .add(AtCommand.named("+SEND")
                        .set((c, call) -> Reply.prompt(DataEntry.fixed(call.intArg(0, 1, 1460), this::sent)))
                        .exec((c, call) -> Reply.prompt(DataEntry.untilCtrlZ(1460, this::sent)))
                        .build())
                .add(AtCommand.named("+SENDX")
                        .exec((c, call) -> Reply.prompt(DataEntry.untilCtrlZWithEtx(1500, this::sent)))
                        .build())
                .add(AtCommand.named("+ONLINE")
                        .exec((c, call) -> Reply.connect("", session))
                        .build())
                .add(AtCommand.named("+BOOM")
                        .exec((c, call) -> {
                            throw new IllegalStateException("handler bug");
                        })
                        .build())
                .add(AtCommand.named("+RAW")
                        .set((c, call) -> Reply.ok("+RAW: [" + call.raw() + "]"))
                        .restOfLine()
                        .build())
                .build();
        engine = new AtEngine(
                time,
                port,
                table.bind(new Object()),
                AtSettings.factory(),
                code -> "text of " + code,
                EscapeRule.WITHIN_ONE_SECOND);
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

    @Test
    void echoIsOnAfterPowerUpAndTheLineFeedAfterCrIsDropped() {
        assertThat(send("AT\r")).isEqualTo("AT\r\r\nOK\r\n");
        assertThat(send("AT\r\n")).isEqualTo("AT\r\r\nOK\r\n");
        assertThat(send("ATE0\r\n")).isEqualTo("ATE0\r\r\nOK\r\n");
        assertThat(send("AT\r\n")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void numericAndQuietResultCodes() {
        send("ATE0\r");
        assertThat(send("ATV0\r")).isEqualTo("0\r");
        assertThat(send("AT+TEST?\r")).isEqualTo("+TEST: 1\r\n0\r");
        assertThat(send("AT+NOPE\r")).isEqualTo("4\r");
        assertThat(send("ATV1Q1\r")).isEmpty();
        assertThat(send("AT+TEST?\r")).isEqualTo("\r\n+TEST: 1\r\n");
        assertThat(send("ATQ0\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void chainedCommandsAnswerOnceAndStopAtTheFirstError() {
        send("ATE0\r");
        assertThat(send("AT+TEST?;+TEST=3,\"a;b\"\r")).isEqualTo("\r\n+TEST: 1\r\n\r\n+TEST: set 3,a;b\r\n\r\nOK\r\n");
        assertThat(send("AT+TEST?;+CME=3;+TEST=?\r")).isEqualTo("\r\n+TEST: 1\r\n\r\nERROR\r\n");
        assertThat(send("AT&FE0V1Q0X4\r")).isEqualTo("\r\nOK\r\n");
        assertThat(send("ATE0 ; +TEST = ?\r")).isEqualTo("\r\n+TEST: (0-9)\r\n\r\nOK\r\n");
    }

    @Test
    void cmeeSelectsPlainNumericOrVerboseErrors() {
        send("ATE0\r");
        assertThat(send("AT+CME=50\r")).isEqualTo("\r\nERROR\r\n");
        send("AT+CMEE=1\r");
        assertThat(send("AT+CME=50\r")).isEqualTo("\r\n+CME ERROR: 50\r\n");
        send("AT+CMEE=2\r");
        assertThat(send("AT+CME=50\r")).isEqualTo("\r\n+CME ERROR: text of 50\r\n");
        assertThat(send("AT+UNKNOWN\r")).isEqualTo("\r\nERROR\r\n");
    }

    @Test
    void lowerCaseSpacesEmptyParametersAndRepeat() {
        send("ATE0\r");
        assertThat(send("at+test=4, \"x\"\r")).isEqualTo("\r\n+TEST: set 4,x\r\n\r\nOK\r\n");
        assertThat(send("AT+TEST=5,\r")).isEqualTo("\r\n+TEST: set 5,-\r\n\r\nOK\r\n");
        assertThat(send("A/")).isEqualTo("\r\n+TEST: set 5,-\r\n\r\nOK\r\n");
        assertThat(send("AT+TEST=12\r")).isEqualTo("\r\nERROR\r\n");
        assertThat(send("AT+TEST=1\b2\r")).isEqualTo("\r\n+TEST: set 2,-\r\n\r\nOK\r\n");
    }

    @Test
    void restOfLineCommandsSeeTheirDataRaw() {
        send("ATE0\r");
        assertThat(send("AT+RAW=0,17,\"{\"a\":\"b;c\"}\"\r"))
                .isEqualTo("\r\n+RAW: [0,17,\"{\"a\":\"b;c\"}\"]\r\n\r\nOK\r\n");
    }

    @Test
    void laterCommandsHoldFollowingLinesAndUrcsUntilTheyComplete() {
        send("ATE0\r");
        assertThat(send("AT+LATER;+TEST?\r")).isEmpty();
        engine.urc("+URC: 1");
        assertThat(send("AT+TEST=1\r")).isEmpty();
        pending.get(0).complete(Reply.ok("+LATER: 0"));
        assertThat(port.take())
                .isEqualTo(
                        "\r\n+LATER: 0\r\n\r\n+TEST: 1\r\n\r\nOK\r\n\r\n+TEST: set 1,-\r\n\r\nOK\r\n\r\n+URC: 1\r\n");
    }

    @Test
    void delaysRunInVirtualTime() {
        send("ATE0\r");
        assertThat(send("AT+DELAY\r")).isEmpty();
        time.advanceMillis(1999);
        assertThat(port.take()).isEmpty();
        time.advanceMillis(1);
        assertThat(port.take()).isEqualTo("\r\n+DELAY: done\r\n\r\nOK\r\n");
    }

    @Test
    void urcsWaitWhileALineIsBeingTyped() {
        send("ATE0\r");
        engine.urc("+URC: a");
        assertThat(port.take()).isEqualTo("\r\n+URC: a\r\n");
        send("AT+TE");
        engine.urc("+URC: b");
        assertThat(port.take()).isEmpty();
        assertThat(send("ST?\r")).isEqualTo("\r\n+TEST: 1\r\n\r\nOK\r\n\r\n+URC: b\r\n");
    }

    @Test
    void aUrcMayWriteRawBytesWithoutFraming() {
        send("ATE0\r");
        byte[] data = {'h', 'i', 0, (byte) 0xff};
        engine.urc(out -> {
            out.raw(data, 0, data.length);
            return true;
        });
        engine.urc("+URC: after");
        assertThat(port.take()).isEqualTo("hi\u0000\u00ff\r\n+URC: after\r\n");
    }

    @Test
    void fixedLengthDataDropsTheLineFeedAndSwallowsAStrayCtrlZ() {
        send("ATE0\r");
        assertThat(send("AT+SEND=5\r\n")).isEqualTo("\r\n> ");
        assertThat(send("ab\u001a")).isEmpty();
        assertThat(send("\r\n\u001aAT\r")).isEqualTo("\r\nSEND OK\r\n\r\nOK\r\n");
        assertThat(new String(sent.get(0), StandardCharsets.ISO_8859_1)).isEqualTo("ab\u001a\r\n");
    }

    @Test
    void dataEntryEchoesWhenEchoIsOn() {
        assertThat(send("AT+SEND=4\r\n")).isEqualTo("AT+SEND=4\r\r\n> ");
        assertThat(send("test")).isEqualTo("test\r\nSEND OK\r\n");
    }

    @Test
    void ctrlZEndsDataAndEscCancels() {
        send("ATE0\r");
        assertThat(send("AT+SEND\r\n")).isEqualTo("\r\n> ");
        assertThat(send("line\u001a")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(new String(sent.get(0), StandardCharsets.ISO_8859_1)).isEqualTo("line");
        send("AT+SEND\r");
        assertThat(send("abc\u001b")).isEqualTo("\r\nERROR\r\n");
        assertThat(sent).hasSize(1);
    }

    @Test
    void etxEscapesCtrlZEscAndEtx() {
        send("ATE0\r");
        send("AT+SENDX\r");
        assertThat(send("a\u0003\u001ab\u0003\u001bc\u0003\u0003d\u001a")).isEqualTo("\r\nSEND OK\r\n");
        assertThat(sent.get(0)).containsExactly('a', 0x1a, 'b', 0x1b, 'c', 0x03, 'd');
    }

    @Test
    void onlineModePassesBytesAndLeavesOnGuardedEscape() {
        send("ATE0\r");
        assertThat(send("AT+ONLINE\r")).isEqualTo("\r\nCONNECT\r\n");
        send("hello+++world");
        time.advanceMillis(1000);
        assertThat(send("+")).isEmpty();
        time.advanceMillis(100);
        send("+");
        time.advanceMillis(100);
        send("+");
        time.advanceMillis(999);
        assertThat(port.take()).isEmpty();
        time.advanceMillis(1);
        assertThat(port.take()).isEqualTo("\r\nOK\r\n");
        assertThat(escapes).isEqualTo(1);
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello+++world");
        assertThat(send("AT\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void anLfAfterConnectIsDataOneInTheSameReadAsTheCrIsNot() {
        send("ATE0\r");
        assertThat(send("AT+ONLINE\r")).isEqualTo("\r\nCONNECT\r\n");
        send("\nab\n"); // CONNECT went out before it came: data
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\nab\n");
        time.advanceMillis(1500);
        send("+++");
        time.advanceMillis(1500);
        port.take();
        online.reset();
        assertThat(send("AT+ONLINE\r\nxy")).isEqualTo("\r\nCONNECT\r\n");
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("xy");
    }

    @Test
    void escapeCharactersThatTimeOutOrAreFollowedTooSoonAreData() {
        send("ATE0\r");
        send("AT+ONLINE\r");
        time.advanceMillis(1500);
        send("++");
        time.advanceMillis(1500); // the third never came: the two are data
        send("x");
        time.advanceMillis(1500);
        send("+++");
        time.advanceMillis(500);
        send("y"); // silence after was too short
        time.advanceMillis(5000);
        assertThat(online.toString(StandardCharsets.ISO_8859_1)).isEqualTo("++x+++y");
        assertThat(escapes).isZero();
        engine.toDte("net".getBytes(StandardCharsets.ISO_8859_1), 0, 3);
        engine.leaveOnline(Final.NO_CARRIER);
        assertThat(port.take()).isEqualTo("net\r\nNO CARRIER\r\n");
    }

    @Test
    void dtrDropLeavesOnlineModeWithAndD1() {
        send("ATE0\r");
        send("AT&D1\r");
        send("AT+ONLINE\r");
        engine.dtr(false);
        assertThat(port.take()).isEqualTo("\r\nOK\r\n");
        assertThat(escapes).isEqualTo(1);
    }

    @Test
    void aFailingHandlerAnswersErrorAndTheEngineStaysResponsive() {
        send("ATE0\r");
        assertThat(send("AT+BOOM\r")).isEqualTo("\r\nERROR\r\n");
        assertThat(engine.faults()).isEqualTo(1);
        assertThat(send("AT\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void sRegistersChangeFramingAndReadAsThreeDigits() {
        send("ATE0\r");
        assertThat(send("ATS3?\r")).isEqualTo("\r\n013\r\n\r\nOK\r\n");
        assertThat(send("ATS4=13\r")).isEqualTo("\r\rOK\r\r");
        send("ATS4=10\r");
        assertThat(send("ATS99=1\r")).isEqualTo("\r\nERROR\r\n");
        assertThat(send("ATS12=100\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void resetProfilesWithZAndF() {
        send("ATE0V0\r");
        assertThat(send("AT&W\r")).isEqualTo("0\r");
        send("ATV1\r");
        assertThat(send("ATZ\r")).isEqualTo("0\r");
        assertThat(send("AT&F\r")).isEqualTo("\r\nOK\r\n");
        assertThat(send("AT\r")).isEqualTo("AT\r\r\nOK\r\n");
    }

    @Test
    void overlongLinesAreRefused() {
        send("ATE0\r");
        assertThat(send("AT+TEST=" + "1".repeat(LineAssembler.MAX_LINE + 10) + "\r"))
                .isEqualTo("\r\nERROR\r\n");
        assertThat(send("AT\r")).isEqualTo("\r\nOK\r\n");
    }

    @Test
    void aFullLinkPausesInputAndHoldsUrcs() {
        send("ATE0\r");
        port.writable(false);
        assertThat(send("AT\r")).isEmpty();
        assertThat(port.inputPaused()).isTrue();
        engine.urc("+URC: 1");
        assertThat(port.take()).isEmpty();
        port.writable(true);
        engine.outputWritable();
        assertThat(port.take()).isEqualTo("\r\nOK\r\n\r\n+URC: 1\r\n");
        assertThat(port.inputPaused()).isFalse();
    }
}
