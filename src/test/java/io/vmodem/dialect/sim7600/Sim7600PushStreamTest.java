package io.vmodem.dialect.sim7600;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.net.TcpConnection;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream pushed to the host (AT+CIPRXGET=0, RECV FROM and +IPD before each piece): a host that
 * keeps up takes it in network reads larger than the socket's buffer, since each read goes on to
 * the link in the same call; a host that reads slowly holds the peer back. Either way every byte
 * comes, in order, and the socket never holds more than its buffer's limit.
 */
class Sim7600PushStreamTest {
    private static final int BUFFER = 16 * 1024;

    private ModemHarness modem;

    @BeforeEach
    void boot() {
        modem = new ModemHarness(new Sim7600Dialect()).bootQuiet();
        modem.send("AT+NETOPEN").expectLine("OK").expectLine("+NETOPEN: 0");
    }

    @AfterEach
    void close() throws Exception {
        assertThat(modem.faults()).isZero();
        modem.close();
    }

    @Test
    void aHostKeepingUpTakesTheStreamInReadsLargerThanTheBuffer() throws Exception {
        Streamed s = stream(1024 * 1024, 21);
        assertThat(s.held()).as("bytes the socket held").isLessThanOrEqualTo(BUFFER);
        assertThat(s.largestRead()).isGreaterThan(BUFFER);
    }

    @Test
    void aSlowHostsSocketReadsNoMoreThanItsRoom() throws Exception {
        modem.link().capacity(8 * 1024);
        Streamed s = stream(1024 * 1024, 22);
        assertThat(s.held()).as("bytes the socket held").isLessThanOrEqualTo(BUFFER);
        assertThat(s.largestRead()).isLessThanOrEqualTo(BUFFER);
    }

    /** The most the socket held, and its largest read from the network. */
    private record Streamed(int held, int largestRead) {}

    /** A peer streams {@code length} random bytes to link 0; the host reads them all from the pushes. */
    private Streamed stream(int length, long seed) throws Exception {
        try (ControlledServer server = new ControlledServer()) {
            modem.send("AT+CIPOPEN=0,\"TCP\",\"" + server.host() + "\"," + server.port())
                    .expectLine("OK")
                    .expectLine("+CIPOPEN: 0,0");
            byte[] sent = new byte[length];
            new Random(seed).nextBytes(sent);
            Thread writer = server.awaitClient().sendInBackground(sent);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int held = 0;
            while (got.size() < sent.length) {
                assertThat(modem.nextLine()).isEqualTo("RECV FROM:" + server.host() + ":" + server.port());
                String ipd = modem.nextLine();
                assertThat(ipd).startsWith("+IPD");
                got.writeBytes(modem.nextBytes(Integer.parseInt(ipd.substring("+IPD".length()))));
                held = Math.max(held, modem.onLoop(() -> link0().heldBytes()));
            }
            writer.join(10_000);
            assertThat(got.toByteArray()).isEqualTo(sent);
            int largestRead = modem.onLoop(() -> link0().largestRead());
            modem.send("AT+CIPCLOSE=0").expectLine("OK").expectLine("+CIPCLOSE: 0,0");
            return new Streamed(held, largestRead);
        } finally {
            modem.link().capacity(Integer.MAX_VALUE);
        }
    }

    private TcpConnection link0() {
        return (TcpConnection) ((Sim7600Session) modem.session()).link(0).net;
    }
}
