package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.net.Addresses;
import io.vmodem.testing.Await;
import io.vmodem.testing.FaultActions;
import io.vmodem.testing.Icmp;
import io.vmodem.testing.Io;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.RadioActions;
import io.vmodem.testing.Transcript;
import io.vmodem.testing.TranscriptFiles;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.Ports;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transcript under transcripts/sim7600, each against fresh loopback peers (TCP echo, a
 * controlled server, a UDP echo peer, a DNS server) and a fresh modem whose context 1 asks that
 * DNS server.
 */
class Sim7600TranscriptTest {

    static Stream<String> transcripts() {
        return TranscriptFiles.list("sim7600");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        if (file.contains("cping")) {
            assumeTrue(Icmp.available(), "this host allows neither ICMP datagram nor raw sockets");
        }
        try (TcpEchoServer echo = new TcpEchoServer();
                ControlledServer server = new ControlledServer();
                UdpEchoPeer udp = new UdpEchoPeer();
                DnsServer dns = new DnsServer()
                        .add("www.baidu.com", "61.135.169.21")
                        .add("echo.test", "127.0.0.1")
                        .pointer("58.32.231.148", "mail.sim.com");
                ModemHarness modem = new ModemHarness(new Sim7600Dialect())) {
            modem.boot();
            modem.onLoop(() -> {
                var net = modem.session().modem().network();
                for (int cid = 1; cid <= 2; cid++) {
                    net.context(cid).dnsServers(List.of(dns.address()));
                }
            });
            warmUpResolver(modem);
            Map<String, String> vars = new HashMap<>();
            vars.put("ECHO_HOST", echo.host());
            vars.put("ECHO_PORT", String.valueOf(echo.port()));
            vars.put("SERVER_HOST", server.host());
            vars.put("SERVER_PORT", String.valueOf(server.port()));
            vars.put("UDP_HOST", udp.host());
            vars.put("UDP_PORT", String.valueOf(udp.port()));
            vars.put("REFUSED_PORT", String.valueOf(Ports.refused()));
            vars.put("FREE_PORT", String.valueOf(Ports.refused()));
            Socket[] client = new Socket[1];
            ControlledServer.Client[] peer = new ControlledServer.Client[1];
            Map<String, Consumer<String>> actions = new HashMap<>();
            actions.put("server.next", x -> Io.run(() -> peer[0] = nextClient(server, peer[0])));
            actions.put("server.send", text -> Io.run(() -> client(server, peer).send(text)));
            actions.put(
                    "server.sendDigits", n -> Io.run(() -> client(server, peer).send(digits(Integer.parseInt(n)))));
            actions.put(
                    "server.close", text -> Io.run(() -> client(server, peer).close()));
            actions.put("server.reading", on -> server.reading(Boolean.parseBoolean(on)));
            actions.put(
                    "server.expect",
                    text -> Io.run(() -> {
                        byte[] want = text.getBytes(StandardCharsets.ISO_8859_1);
                        assertThat(new String(
                                        client(server, peer).awaitReceived(want.length), StandardCharsets.ISO_8859_1))
                                .isEqualTo(text);
                    }));
            actions.put(
                    "udp.send",
                    arg -> Io.run(() -> {
                        String[] p = arg.split(" ", 2);
                        udp.send(p[1].getBytes(StandardCharsets.ISO_8859_1), address(p[0]));
                    }));
            actions.put(
                    "udp.expect",
                    text -> Io.run(
                            () -> assertThat(new String(udp.awaitDatagram().getData(), StandardCharsets.ISO_8859_1))
                                    .isEqualTo(text)));
            actions.put(
                    "client.connect",
                    to -> Io.run(() -> {
                        InetSocketAddress a = address(to);
                        client[0] = new Socket(a.getAddress(), a.getPort());
                    }));
            actions.put(
                    "client.send",
                    text -> Io.run(() -> {
                        client[0].getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
                        client[0].getOutputStream().flush();
                    }));
            actions.put("client.close", x -> Io.run(() -> client[0].close()));
            actions.put(
                    "client.expect",
                    text -> Io.run(() -> {
                        client[0].setSoTimeout(10_000);
                        byte[] got = client[0].getInputStream().readNBytes(text.length());
                        assertThat(new String(got, StandardCharsets.ISO_8859_1)).isEqualTo(text);
                    }));
            actions.put("link.awaitUnread", arg -> awaitUnread(modem, arg));
            actions.put("dns.silent", on -> dns.silent(Boolean.parseBoolean(on)));
            actions.put("dns.add", arg -> {
                String[] p = arg.split(" ");
                dns.add(p[0], p[1]);
            });
            actions.put(
                    "radio.coverage",
                    on -> modem.onLoop(() -> modem.session().modem().radio().coverage(Boolean.parseBoolean(on))));
            actions.put(
                    "network.drop",
                    cid -> modem.onLoop(() -> {
                        var net = modem.session().modem().network();
                        net.dropContext(net.context(Integer.parseInt(cid)));
                    }));
            RadioActions.addTo(actions, modem);
            FaultActions.addTo(actions, modem);
            try {
                Transcript.resource("/transcripts/sim7600/" + file).run(modem, vars, actions);
                assertThat(modem.faults()).isZero();
            } finally {
                if (client[0] != null) {
                    client[0].close();
                }
            }
        }
    }

    /**
     * Builds the modem's resolver for this DNS server before the transcript runs: the harness moves
     * virtual time on when the modem has been quiet for a while, and a first query that is slow to
     * set up would otherwise let a command's timeout fire while the real query is still under way.
     */
    private static void warmUpResolver(ModemHarness modem) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        modem.onLoop(() -> {
            var net = modem.session().modem().network();
            net.resolve(net.context(1), "echo.test", done::complete);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    /** {@code <link> <n>}: waits (real time) until the link holds {@code n} unread bytes. */
    private static void awaitUnread(ModemHarness modem, String arg) {
        String[] p = arg.split(" ");
        int id = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        Await.until(
                "link " + id + " holds " + n + " unread bytes",
                () -> modem.onLoop(() ->
                                ((Sim7600Session) modem.session()).link(id).unread())
                        == n);
    }

    /** "0123456789" repeated to {@code n} bytes, as the manual's AT+CIPRXGET example reads. */
    static byte[] digits(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('0' + i % 10);
        }
        return b;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return Addresses.literal(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The client the transcript talks to: the first to connect, until {@code server.next}. */
    private static ControlledServer.Client client(ControlledServer server, ControlledServer.Client[] picked)
            throws InterruptedException {
        if (picked[0] == null) {
            ControlledServer.Client c = server.last();
            picked[0] = c != null ? c : server.awaitClient();
        }
        return picked[0];
    }

    /** Waits for a client other than the one the transcript talked to so far (which must exist). */
    private static ControlledServer.Client nextClient(ControlledServer server, ControlledServer.Client before)
            throws InterruptedException {
        Await.until("a new client connects", () -> server.last() != before && server.last() != null);
        return server.last();
    }
}
