package io.vmodem.runtime;

import io.netty.util.NetUtil;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetSocket;
import io.vmodem.net.PdpContext;
import io.vmodem.net.ServiceRun;
import io.vmodem.net.Services;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lists of a {@link ModemSnapshot}, read from the modem's parts on its loop. */
final class SnapshotParts {
    private SnapshotParts() {}

    static List<ModemSnapshot.Context> contexts(ModemNetwork network) {
        List<ModemSnapshot.Context> contexts = new ArrayList<>();
        for (PdpContext c : network.contexts()) {
            contexts.add(new ModemSnapshot.Context(
                    c.id(),
                    c.state().name().toLowerCase(Locale.ROOT),
                    c.address() == null ? null : c.addressText(),
                    c.apn()));
        }
        return contexts;
    }

    /** The module's sockets by its numbers; one still opening has no counters yet. */
    static List<ModemSnapshot.Socket> sockets(List<ModuleSocket> moduleSockets) {
        List<ModemSnapshot.Socket> sockets = new ArrayList<>();
        for (ModuleSocket s : moduleSockets) {
            NetSocket n = s.net();
            if (n == null) {
                sockets.add(new ModemSnapshot.Socket(s.id(), s.type(), "opening", null, s.host(), 0, 0, 0, 0, 0));
                continue;
            }
            sockets.add(new ModemSnapshot.Socket(
                    s.id(),
                    s.type(),
                    n.state().name().toLowerCase(Locale.ROOT),
                    text(n.localAddress()),
                    text(n.remoteAddress()),
                    n.sent(),
                    n.acknowledged(),
                    n.received(),
                    n.readTotal(),
                    n.unread()));
        }
        return sockets;
    }

    static List<ModemSnapshot.Service> services(Services services) {
        List<ModemSnapshot.Service> list = new ArrayList<>();
        for (ServiceRun run : services.runs()) {
            list.add(new ModemSnapshot.Service(
                    run.kind().name().toLowerCase(Locale.ROOT),
                    run.context() == null ? 0 : run.context().id(),
                    run.target(),
                    run.progress()));
        }
        return list;
    }

    private static String text(InetSocketAddress a) {
        return a == null ? null : NetUtil.toSocketAddressString(a);
    }
}
