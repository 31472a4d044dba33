package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.Await;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that vanishes without FIN or RST: data goes out unacknowledged until TCP gives up. */
class PeerUnreachableTest extends NetworkOnLoopTest {
    @Test
    void sendsAreTakenButNeverAcknowledgedUntilRetransmissionGivesUp() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            Events events = new Events();
            TcpConnection conn = connect(active(1), server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            assertThat(on(() -> conn.send("ok".getBytes()))).isNull();
            peer.awaitReceived(2);
            Await.until("the peer acknowledges", () -> on(conn::acknowledged) == 2);

            on(() -> {
                conn.peerUnreachable(Duration.ofSeconds(30));
                return null;
            });
            assertThat(on(() -> conn.send("ACK".getBytes()))).isNull();
            assertThat(on(conn::sent)).isEqualTo(5);
            assertThat(on(conn::acknowledged)).isEqualTo(2);
            assertThat(on(conn::unacknowledged)).isEqualTo(3);

            time.advance(Duration.ofSeconds(29));
            assertThat(events.closed).isNotDone();
            time.advance(Duration.ofSeconds(1));
            assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCause.SEND_TIMEOUT);
            assertThat(on(conn::state)).isEqualTo(SocketState.CLOSING);
            assertThat(on(conn::unacknowledged)).isEqualTo(3);
            Await.until("the peer sees the close", peer::closedByPeer);
            assertThat(peer.received()).hasSize(2);
        }
    }

    @Test
    void withoutAGiveUpTimeTheConnectionWaitsForever() throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            Events events = new Events();
            TcpConnection conn = connect(active(1), server.host(), server.port(), events);
            on(() -> {
                conn.peerUnreachable(null);
                return conn.send("ACK".getBytes());
            });
            time.advance(Duration.ofHours(1));
            assertThat(events.closed).isNotDone();
            assertThat(on(conn::unacknowledged)).isEqualTo(3);
            on(() -> {
                conn.close();
                return null;
            });
            assertThat(on(conn::state)).isEqualTo(SocketState.CLOSED);
        }
    }
}
