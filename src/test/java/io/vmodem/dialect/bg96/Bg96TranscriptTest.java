package io.vmodem.dialect.bg96;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
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
import io.vmodem.testing.peers.TcpClientPeer;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/** Every transcript under transcripts/bg96, each against fresh loopback peers and a fresh modem. */
class Bg96TranscriptTest {
    /** What the test's NTP server says the time is: the manual's 3.8, in UTC. */
    static final Instant NTP_TIME = Instant.parse("2013-08-19T03:10:10Z");

    static Stream<String> transcripts() {
        return TranscriptFiles.list("bg96");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        Transcript transcript = Transcript.resource("/transcripts/bg96/" + file);
        assumeTrue(
                !transcript.requires("icmp") || Icmp.available(),
                "this host allows neither ICMP datagram nor raw sockets");
        try (TcpEchoServer echo = new TcpEchoServer();
                ControlledServer server = new ControlledServer();
                UdpEchoPeer udp = new UdpEchoPeer();
                DnsServer dns = new DnsServer();
                NtpServer ntp = new NtpServer(NTP_TIME);
                ModemHarness modem = new ModemHarness(
                        new Bg96Dialect(),
                        ModemSettings.defaults().withNet(NetSettings.defaults().withDnsPort(dns.port())))) {
            dns.add("www.baidu.com", "127.0.0.1")
                    .add("server.test", server.host())
                    .add("two.test", "127.0.0.2", "127.0.0.3")
                    .ttl(600);
            modem.boot();
            Map<String, String> vars = new HashMap<>();
            vars.put("ECHO_HOST", echo.host());
            vars.put("ECHO_PORT", String.valueOf(echo.port()));
            vars.put("SERVER_HOST", server.host());
            vars.put("SERVER_PORT", String.valueOf(server.port()));
            vars.put("UDP_HOST", udp.host());
            vars.put("UDP_PORT", String.valueOf(udp.port()));
            vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
            vars.put("DNS_HOST", dns.host());
            vars.put("NTP_HOST", ntp.host());
            vars.put("NTP_PORT", String.valueOf(ntp.port()));
            vars.put("FREE_PORT", String.valueOf(Ports.freeTcp()));
            vars.put("FREE_UDP_PORT", String.valueOf(Ports.freeUdp()));
            Map<String, Consumer<String>> actions = new HashMap<>();
            List<TcpClientPeer> clients = new ArrayList<>();
            actions.put("client.connect", hostPort -> Io.run(() -> clients.add(TcpClientPeer.connect(hostPort))));
            actions.put(
                    "client.send",
                    text -> Io.run(() -> clients.get(clients.size() - 1).send(text)));
            actions.put(
                    "client.close",
                    text -> Io.run(() -> clients.get(clients.size() - 1).close()));
            actions.put(
                    "client.expect",
                    text -> Io.run(() -> assertThat(new String(
                                    clients.get(clients.size() - 1).awaitReceived(text.length()),
                                    StandardCharsets.ISO_8859_1))
                            .isEqualTo(text)));
            actions.put("udp.echo", onOff -> udp.echo(onOff.equals("on")));
            actions.put("ntp.silent", onOff -> ntp.silent(onOff.equals("on")));
            actions.put(
                    "udp.sendto",
                    arg -> Io.run(() -> {
                        int sp = arg.indexOf(' ');
                        String hostPort = arg.substring(0, sp);
                        int colon = hostPort.lastIndexOf(':');
                        udp.send(
                                arg.substring(sp + 1).getBytes(StandardCharsets.ISO_8859_1),
                                new InetSocketAddress(
                                        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
                    }));
            actions.put(
                    "udp.expect",
                    text -> Io.run(() -> {
                        DatagramPacket p = udp.awaitDatagram();
                        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1))
                                .isEqualTo(text);
                    }));
            ControlledServer.Client[] current = {null};
            Supplier<ControlledServer.Client> client = () -> {
                if (current[0] == null) {
                    Io.run(() -> current[0] = server.awaitClient());
                }
                return current[0];
            };
            // The server's next client becomes the one the actions below talk to.
            actions.put("server.next", text -> Io.run(() -> current[0] = server.awaitClient()));
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
                    "network.drop",
                    cid -> modem.onLoop(() -> {
                        var net = modem.session().modem().network();
                        net.dropContext(net.context(Integer.parseInt(cid)));
                    }));
            RadioActions.addTo(actions, modem);
            FaultActions.addTo(actions, modem);
            try {
                transcript.run(modem, vars, actions);
                assertThat(modem.faults()).isZero();
            } finally {
                for (TcpClientPeer c : clients) {
                    c.close();
                }
            }
        }
    }
}
