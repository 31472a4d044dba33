package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vmodem.testing.Await;
import io.vmodem.testing.LogCapture;
import io.vmodem.testing.peers.ControlledServer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A read that fills the receive buffer tells the reader at once, in the middle of the transport's
 * reads, so that a reader taking the bytes makes room for more in the same pass. A reader that
 * closes the socket then ends those reads: nothing is read from a closed socket.
 */
class ReaderClosesMidReadTest extends NetworkOnLoopTest {

    @Test
    void aReaderThatClosesTheSocketWhenTheBufferFillsEndsTheReads() throws Exception {
        int limit = NetSettings.defaults().rxBufferBytes();
        try (LogCapture log = LogCapture.of("io.vmodem.net", Level.DEBUG);
                ControlledServer server = new ControlledServer()) {
            Closer events = new Closer(limit);
            connect(active(1), server.host(), server.port(), events);
            byte[] sent = new byte[8 * limit]; // more than one read: the transport would read on
            new Random(3).nextBytes(sent);
            server.awaitClient().sendInBackground(sent);
            Await.until("the reader closed the full socket", () -> events.closedAt >= 0);
            assertThat(events.closedAt).isEqualTo(limit);
            assertThat(log.lines()).noneMatch(l -> l.contains("closing:"));
        }
    }

    /** Closes the socket the first time it hears of data with the buffer full. */
    private static final class Closer extends Events {
        private final int limit;
        volatile int closedAt = -1;

        Closer(int limit) {
            this.limit = limit;
        }

        @Override
        public void readable(NetSocket socket) {
            readable++;
            if (closedAt < 0 && socket.unread() >= limit) {
                closedAt = socket.unread();
                socket.close();
            }
        }
    }
}
