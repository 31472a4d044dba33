package io.vmodem.api;

import io.vmodem.control.ControlServer;
import io.vmodem.dialect.Dialect;
import io.vmodem.modem.NvStore;
import io.vmodem.net.HostNetwork;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.trace.TraceLog;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link ModemServer} starts and must stop: the trace file, the host network and its event
 * loops, the link (a TCP listener or a pty), the control API. Started in that order, closed in the
 * reverse, so a server that fails half-way leaves nothing behind.
 */
final class ServerRuntime {
    /** How long hanging up waits for each modem to have powered off and left. */
    private static final Duration HANG_UP_TIME = Duration.ofSeconds(5);

    private final ModemServer.Link link;
    private final Path ptySymlink;
    private final ModemRoster roster;
    private TraceLog trace;
    private HostNetwork host;
    private ModemFactory factory;
    private TcpLinkServer tcp;
    private InetSocketAddress address;
    private volatile PtyLink pty;
    private ControlServer control;

    ServerRuntime(ServerOptions o, ModemRoster roster) {
        this.link = o.link;
        this.ptySymlink = o.ptySymlink;
        this.roster = roster;
    }

    /** Starts everything {@code o} asks for; what it started is for {@link #close()} to stop. */
    void start(ServerOptions o, Dialect dialect, Fleet fleet) throws IOException {
        if (o.trace != null) {
            trace = TraceLog.open(o.trace.toString());
        }
        host = HostNetwork.start(o.threads, o.ipPool(), o.policy());
        factory = new ModemFactory(host, dialect, o.modemSettings(), o.firstSerial, o.layers(trace), o.clock, fleet);
        if (link == ModemServer.Link.TCP) {
            tcp = new TcpLinkServer(factory);
            try {
                address = tcp.start(o.listen);
            } catch (RuntimeException e) { // Netty rethrows the bind's IOException unchecked
                throw new IOException("cannot listen on " + o.listen + ": " + e.getMessage(), e);
            }
        } else {
            pty = openPty();
        }
        if (o.control != null) {
            control = ControlServer.start(fleet, o.control);
        }
    }

    private PtyLink openPty() throws IOException {
        PtyLink p = new PtyLink(factory, ptySymlink);
        p.start();
        return p;
    }

    InetSocketAddress address() {
        return address;
    }

    /** The pty now, null on a TCP server or between a hang-up and the next pty. */
    PtyLink pty() {
        return pty;
    }

    Optional<URI> controlUri() {
        return control == null ? Optional.empty() : Optional.of(URI.create(control.url()));
    }

    /** The link, for messages: {@code tcp /127.0.0.1:4021}, {@code pty /dev/pts/3}. */
    String where() {
        PtyLink p = pty;
        return link == ModemServer.Link.TCP ? "tcp " + address : "pty " + (p == null ? "(none)" : p.slavePath());
    }

    /** Hangs up every link, waits for each modem to have left; a pty server gets a fresh pty. */
    void reset() throws IOException {
        hangUp();
        roster.forget();
        if (link == ModemServer.Link.PTY) {
            pty = openPty();
        }
    }

    /** Hangs up every link and waits for each modem to have left. */
    private void hangUp() {
        if (tcp != null) {
            tcp.closeLinks();
        }
        PtyLink p = pty;
        if (p != null) {
            pty = null;
            p.close();
        }
        roster.awaitGone(HANG_UP_TIME); // each leaves on its own loop, right after its link closed
    }

    /** Stops the control API, hangs up, stops listening and the loops, and closes the trace file. */
    void close() {
        if (control != null) {
            control.close();
        }
        hangUp();
        if (tcp != null) {
            tcp.close();
        }
        roster.unfollow();
        if (host != null) {
            host.close();
        }
        NvStore.awaitWritten(Duration.ofSeconds(5));
        if (trace != null) {
            trace.close();
        }
        roster.forget();
    }
}
