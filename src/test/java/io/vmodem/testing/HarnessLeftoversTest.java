package io.vmodem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.time.FaultInjection;
import org.junit.jupiter.api.Test;

/** The harness fails a test that leaves something over: a fault it did not expect, a leaked buffer. */
class HarnessLeftoversTest {

    @Test
    void aFaultTheTestDidNotExpectFailsIt() {
        ModemHarness modem = new ModemHarness(new Bg96Dialect());
        try (LogCapture log = LogCapture.of("io.vmodem", ch.qos.logback.classic.Level.ERROR)) {
            modem.bootQuiet();
            modem.onLoop(
                    () -> FaultInjection.into(modem.session().modem().guard()).next(1, "a timer"::equals));
            modem.send("AT+QIACT=1").expectLine("ERROR");
            assertThat(log.lines()).hasSize(1); // the fault, kept out of the build's output
        }
        assertThatThrownBy(modem::close).hasMessageContaining("faults the modem counted");
    }

    @Test
    void aLeakedBufferFailsTheTestThatSeesItsReport() {
        assumeTrue(LeakReports.paranoid(), "run with -Dio.netty.leakDetectionLevel=paranoid, as the build does");
        ModemHarness modem = new ModemHarness(new Bg96Dialect());
        modem.bootQuiet();
        int before = LeakReports.count();
        leak();
        for (int i = 0; i < 5 && LeakReports.count() == before; i++) {
            LeakReports.collectNow(); // a collection may miss the buffer; the leak is there to be found
        }
        assertThatThrownBy(modem::close).hasMessageContaining("buffers leaked").hasMessageContaining("LEAK");
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42); // dropped, never released
    }
}
