package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.at.DtePort;
import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** UART pacing in virtual time: no byte crosses faster than the line, none is lost or reordered. */
class UartPacingTest {
    private static final int BAUD = 115_200;
    private final VirtualScheduler time = VirtualScheduler.standalone();
    private final long start = time.nanoTime();

    /** A receiving end that notes when each batch arrived. */
    private final class Receiver implements DtePort {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<long[]> arrivals = new ArrayList<>(); // {nanos since start, total so far}
        boolean writable = true;
        boolean inputPaused;

        void accept(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
            arrivals.add(new long[] {time.nanoTime() - start, bytes.size()});
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            accept(data, offset, length);
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void setInputPaused(boolean paused) {
            inputPaused = paused;
        }

        /** When the last byte arrived. */
        long lastArrival() {
            return arrivals.get(arrivals.size() - 1)[0];
        }

        /** Never more bytes than the line could have carried by then. */
        void neverFasterThan(int baud) {
            for (long[] a : arrivals) {
                long possible = a[0] * baud / (UartPacing.BITS_PER_BYTE * 1_000_000_000L);
                assertThat(a[1]).as("bytes by %d ns", a[0]).isLessThanOrEqualTo(possible);
            }
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void elevenHundredFiftyBytesAt115200BaudTakeOneHundredMillisecondsToTheDte() {
        Receiver link = new Receiver();
        UartPacing uart = new UartPacing(time, BAUD, link);
        byte[] data = random(1150);
        uart.write(data, 0, data.length);

        time.advance(Duration.ofMillis(99));
        assertThat(link.bytes.size()).isGreaterThan(1000).isLessThan(1150);
        time.advance(Duration.ofMillis(1));
        assertThat(link.bytes.toByteArray()).isEqualTo(data);
        // 1150 bytes * 10 bits / 115200 bit/s = 99.826 ms: the last byte arrives exactly then
        assertThat(link.lastArrival()).isEqualTo(99_826_389L);
        link.neverFasterThan(BAUD);
    }

    @Test
    void elevenHundredFiftyBytesAt115200BaudTakeOneHundredMillisecondsToTheModem() {
        Receiver link = new Receiver();
        Receiver modem = new Receiver();
        UartPacing uart = new UartPacing(time, BAUD, link);
        uart.attach(modem::accept, () -> {});
        byte[] data = random(1150);
        uart.fromDte(data, 0, data.length);

        time.advance(Duration.ofMillis(99));
        assertThat(modem.bytes.size()).isGreaterThan(1000).isLessThan(1150);
        time.advance(Duration.ofMillis(1));
        assertThat(modem.bytes.toByteArray()).isEqualTo(data);
        assertThat(modem.lastArrival()).isEqualTo(99_826_389L);
        modem.neverFasterThan(BAUD);
    }

    @Test
    void bytesWrittenInPiecesKeepTheLineBusyAndAPauseLetsItGoIdle() {
        Receiver link = new Receiver();
        UartPacing uart = new UartPacing(time, 9600, link);
        for (int i = 0; i < 10; i++) {
            uart.write(new byte[] {(byte) i}, 0, 1); // ten bytes in a row: 10.4 ms at 9600 baud
        }
        time.advance(Duration.ofMillis(10));
        assertThat(link.bytes.size()).isEqualTo(9);
        time.advance(Duration.ofMillis(1));
        assertThat(link.bytes.size()).isEqualTo(10);
        assertThat(link.lastArrival()).isEqualTo(10_416_667L); // ceil(10 * 10 / 9600 s)
        link.neverFasterThan(9600);

        // After a second of silence a new byte starts at once and takes its own 1.04 ms.
        time.advance(Duration.ofSeconds(1));
        long before = time.nanoTime() - start;
        uart.write(new byte[] {42}, 0, 1);
        time.advance(Duration.ofMillis(2));
        assertThat(link.lastArrival() - before).isEqualTo(1_041_667L);
    }

    @Test
    void aLinkThatCannotTakeMoreStopsTheLineAndTheEngineHoldsBack() {
        Receiver link = new Receiver();
        UartPacing uart = new UartPacing(time, BAUD, link);
        int[] writableCalls = {0};
        uart.attach((b, o, l) -> {}, () -> writableCalls[0]++);
        byte[] data = random(3 * UartPacing.OUTPUT_CAPACITY);
        uart.write(data, 0, UartPacing.OUTPUT_CAPACITY);
        assertThat(uart.isWritable()).isFalse();

        time.advance(Duration.ofMillis(10));
        int got = link.bytes.size();
        assertThat(got).isPositive();
        link.writable = false;
        time.advance(Duration.ofMillis(100));
        assertThat(link.bytes.size())
                .as("nothing crosses while the link is full")
                .isLessThanOrEqualTo(got + 12);
        int stopped = link.bytes.size();
        time.advance(Duration.ofSeconds(1));
        assertThat(link.bytes.size()).isEqualTo(stopped);
        assertThat(writableCalls[0]).isZero();

        link.writable = true;
        uart.linkWritable();
        time.advance(Duration.ofSeconds(1));
        assertThat(link.bytes.size()).isEqualTo(UartPacing.OUTPUT_CAPACITY);
        assertThat(uart.isWritable()).isTrue();
        assertThat(writableCalls[0]).isEqualTo(1);
        uart.write(data, UartPacing.OUTPUT_CAPACITY, data.length - UartPacing.OUTPUT_CAPACITY);
        time.advance(Duration.ofSeconds(2));
        assertThat(link.bytes.toByteArray()).isEqualTo(data);
    }

    @Test
    void inputBeyondTheLinesCapacityStopsTheLinkAndAPausedEngineStopsTheLine() {
        Receiver link = new Receiver();
        Receiver modem = new Receiver();
        UartPacing uart = new UartPacing(time, BAUD, link);
        uart.attach(modem::accept, () -> {});
        byte[] data = random(2 * UartPacing.INPUT_CAPACITY);
        uart.fromDte(data, 0, UartPacing.INPUT_CAPACITY);
        assertThat(link.inputPaused).isTrue();

        time.advance(Duration.ofMillis(10));
        uart.setInputPaused(true); // the engine has enough for now
        time.advance(Duration.ofMillis(1));
        int held = modem.bytes.size();
        time.advance(Duration.ofSeconds(1));
        assertThat(modem.bytes.size()).isEqualTo(held);
        assertThat(link.inputPaused).isTrue();

        uart.setInputPaused(false);
        time.advance(Duration.ofSeconds(1));
        assertThat(link.inputPaused).isFalse();
        uart.fromDte(data, UartPacing.INPUT_CAPACITY, UartPacing.INPUT_CAPACITY);
        time.advance(Duration.ofSeconds(1));
        assertThat(modem.bytes.toByteArray()).isEqualTo(data);
        assertThat(uart.idle()).isTrue();
    }

    @Test
    void aLinkThatGoesAwayDropsWhatWaits() {
        Receiver link = new Receiver();
        UartPacing uart = new UartPacing(time, 9600, link);
        uart.write(random(100), 0, 100);
        time.advance(Duration.ofMillis(20));
        uart.clear();
        int got = link.bytes.size();
        time.advance(Duration.ofSeconds(1));
        assertThat(link.bytes.size()).isEqualTo(got).isLessThan(100);
        assertThat(uart.idle()).isTrue();
    }
}
