package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.MqttTranscripts;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.testing.peers.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BG96's MQTT over TLS against a broker that asks for the module's certificate (the MQTT
 * application note's 4.2 setup, seclevel 2): without its certificate the module cannot open, with
 * the uploaded one it connects and publishes, and the broker has the message.
 */
class Bg96MqttTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestCertificates certs = TestCertificates.get();
    private MqttBroker broker;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        MqttTranscripts.warmUpTls(certs);
        broker =
                MqttBroker.plain().tls(certs.server()).requireClient(certs.ca()).start();
        modem = new ModemHarness(new Bg96Dialect()).bootQuiet();
    }

    @AfterEach
    void stop() {
        try {
            modem.close();
        } finally {
            broker.close();
        }
    }

    private void upload(String name, String pem) {
        modem.send("AT+QFUPL=\"" + name + "\"," + pem.length()).expectLine("CONNECT");
        modem.sendRaw(pem);
        assertThat(modem.nextLine()).startsWith("+QFUPL: " + pem.length() + ",");
        modem.expectLine("OK");
    }

    private void open(String result) {
        modem.send("AT+QMTOPEN=1,\"" + broker.host() + "\"," + broker.tlsPort())
                .expectLine("OK")
                .expectLine("+QMTOPEN: 1," + result);
    }

    @Test
    void mutualTlsNeedsTheModulesOwnCertificate() throws Exception {
        upload("ca.pem", certs.ca().certificatePem());
        modem.send("AT+QSSLCFG=\"cacert\",4,\"ca.pem\"").expectLine("OK");
        modem.send("AT+QSSLCFG=\"seclevel\",4,2").expectLine("OK");
        modem.send("AT+QMTCFG=\"ssl\",1,1,4").expectLine("OK");
        // seclevel 2 with no certificate of its own: the broker refuses the handshake
        open("-1");
        upload("client.pem", certs.client().certificatePem());
        upload("client.key", certs.client().keyPem());
        modem.send("AT+QSSLCFG=\"clientcert\",4,\"client.pem\"").expectLine("OK");
        modem.send("AT+QSSLCFG=\"clientkey\",4,\"client.key\"").expectLine("OK");
        open("0");
        modem.send("AT+QMTCONN=1,\"bg96-mutual\"").expectLine("OK").expectLine("+QMTCONN: 1,0,0");
        assertThat(broker.awaitConnected(WAIT)).isEqualTo("bg96-mutual");
        modem.send("AT+QMTPUB=1,3,1,0,\"secure/bg96\",6").expectPrompt();
        modem.sendRaw("sealed");
        modem.expectLine("OK").expectLine("+QMTPUB: 1,3,0");
        MqttBroker.Published p = broker.awaitPublished("secure/bg96", WAIT);
        assertThat(new String(p.payload(), StandardCharsets.ISO_8859_1)).isEqualTo("sealed");
        assertThat(p.clientId()).isEqualTo("bg96-mutual");
        var connection =
                modem.onLoop(() -> modem.session().modem().network().sockets().get(0));
        assertThat(connection.describe()).startsWith("TLS ");
        modem.send("AT+QMTDISC=1").expectLine("OK").expectLine("+QMTDISC: 1,0");
        modem.expectSilence();
    }
}
