package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmodem.testing.Await;
import io.vmodem.testing.Icmp;
import io.vmodem.testing.peers.NtpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one path of the asynchronous services: a kind the module runs one at a time is busy until
 * its run ends, a power-off ends every run and lets go of what it holds, a stopped ping says no
 * more, and a ping's statistics are added up in one place.
 */
class ServicesTest extends NetworkOnLoopTest {

    @Test
    void aKindRunOneAtATimeIsBusyUntilItsRunEndsAndAPowerOffEndsEveryRun() throws Exception {
        try (NtpServer ntp = new NtpServer(Instant.parse("2013-08-19T03:10:10Z")).silent(true)) {
            PdpContext c = active(1);
            CompletableFuture<NtpResult> answer = new CompletableFuture<>();
            NtpQuery query = on(() -> {
                net.services().oneAtATime(EnumSet.of(Services.Kind.NTP));
                return net.ntp(c, ntp.host(), ntp.port(), Duration.ofSeconds(125), answer::complete);
            });
            assertThat(on(() -> net.services().busy(Services.Kind.NTP))).isTrue();
            assertThat(on(() -> net.services().running(Services.Kind.NTP))).isSameAs(query);
            // A kind the module runs side by side is never busy.
            on(() -> net.lookup(c, "127.0.0.1", r -> {}));
            on(() -> net.lookup(c, "127.0.0.2", r -> {}));
            assertThat(on(() -> net.services().busy(Services.Kind.DNS))).isFalse();
            Await.until("the query reaches the server", () -> ntp.requests() == 1);
            assertThat(on(net::inFlight)).isEqualTo(1);

            on(() -> {
                net.shutdown();
                return null;
            });
            assertThat(on(() -> net.services().busy(Services.Kind.NTP))).isFalse();
            assertThat(on(() -> net.services().runs())).isEmpty();
            assertThat(on(query::over)).isTrue();
            assertThat(on(net::inFlight)).as("the exchange let go of").isZero();
            time.advance(Duration.ofSeconds(125));
            assertThat(on(() -> answer.isDone()))
                    .as("an answer after the power went")
                    .isFalse();
        }
    }

    @Test
    void aStoppedPingGivesItsSummarySoFarAndNothingMore() throws Exception {
        assumeTrue(Icmp.available(), "this host allows neither ICMP datagram nor raw sockets");
        PdpContext c = active(1);
        Outcomes seen = new Outcomes();
        PingRequest request =
                PingRequest.of("127.0.0.1", 16, Duration.ofSeconds(10), 5).interval(Duration.ofSeconds(10));
        PingRun run = on(() -> net.ping(c, request, seen));
        Await.until("the first reply", () -> seen.events.size() == 1);
        PingObserver.Summary sum = on(run::stop);
        assertThat(sum.sent()).isEqualTo(1);
        assertThat(sum.received()).isEqualTo(1);
        time.advance(Duration.ofSeconds(60));
        assertThat(on(() -> List.copyOf(seen.events))).containsExactly("reply");
        assertThat(on(() -> net.services().runs())).isEmpty();
    }

    @Test
    void aPingWhoseContextGoesDownLosesTheRequestsLeft() throws Exception {
        assumeTrue(Icmp.available(), "this host allows neither ICMP datagram nor raw sockets");
        PdpContext c = active(1);
        Outcomes seen = new Outcomes();
        PingRequest request =
                PingRequest.of("127.0.0.1", 16, Duration.ofSeconds(10), 3).interval(Duration.ofSeconds(1));
        on(() -> net.ping(c, request, seen));
        Await.until("the first reply", () -> seen.events.size() == 1);
        on(() -> {
            net.dropContext(c);
            return null;
        });
        time.advance(Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(1));
        PingObserver.Summary sum = seen.summary.get(5, TimeUnit.SECONDS);
        assertThat(List.copyOf(seen.events))
                .containsExactly("reply", "lost CONTEXT_INACTIVE", "lost CONTEXT_INACTIVE", "finished");
        assertThat(sum.sent()).isEqualTo(3);
        assertThat(sum.received()).isEqualTo(1);
        assertThat(sum.lost()).isEqualTo(2);
    }

    @Test
    void aPingInAContextThatIsDownSendsNothing() throws Exception {
        PdpContext c = on(() -> net.context(2));
        Outcomes seen = new Outcomes();
        on(() -> net.ping(c, PingRequest.of("127.0.0.1", 16, Duration.ofSeconds(4), 2), seen));
        Await.until("the outcome", () -> !seen.events.isEmpty());
        assertThat(List.copyOf(seen.events)).containsExactly("failed CONTEXT_INACTIVE");
    }

    @Test
    void theAverageRoundTripIsTruncatedOrRoundedAsTheModuleWritesIt() {
        PingStats stats = new PingStats();
        stats.send();
        stats.received(1);
        stats.send();
        stats.received(2);
        stats.send();
        PingObserver.Summary truncated = stats.summary(null, PingRequest.Average.TRUNCATED);
        assertThat(truncated.avg()).isEqualTo(1);
        assertThat(stats.summary(null, PingRequest.Average.ROUNDED).avg()).isEqualTo(2);
        assertThat(truncated)
                .extracting(s -> s.sent(), s -> s.received(), s -> s.lost(), s -> s.min(), s -> s.max())
                .containsExactly(3, 2, 1, 1L, 2L);
        assertThat(new PingStats().summary(null, PingRequest.Average.ROUNDED).min())
                .isZero();
    }

    /** Every outcome a ping reports, in order. */
    private static final class Outcomes implements PingObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Summary> summary = new CompletableFuture<>();

        @Override
        public void reply(Reply reply) {
            events.add("reply");
        }

        @Override
        public void lost(NetError error) {
            events.add("lost " + error);
        }

        @Override
        public void finished(Summary s) {
            events.add("finished");
            summary.complete(s);
        }

        @Override
        public void failed(NetError error) {
            events.add("failed " + error);
        }
    }
}
