package io.vmodem.dialect.sim7600;

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
 * The SIM7600's MQTT over SSL/TLS against a broker that asks for the module's certificate: the
 * session's SSL context (AT+CMQTTSSLCFG) with authmode 2 and the downloaded certificates.
 */
class Sim7600MqttTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestCertificates certs = TestCertificates.get();
    private MqttBroker broker;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        MqttTranscripts.warmUpTls(certs);
        broker =
                MqttBroker.plain().tls(certs.server()).requireClient(certs.ca()).start();
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
    }

    @AfterEach
    void stop() {
        try {
            modem.close();
        } finally {
            broker.close();
        }
    }

    private void download(String name, String pem) {
        modem.send("AT+CCERTDOWN=\"" + name + "\"," + pem.length()).expectPrompt();
        modem.sendRaw(pem);
        modem.expectLine("OK");
    }

    private void connect(String result) {
        modem.send("AT+CMQTTCONNECT=1,\"tcp://" + broker.host() + ":" + broker.tlsPort() + "\",60,1")
                .expectLine("OK")
                .expectLine("+CMQTTCONNECT: 1," + result);
    }

    @Test
    void mutualTlsWithTheSessionsSslContext() throws Exception {
        download("ca.pem", certs.ca().certificatePem());
        modem.send("AT+CSSLCFG=\"authmode\",5,1").expectLine("OK");
        modem.send("AT+CSSLCFG=\"cacert\",5,\"ca.pem\"").expectLine("OK");
        modem.send("AT+CMQTTSTART").expectLine("OK").expectLine("+CMQTTSTART: 0");
        modem.send("AT+CMQTTACCQ=1,\"sim-mutual\",1").expectLine("OK");
        modem.send("AT+CMQTTSSLCFG=1,5").expectLine("OK");
        // the broker checked, the module's own certificate not shown: the broker refuses (32)
        connect("32");
        download("client.pem", certs.client().certificatePem());
        download("client_key.pem", certs.client().keyPem());
        modem.send("AT+CSSLCFG=\"authmode\",5,2").expectLine("OK");
        modem.send("AT+CSSLCFG=\"clientcert\",5,\"client.pem\"").expectLine("OK");
        modem.send("AT+CSSLCFG=\"clientkey\",5,\"client_key.pem\"").expectLine("OK");
        connect("0");
        assertThat(broker.awaitConnected(WAIT)).isEqualTo("sim-mutual");
        modem.send("AT+CMQTTTOPIC=1,10").expectPrompt();
        modem.sendRaw("secure/sim");
        modem.expectLine("OK");
        modem.send("AT+CMQTTPAYLOAD=1,6").expectPrompt();
        modem.sendRaw("sealed");
        modem.expectLine("OK");
        modem.send("AT+CMQTTPUB=1,1,60").expectLine("OK").expectLine("+CMQTTPUB: 1,0");
        MqttBroker.Published p = broker.awaitPublished("secure/sim", WAIT);
        assertThat(new String(p.payload(), StandardCharsets.ISO_8859_1)).isEqualTo("sealed");
        assertThat(p.clientId()).isEqualTo("sim-mutual");
        modem.send("AT+CMQTTDISC=1,60").expectLine("OK").expectLine("+CMQTTDISC: 1,0");
        modem.expectSilence();
    }
}
