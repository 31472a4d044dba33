package io.vmodem.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.time.Scheduler;
import io.vmodem.time.VirtualScheduler;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.pty.TtyEnd;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The power-up URCs come the boot time after the link connects (TCP) or the tty is opened (pty),
 * measured on the modem's scheduler: in virtual time, nothing just before, all of them at it.
 * What the host sends before then is lost, on every link, even if UART pacing would have delivered
 * it after the boot.
 */
class BootTimeTest {
    private static final Duration BOOT = Duration.ofMillis(4800);
    private static final Duration JUST_SHORT = BOOT.minusNanos(1);
    private static final String BOOT_URCS = "\r\nRDY\r\n\r\nAPP RDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n"
            + "\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n";

    private static final ModemSettings SETTINGS = ModemSettings.defaults().withBootDelay(BOOT);

    /** A clock that hands the test the virtual scheduler of the (one) modem it makes. */
    private static final class VirtualClock implements Function<EventLoop, Scheduler> {
        final CompletableFuture<VirtualScheduler> made = new CompletableFuture<>();

        @Override
        public Scheduler apply(EventLoop loop) {
            VirtualScheduler s = VirtualScheduler.on(loop);
            made.complete(s);
            return s;
        }

        VirtualScheduler scheduler() throws Exception {
            return made.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onTheTcpLinkThePowerUpUrcsComeTheBootTimeAfterTheConnection() throws Exception {
        VirtualClock clock = new VirtualClock();
        ModemFactory factory =
                new ModemFactory(ModemHarness.host(), new Bg96Dialect(), SETTINGS, 7300, LinkLayers.NONE, clock);
        try (TcpLinkServer server = new TcpLinkServer(factory)) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (Socket link = new Socket(address.getAddress(), address.getPort())) {
                link.setSoTimeout(300);
                InputStream in = link.getInputStream();
                VirtualScheduler time = clock.scheduler();
                time.advance(JUST_SHORT);
                assertThat(readQuietly(in)).isEmpty();
                time.advance(Duration.ofNanos(1));
                assertThat(readQuietly(in)).isEqualTo(BOOT_URCS);
                link.getOutputStream().write("AT\r".getBytes(StandardCharsets.ISO_8859_1));
                link.setSoTimeout(10_000);
                assertThat(new String(in.readNBytes(9), StandardCharsets.ISO_8859_1))
                        .isEqualTo("AT\r\r\nOK\r\n");
            }
        }
    }

    @Test
    void onThePtyThePowerUpUrcsComeTheBootTimeAfterTheTtyIsOpened() throws Exception {
        assumeTrue(PtyLink.supported(), "pseudo-terminals need Linux or macOS");
        VirtualClock clock = new VirtualClock();
        ModemFactory factory =
                new ModemFactory(ModemHarness.host(), new Bg96Dialect(), SETTINGS, 7310, LinkLayers.NONE, clock);
        try (PtyLink pty = new PtyLink(factory, null)) {
            String slave = pty.start();
            VirtualScheduler time = clock.scheduler();
            time.advance(BOOT.multipliedBy(3)); // nobody has the tty open: no power, no boot
            try (TtyEnd firmware = TtyEnd.open(slave)) {
                Await.until("the link notices the tty opened", pty::present);
                long before = pty.outputQueued();
                time.advance(JUST_SHORT);
                assertThat(pty.outputQueued())
                        .as("output just before the boot time")
                        .isEqualTo(before);
                time.advance(Duration.ofNanos(1));
                assertThat(firmware.readUntil("+QIND: PB DONE\r\n")).isEqualTo(BOOT_URCS);
                firmware.write("AT\r");
                assertThat(firmware.readUntil("OK\r\n")).isEqualTo("AT\r\r\nOK\r\n");
            }
        }
    }

    /**
     * Input that reaches the modem before it has booted is lost, even when the UART pacing would hand
     * it over after the boot (the race the pty link used to lose or win by chance).
     */
    @Test
    void inputBeforeTheBootIsLostWhateverThePacing() {
        try (ModemHarness modem = new ModemHarness(new Bg96Dialect(), SETTINGS, new LinkLayers(9600, null))) {
            modem.autoAdvance(false);
            modem.modem().powerOn();
            modem.advance(BOOT.minusMillis(1));
            modem.sendRaw("AT\r"); // three bytes take 3.1 ms at 9600 baud: they would cross after the boot
            modem.advance(Duration.ofSeconds(1));
            assertThat(modem.drainQuietly()).isEqualTo(BOOT_URCS);
            modem.send("ATI");
            modem.advance(Duration.ofSeconds(1));
            assertThat(modem.drainQuietly()).startsWith("ATI\r\r\nQuectel\r\n").endsWith("\r\nOK\r\n");
            assertThat(modem.faults()).isZero();
        }
    }

    private static String readQuietly(InputStream in) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        while (true) {
            int n;
            try {
                n = in.read(b);
            } catch (SocketTimeoutException e) {
                return got.toString(StandardCharsets.ISO_8859_1); // quiet: nothing more comes
            }
            if (n < 0) {
                return got.toString(StandardCharsets.ISO_8859_1);
            }
            got.write(b, 0, n);
        }
    }
}
