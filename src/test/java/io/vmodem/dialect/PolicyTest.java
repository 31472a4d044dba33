package io.vmodem.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.NetPolicy;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.NtpServer;
import io.vmodem.testing.peers.TcpEchoServer;
import io.vmodem.testing.peers.UdpEchoPeer;
import io.vmodem.trace.TraceLog;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The destination policy (--allow, --deny, --listen-ports) in each dialect: a denied destination
 * gets the module's own failure and a "denied by policy" trace line, an allowed one still works, a
 * listener outside the ports fails as the module's bind failure. The peers behind denied
 * destinations are real and answering, so only the policy stands in the way.
 */
class PolicyTest {
    private static TcpEchoServer allowedTcp;
    private static TcpEchoServer deniedTcp;
    private static UdpEchoPeer allowedUdp;
    private static UdpEchoPeer deniedUdp;
    private static NtpServer deniedNtp;
    private static DnsServer deniedDns;
    private static int listenPort;
    private static HostNetwork host;

    private final StringWriter trace = new StringWriter();
    private ModemHarness modem;

    @BeforeAll
    static void start() throws IOException {
        allowedTcp = new TcpEchoServer();
        deniedTcp = new TcpEchoServer();
        allowedUdp = new UdpEchoPeer();
        allowedUdp.echo(false);
        deniedUdp = new UdpEchoPeer();
        deniedNtp = new NtpServer(Instant.now());
        deniedDns = new DnsServer().add("device.example", "127.0.0.1");
        try (ServerSocket free = new ServerSocket(0)) {
            listenPort = free.getLocalPort();
        }
        List<NetPolicy.Rule> rules = List.of(
                NetPolicy.Rule.parse(false, "127.0.0.1:" + deniedTcp.port()),
                NetPolicy.Rule.parse(false, "127.0.0.1:" + deniedUdp.port()),
                NetPolicy.Rule.parse(false, "127.0.0.1:" + deniedNtp.port()),
                NetPolicy.Rule.parse(false, "127.0.0.1:" + deniedDns.port()),
                NetPolicy.Rule.parse(false, "127.0.0.3"));
        host = HostNetwork.start(1, null, new NetPolicy(rules, new NetPolicy.PortRange(listenPort, listenPort)));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        allowedTcp.close();
        deniedTcp.close();
        allowedUdp.close();
        deniedUdp.close();
        deniedNtp.close();
        deniedDns.close();
    }

    @AfterEach
    void tearDown() {
        assertThat(modem.faults()).isZero();
        modem.close();
    }

    private ModemHarness modem(Dialect dialect) {
        ModemSettings settings =
                ModemSettings.defaults().withNet(NetSettings.defaults().withDnsPort(deniedDns.port()));
        modem = new ModemHarness(host, dialect, settings, new LinkLayers(0, TraceLog.to(trace)));
        return modem;
    }

    private void useDeniedDnsServer(int... contexts) {
        modem.onLoop(() -> {
            for (int cid : contexts) {
                modem.session().modem().network().context(cid).dnsServers(List.of(deniedDns.address()));
            }
        });
    }

    /** Waits for the trace to say {@code text} (it may be written a moment after the modem answered). */
    private void traced(String text) throws InterruptedException {
        Await.until("the trace says '" + text + "'", () -> trace.toString().contains(text));
    }

    @Test
    void bg96() throws Exception {
        modem(new Bg96Dialect()).bootQuiet();
        useDeniedDnsServer(1);
        modem.send("AT+QIACT=1").expectLine("OK");
        modem.send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + deniedTcp.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 0,566");
        traced("TCP to 127.0.0.1:" + deniedTcp.port() + " denied by policy");
        modem.send("AT+QICLOSE=0").expectLine("OK");
        modem.send("AT+QIOPEN=1,1,\"TCP\",\"127.0.0.1\"," + allowedTcp.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 1,0");

        // A UDP service: each datagram's destination is decided on its own.
        modem.send("AT+QIOPEN=1,2,\"UDP SERVICE\",\"127.0.0.1\",0," + listenPort + ",0");
        modem.expectLine("OK").expectLine("+QIOPEN: 2,0");
        modem.send("AT+QISEND=2,3,\"127.0.0.1\"," + deniedUdp.port()).expectPrompt();
        modem.sendRaw("abc").expectLine("SEND FAIL");
        traced("UDP to 127.0.0.1:" + deniedUdp.port() + " denied by policy");
        modem.send("AT+QISEND=2,3,\"127.0.0.1\"," + allowedUdp.port()).expectPrompt();
        modem.sendRaw("abc").expectLine("SEND OK");
        assertThat(new String(allowedUdp.awaitDatagram().getData(), 0, 3)).isEqualTo("abc");
        modem.send("AT+QIOPEN=1,3,\"UDP\",\"127.0.0.1\"," + deniedUdp.port() + ",0,0");
        modem.expectLine("OK").expectLine("+QIOPEN: 3,566");
        modem.send("AT+QICLOSE=3").expectLine("OK");

        // A listener outside --listen-ports.
        modem.send("AT+QIOPEN=1,4,\"TCP LISTENER\",\"127.0.0.1\",0," + (listenPort ^ 1) + ",0");
        modem.expectLine("OK").expectLine("+QIOPEN: 4,556");
        traced("listen on port " + (listenPort ^ 1) + " denied by policy");

        modem.send("AT+QPING=1,\"127.0.0.3\"").expectLine("OK").expectLine("+QPING: 566");
        traced("ping to 127.0.0.3 denied by policy");
        modem.send("AT+QNTP=1,\"127.0.0.1\"," + deniedNtp.port())
                .expectLine("OK")
                .expectLine("+QNTP: 566");
        traced("NTP to 127.0.0.1:" + deniedNtp.port() + " denied by policy");
        modem.send("AT+QIDNSGIP=1,\"device.example\"").expectLine("OK").expectLine("+QIURC: \"dnsgip\",565");
        traced("DNS to 127.0.0.1:" + deniedDns.port() + " denied by policy");
        assertThat(deniedTcp.peers()).isEmpty();
        assertThat(deniedNtp.requests()).isZero();
        assertThat(deniedDns.queries()).isZero();
    }

    @Test
    void sim7600() throws Exception {
        modem(new Sim7600Dialect()).bootQuiet();
        useDeniedDnsServer(1);
        modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
        modem.send("AT+CIPOPEN=0,\"TCP\",\"127.0.0.1\"," + deniedTcp.port());
        modem.expectLine("OK").expectLine("+CIPOPEN: 0,1");
        traced("TCP to 127.0.0.1:" + deniedTcp.port() + " denied by policy");
        modem.send("AT+CIPOPEN=1,\"TCP\",\"127.0.0.1\"," + allowedTcp.port());
        modem.expectLine("OK").expectLine("+CIPOPEN: 1,0");

        modem.send("AT+CIPOPEN=2,\"UDP\",,," + listenPort)
                .expectLine("+CIPOPEN: 2,0")
                .expectLine("OK");
        modem.send("AT+CIPSEND=2,3,\"127.0.0.1\"," + deniedUdp.port()).expectPrompt();
        modem.sendRaw("abc").expectLine("+CIPERROR: 1").expectLine("ERROR");
        traced("UDP to 127.0.0.1:" + deniedUdp.port() + " denied by policy");
        modem.send("AT+CIPSEND=2,3,\"127.0.0.1\"," + allowedUdp.port()).expectPrompt();
        modem.sendRaw("abc").expectLine("OK").expectLine("+CIPSEND: 2,3,3");
        assertThat(new String(allowedUdp.awaitDatagram().getData(), 0, 3)).isEqualTo("abc");

        modem.send("AT+SERVERSTART=" + (listenPort ^ 1) + ",0")
                .expectLine("+CIPERROR: 6")
                .expectLine("ERROR");
        traced("listen on port " + (listenPort ^ 1) + " denied by policy");
        modem.send("AT+CIPOPEN=3,\"UDP\",,," + (listenPort ^ 1))
                .expectLine("+CIPOPEN: 3,6")
                .expectLine("ERROR");

        modem.send("AT+CPING=\"127.0.0.3\",1,1").expectLine("OK").expectLine("+CPING: 3,0,0,0,0,0,0");
        traced("ping to 127.0.0.3 denied by policy");
        modem.send("AT+CDNSGIP=\"device.example\"").expectLine("+CDNSGIP: 0,10").expectLine("ERROR");
        traced("DNS to 127.0.0.1:" + deniedDns.port() + " denied by policy");
        assertThat(deniedTcp.peers()).isEmpty();
        assertThat(deniedDns.queries()).isZero();
    }

    @Test
    void bc260y() throws Exception {
        modem(new Bc260yDialect());
        modem.boot();
        assertThat(modem.nextLine()).startsWith("+IP: ");
        modem.send("ATE0").expectLine("ATE0").expectLine("OK");
        useDeniedDnsServer(0);
        modem.send("AT+QIOPEN=0,0,\"TCP\",\"127.0.0.1\"," + deniedTcp.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 0,566");
        traced("TCP to 127.0.0.1:" + deniedTcp.port() + " denied by policy");
        modem.send("AT+QIOPEN=0,1,\"TCP\",\"127.0.0.1\"," + allowedTcp.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 1,0");
        modem.send("AT+QIOPEN=0,2,\"UDP\",\"127.0.0.1\"," + deniedUdp.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 2,566");
        traced("UDP to 127.0.0.1:" + deniedUdp.port() + " denied by policy");
        modem.send("AT+QIOPEN=0,3,\"UDP\",\"127.0.0.1\"," + allowedUdp.port());
        modem.expectLine("OK").expectLine("+QIOPEN: 3,0");
        modem.send("AT+QISEND=3,3,abc").expectLine("OK").expectLine("SEND OK");
        assertThat(new String(allowedUdp.awaitDatagram().getData(), 0, 3)).isEqualTo("abc");

        modem.send("AT+QPING=0,\"127.0.0.3\"").expectLine("OK").expectLine("+QPING: 566");
        traced("ping to 127.0.0.3 denied by policy");
        modem.send("AT+QNTP=0,\"127.0.0.1\"," + deniedNtp.port())
                .expectLine("OK")
                .expectLine("+QNTP: 566");
        traced("NTP to 127.0.0.1:" + deniedNtp.port() + " denied by policy");
        modem.send("AT+QIDNSGIP=0,\"device.example\"").expectLine("OK").expectLine("+QIDNSGIP: 565");
        traced("DNS to 127.0.0.1:" + deniedDns.port() + " denied by policy");
        assertThat(deniedTcp.peers()).isEmpty();
        assertThat(deniedNtp.requests()).isZero();
        assertThat(deniedDns.queries()).isZero();
    }
}
