package io.vmodem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.testing.peers.ControlledServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A host at a modem whose socket reaches a real peer that only reads: what a data-path property
 * reuses across its tries. The peer's bytes are taken try by try with {@link #next}.
 */
public final class HostAndPeer implements AutoCloseable {
    private final LineEndHost host;
    private final ControlledServer.Client peer;
    private int taken;

    /**
     * A booted modem of {@code dialect} answering after {@code responseDelay}; {@code setUp} opens
     * its socket to {@code server}.
     */
    public HostAndPeer(Dialect dialect, Duration responseDelay, ControlledServer server, Consumer<LineEndHost> setUp)
            throws InterruptedException {
        ModemHarness modem = new ModemHarness(dialect, ModemSettings.defaults().withResponseDelay(responseDelay));
        host = new LineEndHost(modem, responseDelay).boot();
        host.setUp("ATE0").expectLine("ATE0").expectLine("OK");
        setUp.accept(host);
        peer = server.awaitClient();
    }

    public LineEndHost host() {
        return host;
    }

    public ModemHarness modem() {
        return host.modem();
    }

    /** The next {@code n} bytes the peer received. */
    public byte[] next(int n) throws InterruptedException {
        byte[] all = peer.awaitReceived(taken + n);
        taken += n;
        return Arrays.copyOfRange(all, taken - n, taken);
    }

    /** Checks that nothing more reached the peer and the modem counted no fault, and powers off. */
    @Override
    public void close() {
        try {
            assertThat(peer.received())
                    .as("bytes the peer got beyond those taken")
                    .hasSize(taken);
            assertThat(modem().faults()).isZero();
        } finally {
            modem().close();
        }
    }
}
