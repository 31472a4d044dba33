package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transcript under transcripts/bg96, each against fresh loopback peers and a fresh modem. */
class Bg96TranscriptTest {

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bg96");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer();
                ControlledServer server = new ControlledServer();
                UdpEchoPeer udp = new UdpEchoPeer();
                ModemHarness modem = new ModemHarness(new Bg96Dialect())) {
            modem.boot();
            Map<String, String> vars = new HashMap<>();
            vars.put("ECHO_HOST", echo.host());
            vars.put("ECHO_PORT", String.valueOf(echo.port()));
            vars.put("SERVER_HOST", server.host());
            vars.put("SERVER_PORT", String.valueOf(server.port()));
            vars.put("UDP_HOST", udp.host());
            vars.put("UDP_PORT", String.valueOf(udp.port()));
            vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
            Map<String, Consumer<String>> actions = new HashMap<>();
            actions.put("server.send", text -> io(() -> awaitClient(server).send(text)));
            actions.put("server.close", text -> io(() -> awaitClient(server).close()));
            actions.put(
                    "server.expect",
                    text -> io(() -> {
                        byte[] want = text.getBytes(StandardCharsets.ISO_8859_1);
                        assertThat(new String(
                                        awaitClient(server).awaitReceived(want.length), StandardCharsets.ISO_8859_1))
                                .isEqualTo(text);
                    }));
            actions.put(
                    "network.drop",
                    cid -> modem.onLoop(() -> {
                        var net = modem.session().modem().network();
                        net.dropContext(net.context(Integer.parseInt(cid)));
                    }));
            Transcript.resource("/transcripts/bg96/" + file).run(modem, vars, actions);
            assertThat(modem.faults()).isZero();
        }
    }

    private static ControlledServer.Client awaitClient(ControlledServer server) throws InterruptedException {
        ControlledServer.Client c = server.last();
        return c != null ? c : server.awaitClient();
    }

    interface IoAction {
        void run() throws IOException, InterruptedException;
    }

    static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
