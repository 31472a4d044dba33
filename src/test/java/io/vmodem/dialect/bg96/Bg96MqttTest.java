package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.MqttTestClient;
import io.vmodem.trace.TraceLog;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BG96's MQTT client against a real broker on loopback, in virtual time. */
class Bg96MqttTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttBroker broker;
    private ModemHarness modem;

    @BeforeEach
    void start() {
        broker = MqttBroker.plain().start();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
    }

    @AfterEach
    void stop() {
        try {
            if (modem != null) {
                modem.close();
            }
        } finally {
            broker.close();
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Client 0 open and connected as {@code id}. */
    private void connect(String id) throws InterruptedException {
        modem.send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port())
                .expectLine("OK")
                .expectLine("+QMTOPEN: 0,0");
        modem.send("AT+QMTCONN=0,\"" + id + "\"").expectLine("OK").expectLine("+QMTCONN: 0,0,0");
        assertThat(broker.awaitConnected(WAIT)).isEqualTo(id);
    }

    @Test
    void publishesAtEveryQosAndTheBrokerHasIt() throws Exception {
        connect("bg96-pub");
        for (int qos = 0; qos <= 2; qos++) {
            int msgId = qos == 0 ? 0 : qos;
            modem.send("AT+QMTPUB=0," + msgId + "," + qos + ",0,\"up/" + qos + "\"")
                    .expectPrompt();
            modem.sendRaw("hello " + qos + "\u001a");
            modem.expectLine("OK").expectLine("+QMTPUB: 0," + msgId + ",0");
            MqttBroker.Published p = broker.awaitPublished("up/" + qos, WAIT);
            assertThat(p.clientId()).isEqualTo("bg96-pub");
            assertThat(p.payload()).isEqualTo(text("hello " + qos));
            assertThat(p.qos()).isEqualTo(qos);
        }
        modem.send("AT+QMTDISC=0").expectLine("OK").expectLine("+QMTDISC: 0,0");
        assertThat(broker.awaitGone(WAIT)).isEqualTo("bg96-pub");
        modem.expectSilence();
    }

    @Test
    void receivesAtEveryQos() throws Exception {
        connect("bg96-sub");
        modem.send("AT+QMTSUB=0,1,\"down/#\",2").expectLine("OK").expectLine("+QMTSUB: 0,1,0,2");
        broker.awaitSubscribed(WAIT);
        try (MqttTestClient server = MqttTestClient.connect(broker, "server")) {
            for (int qos = 0; qos <= 2; qos++) {
                server.publish("down/" + qos, text("cmd " + qos), qos, false);
                String line = modem.nextLine();
                assertThat(line).matches("\\+QMTRECV: 0,\\d+,\"down/" + qos + "\",\"cmd " + qos + "\"");
                if (qos == 0) {
                    assertThat(line).startsWith("+QMTRECV: 0,0,");
                }
            }
        }
        modem.expectSilence();
    }

    @Test
    void aRetainedMessageReachesALaterSubscriberBothWays() throws Exception {
        connect("bg96-retain");
        modem.send("AT+QMTPUB=0,1,1,1,\"state/bg96\",2").expectPrompt();
        modem.sendRaw("on");
        modem.expectLine("OK").expectLine("+QMTPUB: 0,1,0");
        assertThat(broker.awaitPublished("state/bg96", WAIT).payload()).isEqualTo(text("on"));
        try (MqttTestClient late = MqttTestClient.connect(broker, "late")) {
            late.subscribe("state/bg96", 0); // Moquette 0.17 keeps the RETAIN flag at QoS 0 only
            MqttTestClient.Received r = late.awaitMessage(WAIT);
            assertThat(r.payload()).isEqualTo(text("on"));
            assertThat(r.retained()).isTrue();
            // and the other way: what another client retained reaches the modem when it subscribes
            late.publish("config/bg96", text("v2"), 1, true);
            broker.awaitPublished("config/bg96", WAIT);
        }
        modem.send("AT+QMTSUB=0,2,\"config/bg96\",0").expectLine("OK").expectLine("+QMTSUB: 0,2,0,0");
        modem.expectLine("+QMTRECV: 0,0,\"config/bg96\",\"v2\"");
        modem.expectSilence();
    }

    @Test
    void connackTimeoutTakesThePacketTimeoutInTheModemsTime() throws Exception {
        try (ControlledServer silent = new ControlledServer()) {
            modem.send("AT+QMTCFG=\"timeout\",0,7,3,0").expectLine("OK");
            modem.send("AT+QMTOPEN=0,\"" + silent.host() + "\"," + silent.port())
                    .expectLine("OK")
                    .expectLine("+QMTOPEN: 0,0");
            long before = modem.time().nanoTime();
            modem.send("AT+QMTCONN=0,\"slow\"").expectLine("OK");
            silent.awaitClient().awaitReceived(18); // the whole CONNECT
            modem.expectLine("+QMTSTAT: 0,4");
            assertThat(Duration.ofNanos(modem.time().nanoTime() - before)).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void theSessionIsASocketOfTheSnapshot() throws Exception {
        connect("bg96-seen");
        ModemSnapshot s = modem.modem().snapshot().get();
        assertThat(s.sockets()).singleElement().satisfies(k -> {
            assertThat(k.id()).isZero();
            assertThat(k.type()).isEqualTo("MQTT");
            assertThat(k.state()).isEqualTo("connected");
            assertThat(k.remote()).isEqualTo(broker.host() + ":" + broker.port());
            assertThat(k.sent()).isPositive();
            assertThat(k.received()).isEqualTo(4); // the CONNACK
        });
        modem.send("AT+QMTCLOSE=0").expectLine("OK").expectLine("+QMTCLOSE: 0,0");
        assertThat(modem.modem().snapshot().get().sockets()).isEmpty();
    }

    @Test
    void theTraceTellsTheSessionsPackets() throws Exception {
        StringWriter sink = new StringWriter();
        try (TraceLog log = TraceLog.to(sink);
                ModemHarness traced =
                        new ModemHarness(new Bg96Dialect(), ModemSettings.defaults(), new LinkLayers(0, log))) {
            traced.bootQuiet();
            traced.send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port())
                    .expectLine("OK")
                    .expectLine("+QMTOPEN: 0,0");
            traced.send("AT+QMTCONN=0,\"traced\"").expectLine("OK").expectLine("+QMTCONN: 0,0,0");
            traced.send("AT+QMTPUB=0,5,1,0,\"t/x\",3").expectPrompt();
            traced.sendRaw("abc");
            traced.expectLine("OK").expectLine("+QMTPUB: 0,5,0");
            traced.send("AT+QMTDISC=0").expectLine("OK").expectLine("+QMTDISC: 0,0");
        }
        assertThat(sink.toString().lines().map(l -> l.substring(l.indexOf(' ') + 1)))
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .containsSubsequence(
                        "net mqtt client 0 sent CONNECT traced",
                        "net mqtt client 0 received CONNACK 0",
                        "net mqtt client 0 sent PUBLISH 5 qos 1 t/x, 3 bytes",
                        "net mqtt client 0 received PUBACK 5",
                        "net mqtt client 0 sent DISCONNECT");
    }
}
