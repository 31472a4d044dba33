package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.MqttTestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The SIM7600's MQTT client against a real broker: every QoS both ways, and no byte of a message
 * lost or changed through AT+CMQTTPAYLOAD and +CMQTTRXPAYLOAD (every byte value, pieces of 1500).
 */
@AddLifecycleHook(Tries.class)
class Sim7600MqttTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "loop/sim";

    private MqttBroker broker;
    private ModemHarness modem;

    @BeforeProperty
    void open() throws Exception {
        broker = MqttBroker.plain().start();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+CMQTTSTART").expectLine("OK").expectLine("+CMQTTSTART: 0");
        modem.send("AT+CMQTTACCQ=0,\"sim-bytes\"").expectLine("OK");
        modem.send("AT+CMQTTCONNECT=0,\"tcp://" + broker.host() + ":" + broker.port() + "\",60,1")
                .expectLine("OK")
                .expectLine("+CMQTTCONNECT: 0,0");
        typed("AT+CMQTTSUB=0," + TOPIC.length() + ",2", TOPIC.getBytes(StandardCharsets.ISO_8859_1));
        modem.expectLine("+CMQTTSUB: 0,0");
        broker.awaitSubscribed(WAIT);
    }

    @AfterProperty
    void close() {
        try {
            modem.send("AT+CMQTTDISC=0,60").expectLine("OK").expectLine("+CMQTTDISC: 0,0");
            modem.send("AT+CMQTTREL=0").expectLine("OK");
            modem.send("AT+CMQTTSTOP").expectLine("OK").expectLine("+CMQTTSTOP: 0");
            modem.expectSilence();
            assertThat(modem.faults()).isZero();
            modem.close();
        } finally {
            broker.close();
        }
    }

    private void typed(String command, byte[] data) {
        modem.send(command).expectPrompt();
        modem.sendRaw(data);
        modem.expectLine("OK");
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3200);
    }

    @Property(tries = 60)
    void everyBytePublishedComesBackAsItWas(
            @ForAll("payloads") byte[] payload, @ForAll @IntRange(min = 0, max = 2) int qos) throws Exception {
        typed("AT+CMQTTTOPIC=0," + TOPIC.length(), TOPIC.getBytes(StandardCharsets.ISO_8859_1));
        typed("AT+CMQTTPAYLOAD=0," + payload.length, payload);
        modem.send("AT+CMQTTPUB=0," + qos + ",60").expectLine("OK");
        boolean published = false;
        boolean received = false;
        while (!published || !received) {
            String line = modem.nextLine();
            if (line.equals("+CMQTTPUB: 0,0")) {
                published = true;
            } else {
                assertThat(line).isEqualTo("+CMQTTRXSTART: 0," + TOPIC.length() + "," + payload.length);
                assertThat(received(payload.length)).isEqualTo(payload);
                received = true;
            }
        }
        assertThat(broker.awaitPublished(TOPIC, WAIT).payload()).isEqualTo(payload);
    }

    /** The rest of one message: its topic, its payload in pieces, its end. */
    private byte[] received(int length) {
        modem.expectLine("+CMQTTRXTOPIC: 0," + TOPIC.length());
        assertThat(new String(modem.nextBytes(TOPIC.length()), StandardCharsets.ISO_8859_1))
                .isEqualTo(TOPIC);
        modem.expectRaw("\r\n");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < length) {
            int piece = Math.min(Sim7600Mqtt.RX_PIECE, length - got.size());
            modem.expectLine("+CMQTTRXPAYLOAD: 0," + piece);
            got.writeBytes(modem.nextBytes(piece));
            modem.expectRaw("\r\n");
        }
        modem.expectLine("+CMQTTRXEND: 0");
        return got.toByteArray();
    }

    @Property(tries = 3)
    void aMessageOfEveryQosFromAnotherClientArrives(@ForAll @IntRange(min = 0, max = 2) int qos) throws Exception {
        try (MqttTestClient other = MqttTestClient.connect(broker, "other-" + qos)) {
            other.publish(TOPIC, ("qos " + qos).getBytes(StandardCharsets.ISO_8859_1), qos, false);
            modem.expectLine("+CMQTTRXSTART: 0," + TOPIC.length() + ",5");
            assertThat(received(5)).isEqualTo(("qos " + qos).getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
