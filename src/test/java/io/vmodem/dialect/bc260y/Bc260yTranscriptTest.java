package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.net.NetSocket;
import io.vmodem.net.TcpConnection;
import io.vmodem.testing.FaultActions;
import io.vmodem.testing.Icmp;
import io.vmodem.testing.Io;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.RadioActions;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.NtpServer;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transcript under transcripts/bc260y, each on a fresh modem that has attached (+IP), against
 * fresh loopback peers: a controlled server, an echo server, a UDP echo peer, a DNS server that
 * answers the manual's host names with loopback addresses (the network's DNS server for context 0),
 * and an NTP server whose clock reads the manual's date.
 */
class Bc260yTranscriptTest {
    /** The time of the guide's example 4.5, 11:08:20 in UTC+8. */
    static final Instant MANUAL_TIME = Instant.parse("2019-06-11T03:08:20Z");

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bc260y");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        try (TcpEchoServer echo = new TcpEchoServer();
                ControlledServer server = new ControlledServer();
                UdpEchoPeer udp = new UdpEchoPeer();
                DnsServer dns = new DnsServer()
                        .add("hf.quectel.com", "127.0.0.1")
                        .add("iot.quectel.com", "127.0.0.1")
                        .add("ntp5.aliyun.com", "127.0.0.1")
                        .add("two.example", "127.0.0.1", "127.0.0.2");
                NtpServer ntp = new NtpServer(MANUAL_TIME);
                ModemHarness modem = new ModemHarness(new Bc260yDialect())) {
            if (file.contains("ping")) {
                assumeTrue(Icmp.available(), "this host allows neither ICMP datagram nor raw sockets");
            }
            modem.onLoop(() -> modem.session().modem().network().context(0).dnsServers(List.of(dns.address())));
            String ip = bootAndAttach(modem);
            Map<String, String> vars = new HashMap<>();
            vars.put("IP", ip);
            vars.put(
                    "IMEI",
                    modem.onLoop(() -> modem.session().modem().identity().imei()));
            vars.put("ECHO_HOST", echo.host());
            vars.put("ECHO_PORT", String.valueOf(echo.port()));
            vars.put("SERVER_HOST", server.host());
            vars.put("SERVER_PORT", String.valueOf(server.port()));
            vars.put("UDP_HOST", udp.host());
            vars.put("UDP_PORT", String.valueOf(udp.port()));
            vars.put("NTP_PORT", String.valueOf(ntp.port()));
            vars.put("DNS_HOST", dns.host());
            vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
            Map<String, Consumer<String>> actions = new HashMap<>();
            // The server's clients in the order it accepted them; "server.client N" pins the N-th
            // (waiting for it: a new connection the server may not have accepted yet). Unpinned, the
            // actions talk to the latest.
            List<ControlledServer.Client> accepted = new ArrayList<>();
            ControlledServer.Client[] pinned = {null};
            Supplier<ControlledServer.Client> client = () -> {
                ControlledServer.Client[] c = {pinned[0]};
                if (c[0] == null) {
                    Io.run(() -> c[0] = awaitClient(server, accepted));
                }
                return c[0];
            };
            actions.put(
                    "server.client", n -> Io.run(() -> pinned[0] = nth(server, accepted, Integer.parseInt(n.strip()))));
            actions.put("server.send", text -> Io.run(() -> client.get().send(text)));
            actions.put("server.close", text -> Io.run(() -> client.get().close()));
            actions.put(
                    "server.expect",
                    text -> Io.run(() -> {
                        byte[] want = text.getBytes(StandardCharsets.ISO_8859_1);
                        assertThat(new String(client.get().awaitReceived(want.length), StandardCharsets.ISO_8859_1))
                                .isEqualTo(text);
                    }));
            actions.put(
                    "udp.expect",
                    text -> Io.run(
                            () -> assertThat(new String(udp.awaitDatagram().getData(), StandardCharsets.ISO_8859_1))
                                    .isEqualTo(text)));
            actions.put(
                    "peer.vanish",
                    after -> modem.onLoop(() -> {
                        Duration giveUp = after.equals("never")
                                ? null
                                : Duration.ofSeconds(Long.parseLong(after.replace("s", "")));
                        for (NetSocket s : modem.session().modem().network().sockets()) {
                            if (s instanceof TcpConnection c) {
                                c.peerUnreachable(giveUp);
                            }
                        }
                    }));
            actions.put(
                    "network.drop",
                    cid -> modem.onLoop(() -> {
                        var net = modem.session().modem().network();
                        net.dropContext(net.context(Integer.parseInt(cid)));
                    }));
            RadioActions.addTo(actions, modem);
            FaultActions.addTo(actions, modem);
            Transcript.resource("/transcripts/bc260y/" + file).run(modem, vars, actions);
            assertThat(modem.faults()).isZero();
        }
    }

    /** Powers on and waits for the boot URCs and the address the module reports once attached. */
    static String bootAndAttach(ModemHarness modem) {
        assertThat(modem.boot()).isEqualTo("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
        String line = modem.nextLine();
        assertThat(line).startsWith("+IP: ");
        return line.substring("+IP: ".length());
    }

    /** The {@code n}-th client the server accepted (from 1), waiting for it if need be. */
    private static ControlledServer.Client nth(ControlledServer server, List<ControlledServer.Client> accepted, int n)
            throws InterruptedException {
        while (accepted.size() < n) {
            accepted.add(server.awaitClient());
        }
        return accepted.get(n - 1);
    }

    /** The server's latest client, or the first once it connects. */
    private static ControlledServer.Client awaitClient(ControlledServer server, List<ControlledServer.Client> accepted)
            throws InterruptedException {
        ControlledServer.Client c = server.last();
        if (c == null) {
            c = server.awaitClient();
            accepted.add(c);
        }
        return c;
    }
}
