package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Tries;
import io.vmodem.testing.peers.MqttBroker;
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
 * No byte of an MQTT message is lost or changed: arbitrary payloads (every byte value, CR, LF, quotes
 * and Ctrl+Z included) go out through AT+QMTPUB's fixed-length form at every QoS, reach the broker as
 * they were typed, come back to the client's own subscription and reach the host inside
 * {@code +QMTRECV}'s quotes as they were.
 */
@AddLifecycleHook(Tries.class)
class Bg96MqttIntegrityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "loop/bytes";

    private MqttBroker broker;
    private ModemHarness modem;
    private int nextId = 1;

    @BeforeProperty
    void open() throws Exception {
        broker = MqttBroker.plain().start();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
        modem.send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port())
                .expectLine("OK")
                .expectLine("+QMTOPEN: 0,0");
        modem.send("AT+QMTCONN=0,\"bytes\"").expectLine("OK").expectLine("+QMTCONN: 0,0,0");
        modem.send("AT+QMTSUB=0,1,\"" + TOPIC + "\",2").expectLine("OK").expectLine("+QMTSUB: 0,1,0,2");
    }

    @AfterProperty
    void close() {
        try {
            modem.send("AT+QMTDISC=0").expectLine("OK").expectLine("+QMTDISC: 0,0");
            modem.expectSilence();
            assertThat(modem.faults()).isZero();
            modem.close();
        } finally {
            broker.close();
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1500);
    }

    @Property(tries = 100)
    void everyBytePublishedComesBackAsItWas(
            @ForAll("payloads") byte[] payload, @ForAll @IntRange(min = 0, max = 2) int qos) throws Exception {
        int msgId = qos == 0 ? 0 : nextId++;
        modem.send("AT+QMTPUB=0," + msgId + "," + qos + ",0,\"" + TOPIC + "\"," + payload.length)
                .expectPrompt();
        modem.sendRaw(payload);
        modem.expectLine("OK");
        boolean published = false;
        boolean received = false;
        while (!published || !received) {
            // +QMTPUB and the message's way back race each other: take them as they come
            modem.skipLineBreaks();
            String head = new String(modem.peek(9), StandardCharsets.ISO_8859_1);
            if (head.equals("+QMTPUB: ")) {
                assertThat(modem.nextLine()).isEqualTo("+QMTPUB: 0," + msgId + ",0");
                published = true;
            } else {
                assertThat(head).isEqualTo("+QMTRECV:");
                assertThat(received(payload.length)).isEqualTo(payload);
                received = true;
            }
        }
        assertThat(broker.awaitPublished(TOPIC, WAIT).payload()).isEqualTo(payload);
    }

    /** {@code +QMTRECV: 0,<msgID>,"loop/bytes","<payload>"}: the payload's bytes. */
    private byte[] received(int length) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String prefix = ",\"" + TOPIC + "\",\"";
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith(prefix)) {
            head.writeBytes(modem.nextBytes(1));
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).matches("\\+QMTRECV: 0,\\d+" + ",\"loop/bytes\",\"");
        byte[] payload = modem.nextBytes(length);
        modem.expectRaw("\"\r\n");
        return payload;
    }
}
