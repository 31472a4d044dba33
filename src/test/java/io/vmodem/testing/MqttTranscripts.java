package io.vmodem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.MqttTestClient;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an MQTT transcript of any dialect against a fresh embedded broker ({@link MqttBroker}), a DNS
 * server that names the application notes' brokers after it, and a silent TCP server (a broker that
 * accepts and never answers). The broker also listens for MQTT over TLS ({@code ${BROKER_TLS_PORT}},
 * its certificate from the test CA, {@code ${CA_PEM}} and {@code ${CA_LEN}}; {@code ${WRONG_CA_PEM}}
 * and {@code ${WRONG_CA_LEN}}: a CA that did not sign it). Variables: {@code ${BROKER_HOST}}, {@code
 * ${BROKER_PORT}}, {@code
 * ${SILENT_HOST}}, {@code ${SILENT_PORT}}, {@code ${REFUSED_PORT}}. Actions, their text after the
 * name: {@code broker.publish <qos> <retain> <topic> <payload>} (as the broker itself), {@code
 * broker.expect <topic> <payload>} (a client published it), {@code broker.drop <clientID>}, {@code
 * broker.connected <clientID>}, {@code broker.gone <clientID>}, {@code client.subscribe <topic>
 * <qos>}, {@code client.expect <topic> <payload>} and {@code client.none} (a test client of its own:
 * a message arrived; nothing more waits), {@code silent.send
 * <hex>} (the silent server answers these bytes), {@code silent.expect <n>} (it has received n
 * bytes), {@code fault.pdp-drop <cid>} (the fault catalogue's pdp-drop, as a scenario injects it).
 */
public final class MqttTranscripts {
    /** Names the notes' examples use for their brokers; each resolves to the test's broker. */
    public static final List<String> BROKER_NAMES =
            List.of("broker.test", "iot-as-mqtt.cn-shanghai.aliyuncs.com", "test.mosquitto.org");

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttTranscripts() {}

    public static void run(Dialect dialect, String path) throws Exception {
        run(dialect, path, modem -> {});
    }

    /** As above; {@code booted} waits for what the module says after boot (BC260Y-CN: +IP:). */
    public static void run(Dialect dialect, String path, Consumer<ModemHarness> booted) throws Exception {
        Transcript transcript = Transcript.resource(path);
        TestCertificates certs = TestCertificates.get();
        try (MqttBroker broker = MqttBroker.plain().tls(certs.server()).start();
                DnsServer dns = new DnsServer();
                ControlledServer silent = new ControlledServer();
                ModemHarness modem = new ModemHarness(
                        dialect,
                        ModemSettings.defaults().withNet(NetSettings.defaults().withDnsPort(dns.port())))) {
            for (String name : BROKER_NAMES) {
                dns.add(name, broker.host());
            }
            warmUpTls(certs);
            modem.boot();
            booted.accept(modem);
            // every context asks the test's DNS server, as after AT+QIDNSCFG / AT+CDNSCFG
            modem.onLoop(() -> {
                var net = modem.session().modem().network();
                for (int cid = 0; cid <= io.vmodem.net.ModemNetwork.MAX_CONTEXT_ID; cid++) {
                    net.context(cid).dnsServers(List.of(dns.address()));
                }
            });
            Map<String, String> vars = new HashMap<>();
            vars.put("BROKER_HOST", broker.host());
            vars.put("BROKER_PORT", String.valueOf(broker.port()));
            vars.put("SILENT_HOST", silent.host());
            vars.put("SILENT_PORT", String.valueOf(silent.port()));
            vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
            vars.put("BROKER_TLS_PORT", String.valueOf(broker.tlsPort()));
            pem(vars, "CA", certs.ca().certificatePem());
            pem(vars, "WRONG_CA", certs.wrongCa().certificatePem());
            List<MqttTestClient> clients = new ArrayList<>();
            Map<String, Consumer<String>> actions = new HashMap<>();
            actions.put("broker.publish", arg -> {
                String[] p = arg.split(" ", 4);
                broker.publish(p[2], bytes(p.length > 3 ? p[3] : ""), Integer.parseInt(p[0]), p[1].equals("1"));
            });
            actions.put(
                    "broker.expect",
                    arg -> Io.run(() -> {
                        String[] p = arg.split(" ", 2);
                        assertThat(new String(broker.awaitPublished(p[0], WAIT).payload(), StandardCharsets.ISO_8859_1))
                                .isEqualTo(p.length > 1 ? p[1] : "");
                    }));
            actions.put(
                    "broker.connected",
                    id -> Io.run(() -> assertThat(broker.awaitConnected(WAIT)).isEqualTo(id)));
            actions.put(
                    "broker.gone",
                    id -> Io.run(() -> assertThat(broker.awaitGone(WAIT)).isEqualTo(id)));
            actions.put("broker.drop", id -> {
                Await.until(
                        "client " + id + " connected", () -> broker.clients().contains(id));
                assertThat(broker.drop(id)).isTrue();
            });
            actions.put("client.subscribe", arg -> {
                String[] p = arg.split(" ");
                try {
                    String id = "transcript-" + clients.size();
                    MqttTestClient c = MqttTestClient.connect(broker, id);
                    clients.add(c);
                    // Subscribes once the broker reports the session: one SUBSCRIBE sent right
                    // after CONNACK was answered by a closed connection (CI, once).
                    Await.until(
                            "the test client connected", () -> broker.clients().contains(id));
                    c.subscribe(p[0], Integer.parseInt(p[1]));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            actions.put(
                    "client.expect",
                    arg -> Io.run(() -> {
                        String[] p = arg.split(" ", 2);
                        MqttTestClient.Received r =
                                clients.get(clients.size() - 1).awaitMessage(WAIT);
                        assertThat(r.topic()).isEqualTo(p[0]);
                        assertThat(new String(r.payload(), StandardCharsets.ISO_8859_1))
                                .isEqualTo(p.length > 1 ? p[1] : "");
                    }));
            ControlledServer.Client[] current = {null};
            Io.Action accepted = () -> {
                if (current[0] == null) {
                    current[0] = silent.awaitClient();
                }
            };
            actions.put("client.none", arg -> assertThat(
                            clients.get(clients.size() - 1).pending())
                    .as("messages the test client received and no step expected")
                    .isZero());
            actions.put(
                    "silent.send",
                    hex -> Io.run(() -> {
                        accepted.run();
                        current[0].send(hexBytes(hex));
                    }));
            actions.put(
                    "silent.expect",
                    n -> Io.run(() -> {
                        accepted.run();
                        current[0].awaitReceived(Integer.parseInt(n));
                    }));
            actions.put(
                    "fault.pdp-drop",
                    cid -> modem.onLoop(() -> modem.modem()
                            .faults()
                            .apply(Injection.of(Fault.PDP_DROP).with("context", Integer.parseInt(cid)))));
            try {
                transcript.run(modem, vars, actions);
                assertThat(modem.faults()).isZero();
            } finally {
                for (MqttTestClient c : clients) {
                    c.close();
                }
            }
        }
    }

    private static boolean tlsWarm;

    /**
     * One TLS connection to the broker before the first transcript of the JVM: the first handshake
     * loads and compiles the JDK's TLS code, which on a loaded machine takes longer than the real
     * time the harness lets a network operation run before it moves virtual time (and with it the
     * module's negotiation timer).
     */
    public static synchronized void warmUpTls(TestCertificates certs) throws Exception {
        if (!tlsWarm) {
            // a broker of its own, so the transcript's broker sees only the transcript's clients
            try (MqttBroker broker = MqttBroker.plain().tls(certs.server()).start()) {
                MqttTestClient.connectTls(broker, "warm-up", certs.ca(), null).close();
            }
            tlsWarm = true;
        }
    }

    private static void pem(Map<String, String> vars, String name, String pem) {
        vars.put(name + "_PEM", pem);
        vars.put(name + "_LEN", String.valueOf(pem.getBytes(StandardCharsets.US_ASCII).length));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hexBytes(String hex) {
        String h = hex.replace(" ", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
