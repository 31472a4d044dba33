package io.vmodem.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** The embedded broker carries every QoS and retained messages, over TCP and TLS, and drops on demand. */
class MqttBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesOfEveryQosReachTheSubscriberAndTheTest() throws Exception {
        try (MqttBroker broker = MqttBroker.plain().start();
                MqttTestClient sub = MqttTestClient.connect(broker, "sub");
                MqttTestClient pub = MqttTestClient.connect(broker, "pub")) {
            assertThat(List.of(broker.awaitConnected(WAIT), broker.awaitConnected(WAIT)))
                    .containsExactlyInAnyOrder("sub", "pub");
            sub.subscribe("t/#", 2);
            assertThat(broker.awaitSubscribed(WAIT)).isEqualTo("sub t/#");
            for (int qos = 0; qos <= 2; qos++) {
                byte[] payload = {0, (byte) 0xff, '\r', '\n', (byte) qos};
                pub.publish("t/" + qos, payload, qos, false);
                MqttTestClient.Received r = sub.awaitMessage(WAIT);
                assertThat(r.topic()).isEqualTo("t/" + qos);
                assertThat(r.payload()).isEqualTo(payload);
                assertThat(r.qos()).isEqualTo(qos);
                MqttBroker.Published p = broker.awaitPublished("t/" + qos, WAIT);
                assertThat(p.clientId()).isEqualTo("pub");
                assertThat(p.payload()).isEqualTo(payload);
                assertThat(p.qos()).isEqualTo(qos);
            }
        }
    }

    @Test
    void aRetainedMessageReachesALaterSubscriber() throws Exception {
        try (MqttBroker broker = MqttBroker.plain().start()) {
            try (MqttTestClient pub = MqttTestClient.connect(broker, "pub")) {
                pub.publish("state", text("on"), 1, true);
                assertThat(broker.awaitPublished("state", WAIT).payload()).isEqualTo(text("on"));
            }
            try (MqttTestClient late = MqttTestClient.connect(broker, "late")) {
                late.subscribe("state", 0); // at QoS 1 Moquette 0.17 drops the RETAIN flag: see MqttBroker
                MqttTestClient.Received r = late.awaitMessage(WAIT);
                assertThat(r.payload()).isEqualTo(text("on"));
                assertThat(r.retained()).isTrue();
            }
            // The broker itself publishes too, as a server-side application would.
            try (MqttTestClient sub = MqttTestClient.connect(broker, "sub")) {
                sub.subscribe("down", 1);
                broker.awaitSubscribed(WAIT);
                broker.awaitSubscribed(WAIT);
                broker.publish("down", text("command"), 1, false);
                assertThat(sub.awaitMessage(WAIT).payload()).isEqualTo(text("command"));
            }
        }
    }

    @Test
    void overTlsOnlyAClientThatTrustsTheCaConnects() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (MqttBroker broker = MqttBroker.plain().tls(certs.server()).start();
                MqttTestClient sub = MqttTestClient.connect(broker, "plain-sub");
                MqttTestClient tls = MqttTestClient.connectTls(broker, "tls", certs.ca(), null)) {
            assertThat(broker.tlsPort()).isNotEqualTo(broker.port()).isPositive();
            sub.subscribe("secure", 0);
            broker.awaitSubscribed(WAIT);
            tls.publish("secure", text("over TLS"), 1, false);
            assertThat(sub.awaitMessage(WAIT).payload()).isEqualTo(text("over TLS"));
            assertThatThrownBy(() -> MqttTestClient.connectTls(broker, "stranger", certs.wrongCa(), null))
                    .isInstanceOf(MqttException.class);
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (MqttBroker broker =
                MqttBroker.plain().tls(certs.server()).requireClient(certs.ca()).start()) {
            MqttTestClient ok = MqttTestClient.connectTls(broker, "with-cert", certs.ca(), certs.client());
            assertThat(broker.awaitConnected(WAIT)).isEqualTo("with-cert");
            ok.close();
            assertThatThrownBy(() -> MqttTestClient.connectTls(broker, "without", certs.ca(), null))
                    .isInstanceOf(MqttException.class);
        }
    }

    @Test
    void theBrokerDropsAClientWhenTold() throws Exception {
        try (MqttBroker broker = MqttBroker.plain().start();
                MqttTestClient client = MqttTestClient.connect(broker, "victim")) {
            assertThat(broker.awaitConnected(WAIT)).isEqualTo("victim");
            assertThat(broker.drop("victim")).isTrue();
            assertThat(client.awaitLost(WAIT)).isNotNull();
            assertThat(broker.awaitGone(WAIT)).isEqualTo("victim");
            assertThat(broker.drop("victim")).isFalse();
        }
    }
}
