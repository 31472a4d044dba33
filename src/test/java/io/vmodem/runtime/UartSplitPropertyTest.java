package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.TcpEchoServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The UART splitting the module's output (fault uart-split, as a condition) changes when bytes reach
 * the host, never what they are: whatever the pieces and the gaps, replies, URCs and framing parse
 * into the same lines, and data sent through a real echo peer comes back byte for byte, the prompt
 * and the received data cut at any byte too. Each try cuts at places of its own (the modem's
 * generator, reseeded from the try).
 */
class UartSplitPropertyTest {
    private static final AtomicLong SERIALS = new AtomicLong(9500);

    private TcpEchoServer echo;
    private ModemHarness modem;
    private List<String> unsplit;

    @BeforeProperty
    void open() throws Exception {
        echo = new TcpEchoServer();
        modem = new ModemHarness(
                        new Bg96Dialect(),
                        ModemSettings.defaults(),
                        SERIALS.getAndIncrement(),
                        new Fleet(FaultSetup.NONE, 0))
                .bootQuiet();
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"" + echo.host() + "\"," + echo.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,0");
        modem.send("AT+QINDCFG=\"csq\",1").expectLine("OK");
        unsplit = script(0);
    }

    @AfterProperty
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
        echo.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 100)
    @AddLifecycleHook(Tries.class)
    void anySplitOfTheOutputParsesIntoTheSameLinesAndKeepsDataExact(
            @ForAll @IntRange(min = 1, max = 12) int low,
            @ForAll @IntRange(min = 0, max = 12) int extra,
            @ForAll @IntRange(min = 0, max = 20) int gapMillis,
            @ForAll("payloads") byte[] payload,
            @ForAll long seed) {
        Injection split = ScenarioReader.injection(
                "{condition: uart-split, pieces: " + low + "-" + (low + extra) + ", gap: " + gapMillis + "ms}", "try");
        modem.onLoop(() -> {
            modem.modem().faults().reseed(seed);
            modem.modem().faults().apply(split);
        });
        try {
            assertThat(script(seed)).isEqualTo(unsplit);
            assertThat(roundTrip(payload)).isEqualTo(payload);
        } finally {
            modem.onLoop(() -> modem.modem().faults().apply(Injection.clear(Fault.UART_SPLIT)));
            modem.expectSilence();
            assertThat(modem.onLoop(() -> modem.modem().uartFaults().idle())).isTrue();
        }
    }

    /** Replies and a URC, as the host's line parser reads them. */
    private List<String> script(long seed) {
        List<String> lines = new ArrayList<>();
        modem.send("ATI;+CSQ;+QISTATE=1,0");
        for (int i = 0; i < 6; i++) {
            lines.add(modem.nextLine());
        }
        // A URC at a level of the try's own (never the profile's 20, which would be no change).
        int level = (int) Math.floorMod(seed, 20L);
        modem.onLoop(
                () -> modem.modem().faults().apply(Injection.of(Fault.SIGNAL).with("rssi", level)));
        assertThat(modem.nextLine()).isEqualTo("+QIND: \"csq\"," + level + ",99");
        modem.onLoop(() -> modem.modem().faults().apply(Injection.clear(Fault.SIGNAL)));
        lines.add(modem.nextLine());
        modem.send("AT+QIGETERROR;+CGATT?");
        for (int i = 0; i < 3; i++) {
            lines.add(modem.nextLine());
        }
        return lines;
    }

    /** The payload out through AT+QISEND and back through AT+QIRD, every byte exact. */
    private byte[] roundTrip(byte[] payload) {
        modem.sendRaw(("AT+QISEND=0," + payload.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        modem.expectPrompt();
        modem.sendRaw(payload);
        assertThat(modem.nextLine()).isEqualTo("SEND OK");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThat(modem.nextLine()).isEqualTo("+QIURC: \"recv\",0");
        while (got.size() < payload.length) {
            modem.send("AT+QIRD=0,1500");
            String header = modem.nextLine();
            int n = Integer.parseInt(header.substring("+QIRD: ".length()));
            if (n > 0) {
                got.writeBytes(modem.nextBytes(n));
            }
            modem.expectLine("OK");
            if (n == 0) {
                assertThat(modem.nextLine()).isEqualTo("+QIURC: \"recv\",0");
            }
        }
        return got.toByteArray();
    }
}
