package io.vmodem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.testing.HostUart;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.time.Scheduler;
import io.vmodem.time.VirtualScheduler;
import io.vmodem.trace.TraceTranscript;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.pty.TtyEnd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library against real modems: a server on a loopback TCP link (or a pty), hosts that connect
 * as firmware would, and what each call does to the modem and to what the host reads.
 */
class ModemServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BOOTED = "+QIND: PB DONE\r\n";

    private static ModemServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ModemServer.builder()
                .dialect("bg96")
                .bootTime(Duration.ZERO)
                .activationDelay(Duration.ZERO)
                .deactivationDelay(Duration.ZERO)
                .threads(2)
                .start();
    }

    @AfterEach
    void freshModems() throws Exception {
        server.reset();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A host connected and its modem, booted, echo off. */
    private static ModemHandle booted(HostUart host) throws Exception {
        ModemHandle m = server.awaitModem(WAIT);
        host.until(BOOTED);
        host.command("ATE0");
        return m;
    }

    @Test
    void eachConnectionIsAFreshModemHandedOutInTheOrderItCameOnceItIsOn() throws Exception {
        try (HostUart a = new HostUart(server.address());
                HostUart b = new HostUart(server.address())) {
            ModemHandle first = server.awaitModem(WAIT);
            ModemHandle second = server.awaitModem(WAIT);
            assertThat(second.id()).isEqualTo(first.id() + 1);
            assertThat(first.link()).isEqualTo("tcp 127.0.0.1:" + a.localPort());
            assertThat(second.link()).isEqualTo("tcp 127.0.0.1:" + b.localPort());
            assertThat(first.name()).isEqualTo("m" + first.id());
            // on means booted: the power-up URCs are on their way, and the modem answers
            assertThat(a.until(BOOTED)).startsWith("\r\nRDY\r\n");
            assertThat(a.command("AT")).endsWith("OK\r\n");
            assertThat(first.snapshot().power()).isEqualTo("on");
            assertThat(server.awaitModem(second.id(), WAIT)).isSameAs(second);
            assertThat(server.modems()).containsExactly(first, second);
            assertThat(first.connected()).isTrue();
        }
    }

    @Test
    void awaitingAModemThatDoesNotComeEndsNamingTheLink() {
        assertThatThrownBy(() -> server.awaitModem(Duration.ofMillis(20)))
                .isInstanceOf(ModemTimeoutException.class)
                .hasMessageContaining("no modem connected to tcp " + server.address());
        assertThatThrownBy(() -> server.awaitModem(99, Duration.ofMillis(20)))
                .isInstanceOf(ModemTimeoutException.class)
                .hasMessageContaining("no modem m99");
    }

    @Test
    void aConditionHoldsForTheHostsNextCommandsUntilCleared() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            String before = host.command("AT+CSQ");
            m.inject(Injection.of(Fault.SIGNAL).with("rssi", 5).with("ber", 1));
            assertThat(host.command("AT+CSQ")).isEqualTo("\r\n+CSQ: 5,1\r\n\r\nOK\r\n");
            assertThat(m.conditions()).extracting(Injection::fault).containsExactly(Fault.SIGNAL);
            assertThat(m.snapshot().conditions())
                    .containsExactly(java.util.Map.of("condition", "signal", "rssi", 5, "ber", 1));
            m.clear(Fault.SIGNAL);
            assertThat(host.command("AT+CSQ")).isEqualTo(before);
            assertThat(m.conditions()).isEmpty();
            assertThat(m.trace()).contains(" fault condition signal rssi 5 ber 1");
        }
    }

    @Test
    void aFaultHappensWhenInjectedAndTheHostHearsItInTheModulesWords() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            host.command("AT+QIACT=1");
            assertThat(m.contexts()).extracting(ModemSnapshot.Context::state).containsExactly("active");
            m.inject(Injection.of(Fault.PDP_DROP).with("context", 1));
            assertThat(host.until("+QIURC: \"pdpdeact\",1\r\n")).isEqualTo("\r\n+QIURC: \"pdpdeact\",1\r\n");
            assertThat(m.contexts()).extracting(ModemSnapshot.Context::state).containsExactly("inactive");
            assertThat(m.snapshot().faultsInjected()).isEqualTo(1);
        }
    }

    @Test
    void whatTheModemCannotDoIsRefusedBeforeItReachesTheModem() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            assertThatThrownBy(() -> m.clear(Fault.PDP_DROP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pdp-drop is a fault, not a condition");
            assertThat(m.snapshot().faultsInjected()).isZero();
        }
    }

    @Test
    void commandsAreAwaitedInOrderIncludingThoseThatCameBeforeTheWait() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            host.command("AT+CSQ");
            host.command("AT+CREG?");
            host.command("AT+CSQ");
            assertThat(m.awaitCommand("AT\\+CSQ", WAIT)).isEqualTo("AT+CSQ");
            assertThat(m.awaitCommand("AT\\+CSQ", WAIT)).isEqualTo("AT+CSQ");
            host.command("AT+QIACT=1");
            assertThat(m.awaitCommand("AT\\+QIACT=(\\d+)", WAIT)).isEqualTo("AT+QIACT=1");
            assertThatThrownBy(() -> m.awaitCommand("AT\\+CSQ", Duration.ofMillis(20)))
                    .isInstanceOf(ModemTimeoutException.class)
                    .hasMessageContaining(m.name() + ": no command matching AT\\+CSQ within 20 ms")
                    .hasMessageContaining("no other command came");
            host.command("AT+CGSN");
            assertThatThrownBy(() -> m.awaitCommand("AT\\+CSQ", Duration.ofMillis(20)))
                    .hasMessageContaining("came instead: AT+CGSN");
        }
    }

    @Test
    void aWaitForACommandEndsWhenTheLinkGoes() throws Exception {
        ModemHandle m;
        try (HostUart host = new HostUart(server.address())) {
            m = booted(host);
        }
        assertThatThrownBy(() -> m.awaitCommand("AT\\+QIOPEN=.*", WAIT))
                .isInstanceOf(ModemTimeoutException.class)
                .hasMessageContaining(m.name() + " is gone (its link closed) without a command matching")
                .hasMessageContaining("came instead: ATE0");
        assertThatThrownBy(() -> m.awaitCommand("AT", WAIT)).hasMessageContaining("is gone");
        assertThat(m.connected()).isFalse();
        assertThatThrownBy(() -> m.inject(Injection.of(Fault.PDP_DROP)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(m.name() + " is gone: its link closed");
        assertThat(m.trace()).contains(" * link closed");
    }

    @Test
    void socketsContextsAndTraceShowWhatTheHostDid() throws Exception {
        try (HostUart host = new HostUart(server.address());
                ControlledServer peer = new ControlledServer()) {
            ModemHandle m = booted(host);
            host.command("AT+QIACT=1");
            host.send("AT+QIOPEN=1,2,\"TCP\",\"127.0.0.1\"," + peer.port() + ",0,0");
            host.until("+QIOPEN: 2,0\r\n");
            host.send("AT+QISEND=2,5");
            host.until("> ");
            host.write("hello");
            host.until("SEND OK\r\n");
            peer.awaitClient().awaitReceived(5);
            ModemSnapshot.Socket s = m.sockets().get(0);
            assertThat(s.id()).isEqualTo(2);
            assertThat(s.type()).isEqualTo("TCP");
            assertThat(s.sent()).isEqualTo(5);
            assertThat(s.state()).isEqualTo("connected");
            assertThat(s.remote()).isEqualTo("127.0.0.1:" + peer.port());
            ModemSnapshot.Context c = m.contexts().get(0);
            assertThat(s.local()).startsWith(c.address() + ":");
            String trace = m.trace();
            assertThat(trace).contains(" " + m.name() + " > AT+QIOPEN=1,2,\"TCP\",\"127.0.0.1\"," + peer.port());
            assertThat(trace).contains(" " + m.name() + " net socket 1 connected ");
            assertThat(trace.lines())
                    .allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} " + m.name() + " \\S+ .*"));
        }
    }

    @Test
    void anHttpRequestUnderWayShowsAmongTheServicesWithItsStatus() throws Exception {
        try (HostUart host = new HostUart(server.address());
                HttpTestServer web = HttpTestServer.plain()) {
            HttpTestServer.SlowBody body = web.slow("/slow", 100);
            ModemHandle m = booted(host);
            host.command("AT+QIACT=1");
            String url = web.url("/slow");
            host.send("AT+QHTTPURL=" + url.length() + ",80");
            host.until("CONNECT\r\n");
            host.write(url);
            host.until("OK\r\n");
            host.send("AT+QHTTPGET=80");
            host.until("+QHTTPGET: 0,200,100\r\n");
            assertThat(m.services())
                    .containsExactly(new ModemSnapshot.Service("http", 1, "GET " + url, "receiving 200"));
            body.finish();
        }
    }

    @Test
    void powerIsSwitchedAsABenchSupplyWouldAndAUrcReachesTheHost() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            m.urc("+QIURC: \"closed\",3");
            assertThat(host.until("\"closed\",3\r\n")).isEqualTo("\r\n+QIURC: \"closed\",3\r\n");
            m.power(ModemHandle.Power.OFF);
            assertThat(m.snapshot().power()).isEqualTo("off");
            assertThatThrownBy(() -> m.urc("+QIURC: \"closed\",3"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is off");
            m.power(ModemHandle.Power.ON);
            m.awaitPoweredOn(WAIT);
            assertThat(host.until(BOOTED)).contains("RDY");
            assertThat(m.trace()).contains(" fault power off").contains(" fault power on");
            assertThatThrownBy(() -> m.urc("two\r\nlines")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aScenarioLoadedIntoOneModemActsOnItsTrigger() throws Exception {
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle m = booted(host);
            m.load(ScenarioReader.read(
                    "steps:\n  - on: {command: AT+QIACT, count: 1}\n    do: {fault: pdp-drop, context: 1}\n", "test"));
            host.command("AT+QIACT=1");
            assertThat(host.until("+QIURC: \"pdpdeact\",1\r\n")).endsWith("\"pdpdeact\",1\r\n");
        }
    }

    @Test
    void aResetHangsUpEveryLinkAndTheNextModemIsAFreshOne() throws Exception {
        ModemHandle old;
        try (HostUart host = new HostUart(server.address())) {
            old = booted(host);
            old.inject(Injection.of(Fault.SIGNAL).with("rssi", 5));
            server.reset();
            assertThat(host.untilClosed()).doesNotContain("ERROR");
        }
        assertThat(old.connected()).isFalse();
        assertThat(server.modems()).isEmpty();
        try (HostUart host = new HostUart(server.address())) {
            ModemHandle fresh = booted(host);
            assertThat(fresh.id()).isGreaterThan(old.id());
            assertThat(fresh.conditions()).isEmpty();
            assertThat(host.command("AT+CSQ")).doesNotContain("+CSQ: 5,");
        }
    }

    @Test
    void theTraceOfEveryModemIsWrittenInTimeOrderAsTheTraceToolReadsIt(@TempDir Path dir) throws Exception {
        // One after the other, so that a's modem is the first awaited and has the lower number.
        try (HostUart a = new HostUart(server.address())) {
            ModemHandle ma = server.awaitModem(WAIT);
            try (HostUart b = new HostUart(server.address())) {
                ModemHandle mb = server.awaitModem(WAIT);
                a.until(BOOTED);
                b.until(BOOTED);
                a.command("ATI");
                b.command("AT+CGSN");
                Path file = server.writeTrace(dir.resolve("x/y.trace"), "a test");
                String text = Files.readString(file);
                assertThat(text).startsWith("# vmodem trace: a test; modems " + ma + ", " + mb);
                assertThat(TraceTranscript.modems(text)).containsExactly(ma.name(), mb.name());
                assertThat(text.indexOf(ma.name() + " > ATI")).isLessThan(text.indexOf(mb.name() + " > AT+CGSN"));
                assertThat(TraceTranscript.convert(text, mb.name(), java.util.Map.of()))
                        .contains("AT+CGSN");
            }
        }
        server.reset();
        assertThat(server.writeTrace(dir.resolve("none.trace"), "nothing")).isNull();
    }

    @Test
    void optionsOutOfRangeAreRefusedAtOnceNamingTheOption() {
        ModemServer.Builder b = ModemServer.builder();
        assertThatThrownBy(() -> b.dialect("bg97"))
                .hasMessage("dialect: unknown 'bg97'; choose from bc260y, bg96, sim7600");
        assertThatThrownBy(() -> b.rxBuffer(0)).hasMessageStartingWith("rxBuffer(0): receive buffer must be 1..");
        assertThatThrownBy(() -> b.bootTime(Duration.ofMillis(-1))).hasMessageStartingWith("bootTime(PT-0.001S): ");
        assertThatThrownBy(() -> b.openDelay(Duration.ofMillis(-1))).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> b.baud(0x7fffffff)).hasMessageStartingWith("baud(2147483647): baud rate must be");
        assertThatThrownBy(() -> b.allow("10.0.0.0/99")).hasMessageStartingWith("allow(10.0.0.0/99): ");
        assertThatThrownBy(() -> b.listenPorts("9-1")).hasMessageStartingWith("listenPorts(9-1): ");
        assertThatThrownBy(() -> b.ipPool("banana")).hasMessageStartingWith("ipPool(banana): ");
        assertThatThrownBy(() -> b.traceKeep(-1)).hasMessageStartingWith("traceKeep(-1): ");
        assertThatThrownBy(() -> b.controlApi("0.0.0.0", 0, null)).hasMessageContaining("needs a token");
        assertThatThrownBy(() -> b.controlApi("127.0.0.1", 70000, null)).hasMessageStartingWith("controlApi(");
        assertThatThrownBy(
                        () -> b.scenario(ScenarioReader.read("steps:\n  - do: {fault: pdp-drop, context: 99}\n", "t")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.commandDeadline(Duration.ZERO)).hasMessageStartingWith("commandDeadline(PT0S): ");
    }

    @Test
    void aPtyServerHasOneModemThatPowersOnWhenTheTtyIsOpenedAndAResetMakesANewOne() throws Exception {
        assumeTrue(PtyLink.supported(), "pseudo-terminals");
        try (ModemServer pty =
                ModemServer.builder().pty().bootTime(Duration.ZERO).start()) {
            String path = pty.ttyPath();
            assertThat(path).startsWith("/dev/");
            assertThatThrownBy(pty::address).isInstanceOf(IllegalStateException.class);
            ModemHandle m;
            try (TtyEnd tty = TtyEnd.open(path)) {
                m = pty.awaitModem(WAIT);
                assertThat(m.link()).isEqualTo("pty " + path);
                tty.readUntil(BOOTED);
                tty.write("AT+CSQ\r");
                assertThat(m.awaitCommand("AT\\+CSQ", WAIT)).isEqualTo("AT+CSQ");
            }
            pty.reset();
            assertThat(m.connected()).isFalse();
            // a new pty and its modem (the kernel may give the new pty the old one's number)
            assertThat(pty.modems()).hasSize(1).doesNotContain(m);
            try (TtyEnd tty = TtyEnd.open(pty.ttyPath())) {
                ModemHandle fresh = pty.awaitModem(WAIT);
                assertThat(fresh.id()).isEqualTo(m.id() + 1);
                tty.readUntil(BOOTED);
            }
        }
    }

    @Test
    void theControlApiWhenAskedForSeesTheSameModems() throws Exception {
        try (ModemServer s = ModemServer.builder()
                        .bootTime(Duration.ZERO)
                        .controlApi()
                        .start();
                HostUart host = new HostUart(s.address())) {
            ModemHandle m = s.awaitModem(WAIT);
            URI api = s.controlUri().orElseThrow();
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(api.resolve("api/modems/" + m.id()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body())
                    .contains("\"id\":" + m.id())
                    .contains("\"link\":\"tcp 127.0.0.1:" + host.localPort() + "\"");
        }
        assertThat(server.controlUri()).isEmpty();
    }

    /** A clock that hands the test the virtual scheduler of the (one) modem it makes. */
    private static final class VirtualClock implements Function<EventLoop, Scheduler> {
        final CompletableFuture<VirtualScheduler> made = new CompletableFuture<>();

        @Override
        public Scheduler apply(EventLoop loop) {
            VirtualScheduler s = VirtualScheduler.on(loop);
            made.complete(s);
            return s;
        }
    }

    @Test
    void aConditionForAWhileEndsWhenTheModemsClockHasRunThatLong() throws Exception {
        VirtualClock clock = new VirtualClock();
        try (ModemServer s = ModemServer.builder()
                        .bootTime(Duration.ZERO)
                        .clock(clock)
                        .start();
                HostUart host = new HostUart(s.address())) {
            VirtualScheduler time = clock.made.get(10, TimeUnit.SECONDS);
            time.advance(Duration.ZERO); // the boot, due now
            ModemHandle m = s.awaitModem(WAIT);
            host.until(BOOTED);
            m.inject(Injection.of(Fault.SIGNAL).with("rssi", 5).lasting(Duration.ofSeconds(10)));
            assertThat(host.command("AT+CSQ")).contains("+CSQ: 5,99");
            time.advance(Duration.ofMillis(9_999));
            assertThat(m.conditions()).hasSize(1);
            time.advance(Duration.ofMillis(1));
            assertThat(m.conditions()).isEmpty();
            assertThat(host.command("AT+CSQ")).doesNotContain("+CSQ: 5,");
            m.power(ModemHandle.Power.RESET); // a module takes its time to restart: virtual here
            assertThatThrownBy(() -> m.awaitPoweredOn(Duration.ofMillis(20))).isInstanceOf(ModemTimeoutException.class);
            time.advance(Duration.ofSeconds(30));
            m.awaitPoweredOn(WAIT);
            assertThat(host.until(BOOTED)).contains("RDY");
            assertThat(m.trace()).contains(" fault power reset");
        }
    }
}
