package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.MqttTestClient;
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
}
