package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.Await;
import io.vmodem.testing.peers.ControlledServer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A connection whose buffer filled after the peer's FIN is registered with its loop anew before it
 * reads again (see {@link TcpConnection}). The transport may close the channel at the end of the
 * stream before that re-registration has run; the peer's close must still be reported.
 */
class RewatchCloseTest extends NetworkOnLoopTest {

    /**
     * The interleaving the epoll transport produces when one event carries both data and the FIN:
     * the host reads while the data is handled (the re-registration is queued), then the same event
     * reads the rest and the FIN and closes the channel. Netty's queued deregistration then finds the
     * channel closed and tears its pipeline down, so no {@code channelInactive} ever comes.
     */
    @Test
    void aChannelThatClosesWhileTheSocketIsRewatchedStillEndsTheSocket() throws Exception {
        int limit = NetSettings.defaults().rxBufferBytes();
        try (ControlledServer server = new ControlledServer()) {
            PdpContext c = active(1);
            Events events = new Events();
            TcpConnection conn = connect(c, server.host(), server.port(), events);
            ControlledServer.Client peer = server.awaitClient();
            byte[] sent = new byte[2 * limit];
            new Random(7).nextBytes(sent);
            Thread writer = peer.sendInBackground(sent); // the kernel holds what the buffer does not
            Await.until("the buffer fills", () -> on(conn::heldBytes) == limit);
            writer.join();
            peer.close();
            Await.until("the FIN is seen with no room to read up to it", () -> on(conn::mustRewatch));
            boolean rewatching = on(() -> {
                conn.read(1500); // room again: the socket is registered anew, later in this pass
                boolean queued = conn.rewatching();
                conn.channel.close(); // as the transport does on reading the end of the stream
                return queued;
            });
            assertThat(rewatching)
                    .as("the re-registration was under way when the channel closed")
                    .isTrue();
            Await.until("the peer's close is reported", events.closed::isDone);
            assertThat(events.closed.get()).isEqualTo(CloseCause.PEER);
            assertThat(on(conn::state)).isEqualTo(SocketState.CLOSING);
        }
    }
}
