package io.vmodem.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.trace.TraceRing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pdp-drop fault under an MQTT session, through the runtime as a scenario or the control API
 * injects it: the session ends in each module's words, the broker loses the client (and so
 * publishes its will), and the trace tells the fault and the session's packets and end, as it tells
 * a socket's.
 */
class MqttFaultTest {
    private static final AtomicLong SERIALS = new AtomicLong(9600);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttBroker broker;

    @BeforeEach
    void start() {
        broker = MqttBroker.plain().start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static ModemHarness modem(Dialect dialect) {
        FaultSetup setup = FaultSetup.NONE;
        return new ModemHarness(dialect, ModemSettings.defaults(), SERIALS.getAndIncrement(), new Fleet(setup, 200));
    }

    private static void pdpDrop(ModemHarness m, int context) {
        m.onLoop(() -> m.modem().faults().apply(Injection.of(Fault.PDP_DROP).with("context", context)));
    }

    private static List<String> trace(ModemHarness m) {
        return m.onLoop(() -> m.modem().traceRing().since(0, 10_000).stream()
                .filter(l -> l.kind().equals("fault") || l.kind().equals("net"))
                .map(TraceRing.Line::text)
                .toList());
    }

    /** {@code pdpUrc}: what the module says of the context itself, or null for nothing. */
    private void quectelSessionEndsWithQmtstat7(ModemHarness m, int context, String pdpUrc) throws Exception {
        m.send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port())
                .expectLine("OK")
                .expectLine("+QMTOPEN: 0,0");
        m.send("AT+QMTCONN=0,\"dropped\"").expectLine("OK").expectLine("+QMTCONN: 0,0,0");
        assertThat(broker.awaitConnected(WAIT)).isEqualTo("dropped");
        pdpDrop(m, context);
        if (pdpUrc == null) {
            m.expectLine("+QMTSTAT: 0,7");
        } else {
            assertThat(List.of(m.nextLine(), m.nextLine())).containsExactlyInAnyOrder("+QMTSTAT: 0,7", pdpUrc);
        }
        assertThat(broker.awaitGone(WAIT)).isEqualTo("dropped");
        m.send("AT+QMTCONN?").expectLine("OK");
        assertThat(trace(m))
                .containsSubsequence(
                        "mqtt client 0 sent CONNECT dropped",
                        "mqtt client 0 received CONNACK 0",
                        "fault pdp-drop context " + context,
                        "mqtt client 0 ended: context lost");
        m.expectSilence();
        assertThat(m.faults()).isEqualTo(0);
    }

    @Test
    void bg96() throws Exception {
        try (ModemHarness m = modem(new Bg96Dialect()).bootQuiet()) {
            quectelSessionEndsWithQmtstat7(m, 1, "+QIURC: \"pdpdeact\",1");
        }
    }

    @Test
    void bc260y() throws Exception {
        try (ModemHarness m = modem(new Bc260yDialect()).bootQuiet()) {
            assertThat(m.nextLine()).startsWith("+IP: "); // attached: the default context is up
            // the BC260Y-CN words no context URC of its own: the session's end is all the host hears
            quectelSessionEndsWithQmtstat7(m, 0, null);
        }
    }

    @Test
    void sim7600() throws Exception {
        try (ModemHarness m = modem(new Sim7600Dialect()).bootQuiet()) {
            m.send("AT+CMQTTSTART").expectLine("OK").expectLine("+CMQTTSTART: 0");
            m.send("AT+CMQTTACCQ=0,\"dropped\"").expectLine("OK");
            m.send("AT+CMQTTCONNECT=0,\"tcp://" + broker.host() + ":" + broker.port() + "\",60,1")
                    .expectLine("OK")
                    .expectLine("+CMQTTCONNECT: 0,0");
            assertThat(broker.awaitConnected(WAIT)).isEqualTo("dropped");
            pdpDrop(m, 1);
            m.expectLine("+CMQTTCONNLOST: 0,3");
            m.expectLine("+CGEV: NW PDN DEACT 1").expectLine("+CMQTTNONET");
            assertThat(broker.awaitGone(WAIT)).isEqualTo("dropped");
            assertThat(trace(m))
                    .containsSubsequence(
                            "mqtt client 0 sent CONNECT dropped",
                            "fault pdp-drop context 1",
                            "mqtt client 0 ended: context lost");
            m.expectSilence();
        }
    }
}
