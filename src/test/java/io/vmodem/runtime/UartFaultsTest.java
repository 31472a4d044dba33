package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.at.DtePort;
import io.vmodem.time.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A bad UART in virtual time: pieces and gaps keep every byte in order; noise and loss are counted. */
class UartFaultsTest {
    private final VirtualScheduler time = VirtualScheduler.standalone();

    /** The host's end: each write as it arrived, and when. */
    private final class Host implements DtePort {
        final List<byte[]> writes = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        boolean writable = true;

        @Override
        public void write(byte[] data, int offset, int length) {
            writes.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
            at.add(time.nanoTime());
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void setInputPaused(boolean paused) {}

        byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writes.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    @Test
    void withNothingInForceBytesPassUntouched() {
        Host host = new Host();
        UartFaults uart = new UartFaults(time, new Random(1), host);
        uart.write(bytes("\r\nOK\r\n"), 0, 6);
        assertThat(host.writes).hasSize(1);
        assertThat(new String(host.all(), StandardCharsets.ISO_8859_1)).isEqualTo("\r\nOK\r\n");
        assertThat(uart.idle()).isTrue();
    }

    @Property(tries = 300)
    void anySplitKeepsEveryByteInOrderWithItsGaps(
            @ForAll @Size(min = 1, max = 20) List<@Size(min = 1, max = 300) byte[]> outputs,
            @ForAll @IntRange(min = 1, max = 16) int low,
            @ForAll @IntRange(min = 0, max = 16) int extra,
            @ForAll long seed) {
        Host host = new Host();
        UartFaults uart = new UartFaults(time, new Random(seed), host);
        uart.split(low, low + extra, Duration.ofMillis(5), false);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] o : outputs) {
            uart.write(o, 0, o.length);
            sent.writeBytes(o);
            time.advance(Duration.ofMillis(3));
        }
        time.advance(Duration.ofSeconds(60));
        assertThat(host.all()).isEqualTo(sent.toByteArray());
        assertThat(uart.idle()).isTrue();
        assertThat(host.writes.size()).isGreaterThanOrEqualTo(outputs.size());
        for (int i = 1; i < host.at.size(); i++) {
            assertThat(host.at.get(i)).isGreaterThanOrEqualTo(host.at.get(i - 1));
        }
    }

    @Test
    void aOneOffSplitCutsOnlyTheNextOutputAndSpacesItsPieces() {
        Host host = new Host();
        UartFaults uart = new UartFaults(time, new Random(7), host);
        uart.split(4, 4, Duration.ofMillis(10), true);
        long t0 = time.nanoTime();
        uart.write(bytes("\r\n+QIURC: \"recv\",0\r\n"), 0, 20);
        assertThat(host.writes).hasSize(1);
        assertThat(uart.isWritable()).isTrue();
        time.advance(Duration.ofMillis(30));
        assertThat(host.writes).hasSize(4);
        assertThat(host.at).containsExactly(t0, t0 + 10_000_000, t0 + 20_000_000, t0 + 30_000_000);
        uart.write(bytes("\r\nOK\r\n"), 0, 6);
        assertThat(host.writes).hasSize(5);
        assertThat(new String(host.all(), StandardCharsets.ISO_8859_1))
                .isEqualTo("\r\n+QIURC: \"recv\",0\r\n\r\nOK\r\n");
    }

    @Test
    void aHostThatCannotTakeMoreHoldsThePiecesBack() {
        Host host = new Host();
        UartFaults uart = new UartFaults(time, new Random(3), host);
        int[] told = {0};
        uart.attach((b, o, l) -> {}, () -> told[0]++);
        uart.split(2, 2, Duration.ofMillis(1), false);
        uart.write(new byte[UartFaults.OUTPUT_CAPACITY], 0, UartFaults.OUTPUT_CAPACITY);
        assertThat(uart.isWritable()).as("the engine is asked to hold back").isFalse();
        host.writable = false;
        time.advance(Duration.ofMillis(5));
        assertThat(host.writes).hasSize(1);
        host.writable = true;
        uart.linkWritable();
        time.advance(Duration.ofMillis(5));
        assertThat(host.all()).hasSize(UartFaults.OUTPUT_CAPACITY);
        assertThat(uart.isWritable()).isTrue();
        assertThat(told[0]).isPositive();
    }

    @Test
    void noiseAndLossHitAboutTheirRateAndAreCounted() {
        Host host = new Host();
        UartFaults uart = new UartFaults(time, new Random(11), host);
        uart.noise(0.1, UartFaults.Noise.FLIP, UartFaults.Direction.TO_HOST);
        byte[] data = new byte[10_000];
        uart.write(data, 0, data.length);
        byte[] got = host.all();
        assertThat(got).hasSize(data.length);
        long changed = 0;
        for (byte b : got) {
            changed += b != 0 ? 1 : 0;
        }
        assertThat(changed).isEqualTo(uart.corrupted()).isBetween(800L, 1200L);

        uart.noise(0, UartFaults.Noise.FLIP, UartFaults.Direction.TO_HOST);
        uart.drop(0.5, UartFaults.Direction.FROM_HOST);
        ByteArrayOutputStream toModem = new ByteArrayOutputStream();
        uart.attach((b, o, l) -> toModem.write(b, o, l), () -> {});
        uart.fromDte(data, 0, data.length);
        assertThat(toModem.size()).isEqualTo(data.length - uart.dropped()).isBetween(4500, 5500);
        host.writes.clear();
        uart.write(data, 0, 100);
        assertThat(host.all()).as("loss was asked for from the host only").hasSize(100);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
