package io.vmodem.testing.peers;

import io.vmodem.testing.peers.TestCertificates.Identity;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The test's own MQTT 3.1.1 client (Eclipse Paho), to publish to and receive from an {@link
 * MqttBroker} what a modem's MQTT service receives and publishes: {@link #subscribe}, then {@link
 * #awaitMessage}; {@link #publish}. Plain or over TLS, trusting a CA of {@link TestCertificates}
 * and showing a client certificate when given.
 */
public final class MqttTestClient implements AutoCloseable {
    /** A message the client received. */
    public record Received(String topic, byte[] payload, int qos, boolean retained) {}

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();

    private MqttTestClient(String uri, String clientId, MqttConnectOptions options) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.add(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
    }

    /** A client connected to the broker's plain port. */
    public static MqttTestClient connect(MqttBroker broker, String clientId) throws MqttException {
        return new MqttTestClient("tcp://" + broker.host() + ":" + broker.port(), clientId, new MqttConnectOptions());
    }

    /** A client connected to the broker's TLS port, trusting {@code ca}, showing {@code own} when not null. */
    public static MqttTestClient connectTls(MqttBroker broker, String clientId, Identity ca, Identity own)
            throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TestCertificates.trustStore(ca));
        KeyManagerFactory kmf = null;
        if (own != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(own.keyStore(), TestCertificates.PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(context.getSocketFactory());
        return new MqttTestClient("ssl://" + broker.host() + ":" + broker.tlsPort(), clientId, options);
    }

    public void subscribe(String topicFilter, int qos) throws MqttException {
        client.subscribe(topicFilter, qos);
    }

    /** Publishes and waits until the broker has it (QoS 1 and 2: acknowledged). */
    public void publish(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
        client.publish(topic, payload, qos, retain);
    }

    /** The next message received (a test failure if none comes within {@code timeout}). */
    public Received awaitMessage(Duration timeout) throws InterruptedException {
        Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message arrived within " + timeout);
        }
        return r;
    }

    /** Why the connection was lost, once it is (a test failure if it is not within {@code timeout}). */
    public Throwable awaitLost(Duration timeout) throws InterruptedException {
        Throwable t = lost.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("the connection was not lost within " + timeout);
        }
        return t;
    }

    /** Messages received and not yet taken. */
    public int pending() {
        return received.size();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(0);
            }
        } finally {
            client.close(true);
        }
    }
}
