package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.TlsPeers;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.Ports;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BC260Y-CN's SSL connection (syntax of the BC660K-GL SSL application note) against real TLS
 * servers on loopback, with certificates made for the run: the transcripts under
 * transcripts/bc260y-ssl, and what they cannot show.
 */
class Bc260ySslTest {
    private static final String PROMPT = "\r\n>\r\n";

    private TlsPeers peers;
    private ModemHarness modem;

    @BeforeEach
    void start() throws Exception {
        peers = new TlsPeers();
        modem = new ModemHarness(new Bc260yDialect());
    }

    @AfterEach
    void stop() throws Exception {
        modem.close();
        peers.close();
    }

    /** Boots, waits for the attach ({@code +IP:}) and turns echo off. */
    private void bootAttachedQuiet() {
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0");
        while (!modem.nextLine().equals("OK")) {
            // the echo of ATE0 itself
        }
    }

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bc260y-ssl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        bootAttachedQuiet();
        Map<String, String> vars = peers.variables();
        vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
        Transcript.resource("/transcripts/bc260y-ssl/" + file).run(modem, vars, peers.actions());
        assertThat(modem.faults()).isZero();
    }

    private void upload(String item, String pem) {
        modem.send("AT+QSSLCFG=0,0,\"" + item + "\"").expectRaw(PROMPT);
        modem.sendRaw(pem + "\u001a");
        modem.expectLine("+QSSLCFG: 0,0,\"" + item + "\"," + pem.length()).expectLine("OK");
    }

    private void open(String host, int port, String expect) {
        modem.send("AT+QSSLOPEN=0,0,\"" + host + "\"," + port + ",0")
                .expectLine("OK")
                .expectLine(expect);
    }

    @Test
    void theCertificatesSurviveARebootAndTheOtherSettingsDoNot() {
        bootAttachedQuiet();
        modem.send("AT+QSSLCFG=0,0,\"seclevel\",2").expectLine("OK");
        modem.send("AT+QSSLCFG=0,0,\"timeout\",30").expectLine("OK");
        upload("cacert", peers.certs.ca().certificatePem());
        upload("clientcert", peers.certs.client().certificatePem());
        upload("clientkey", peers.certs.client().keyPem());
        modem.send("AT+QRST=1").expectLine("OK");
        Bc260yTranscriptTest.bootAndAttach(modem);
        modem.send("ATE0");
        while (!modem.nextLine().equals("OK")) {
            // the echo of ATE0 itself
        }
        modem.send("AT+QSSLCFG=0,0,\"seclevel\"")
                .expectLine("+QSSLCFG: 0,0,\"seclevel\",0")
                .expectLine("OK");
        modem.send("AT+QSSLCFG=0,0,\"timeout\"")
                .expectLine("+QSSLCFG: 0,0,\"timeout\",90")
                .expectLine("OK");
        modem.send("AT+QSSLCFG=0,0");
        assertThat(modem.nextLine()).isEqualTo("+QSSLCFG: 0,0,\"seclevel\",0");
        for (int i = 0; i < 4; i++) {
            modem.nextLine();
        }
        modem.expectLine("+QSSLCFG: 0,0,\"cacert\","
                        + peers.certs.ca().certificatePem().length())
                .expectLine("+QSSLCFG: 0,0,\"clientcert\","
                        + peers.certs.client().certificatePem().length())
                .expectLine("+QSSLCFG: 0,0,\"clientkey\","
                        + peers.certs.client().keyPem().length())
                .expectLine("+QSSLCFG: 0,0,\"dtls\",0")
                .expectLine("+QSSLCFG: 0,0,\"dtlsversion\",2")
                .expectLine("OK");
        // The saved certificates are used: mutual authentication works with only the level set again.
        modem.send("AT+QSSLCFG=0,0,\"seclevel\",2").expectLine("OK");
        open(peers.mutual.host(), peers.mutual.port(), "+QSSLOPEN: 0,0,0");
        assertThat(peers.mutual.clientSubjects()).hasSize(1);
        assertThat(peers.mutual.clientSubjects().get(0)).contains("CN=vmodem client");
        modem.expectSilence();
    }

    @Test
    void hexDataFormatBothWays() {
        bootAttachedQuiet();
        modem.send("AT+QSSLCFG=0,0,\"dataformat\",1,1").expectLine("OK");
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        // Fixed length: 3 bytes are 6 hex digits.
        modem.send("AT+QSSLSEND=0,0,3").expectRaw(PROMPT);
        modem.sendRaw("00FF41");
        modem.expectLine("OK").expectLine("+QSSLSEND: 0,0,0");
        modem.expectLine("+QSSLURC: \"recv\",0,0,3,\"00FF41\"");
        // Variable length, ended by Ctrl+Z; digits that are not hex are refused.
        modem.send("AT+QSSLSEND=0,0").expectRaw(PROMPT);
        modem.sendRaw("0A0B\u001a");
        modem.expectLine("OK").expectLine("+QSSLSEND: 0,0,0");
        modem.expectLine("+QSSLURC: \"recv\",0,0,2,\"0A0B\"");
        modem.send("AT+QSSLSEND=0,0").expectRaw(PROMPT);
        modem.sendRaw("XYZ\u001a");
        modem.expectLine("ERROR");
        modem.expectSilence();
        assertThat(peers.echo.handshakes()).isEqualTo(1);
    }

    @Test
    void aServerThatClosesIsReportedOnceAndFreesTheConnection() {
        bootAttachedQuiet();
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        modem.send("AT+QSSLSEND=0,0,5").expectRaw(PROMPT);
        modem.sendRaw("hello");
        modem.expectLine("OK").expectLine("+QSSLSEND: 0,0,0");
        modem.expectLine("+QSSLURC: \"recv\",0,0,5,\"hello\"");
        peers.echo.dropClients();
        modem.expectLine("+QSSLURC: \"closed\",0,0");
        modem.send("AT+QSSLSEND=0,0").expectLine("ERROR");
        // No AT+QSSLCLOSE needed: the connection opens again at once.
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        modem.expectSilence();
    }

    @Test
    void aDroppedContextEndsTheConnectionWithTheClosedUrc() {
        bootAttachedQuiet();
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.dropContext(net.context(0));
        });
        modem.expectLine("+QSSLURC: \"closed\",0,0");
        modem.send("AT+QSSLSEND=0,0").expectLine("ERROR");
        modem.send("AT+QSSLCLOSE=0,0").expectLine("OK").expectLine("+QSSLCLOSE: 0,0,0");
        modem.expectSilence();
    }

    @Test
    void aLongReplyArrivesInPiecesOf1400Bytes() {
        bootAttachedQuiet();
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        String data = "x".repeat(1000);
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            modem.send("AT+QSSLSEND=0,0,1000");
            // The echo of the first send may come before the second prompt, or after its report.
            while (!new String(modem.peek(PROMPT.length()), StandardCharsets.ISO_8859_1).equals(PROMPT)) {
                take(modem.nextLine(), got);
            }
            modem.expectRaw(PROMPT);
            modem.sendRaw(data);
            modem.expectLine("OK");
            for (String line = modem.nextLine(); !line.equals("+QSSLSEND: 0,0,0"); line = modem.nextLine()) {
                take(line, got);
            }
        }
        while (got.length() < 2000) {
            take(modem.nextLine(), got);
        }
        assertThat(got.toString()).isEqualTo(data + data);
        modem.expectSilence();
    }

    /** One "recv" URC: its length within the note's range and its quoted data that long. */
    private static void take(String line, StringBuilder got) {
        assertThat(line).startsWith("+QSSLURC: \"recv\",0,0,");
        String[] parts = line.split(",", 5);
        int length = Integer.parseInt(parts[3]);
        assertThat(length).isBetween(1, Bc260ySslConnection.PUSH_CHUNK);
        String text = parts[4].substring(1, parts[4].length() - 1);
        assertThat(text).hasSize(length);
        got.append(text);
    }

    @Test
    void theConnectionAppearsInTheSnapshot() throws Exception {
        bootAttachedQuiet();
        open(peers.echo.host(), peers.echo.port(), "+QSSLOPEN: 0,0,0");
        ModemSnapshot snap = modem.modem().snapshot().get(10, TimeUnit.SECONDS);
        assertThat(snap.sockets()).hasSize(1);
        ModemSnapshot.Socket s = snap.sockets().get(0);
        assertThat(s.type()).isEqualTo("SSL");
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.remote()).isEqualTo(peers.echo.host() + ":" + peers.echo.port());
        assertThat(peers.echo.handshakes()).isEqualTo(1);
        modem.expectSilence();
    }
}
