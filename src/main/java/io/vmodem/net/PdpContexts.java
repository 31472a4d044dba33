package io.vmodem.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One modem's PDP contexts: configured, activated after the network's delay with an address from
 * the host's pool, deactivated, or dropped by the network. The sockets of a context that goes down
 * close with it.
 */
final class PdpContexts {
    private final ModemNetwork network;
    private final PdpContext[] contexts = new PdpContext[ModemNetwork.MAX_CONTEXT_ID + 1];

    PdpContexts(ModemNetwork network) {
        this.network = network;
    }

    PdpContext context(int id) {
        if (id < 0 || id > ModemNetwork.MAX_CONTEXT_ID) {
            throw new IllegalArgumentException("no context " + id);
        }
        PdpContext c = contexts[id];
        if (c == null) {
            c = new PdpContext(id);
            contexts[id] = c;
        }
        return c;
    }

    /** Contexts that exist (configured or used), in ID order. */
    List<PdpContext> all() {
        List<PdpContext> list = new ArrayList<>();
        for (PdpContext c : contexts) {
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    int active() {
        int n = 0;
        for (PdpContext c : contexts) {
            if (c != null && c.state() != PdpContext.State.INACTIVE) {
                n++;
            }
        }
        return n;
    }

    void activate(PdpContext context, Consumer<NetError> done) {
        var scheduler = network.guard();
        if (context.active()) {
            scheduler.execute(() -> done.accept(null));
            return;
        }
        if (context.state() != PdpContext.State.INACTIVE) {
            scheduler.execute(() -> done.accept(NetError.ACTIVATION_FAILED));
            return;
        }
        NetSettings settings = network.settings();
        if (active() >= settings.maxActiveContexts()) {
            scheduler.execute(() -> done.accept(NetError.TOO_MANY_CONTEXTS));
            return;
        }
        int attempt = context.activating();
        scheduler.schedule(
                () -> {
                    if (!context.activating(attempt)) {
                        done.accept(NetError.ACTIVATION_FAILED);
                        return;
                    }
                    AddressPool pool = network.host().pool();
                    // The network refuses as it answers: a refusal counts when the answer comes.
                    boolean refused = network.settings().failActivation()
                            || network.conditions().activationRefused();
                    InetAddress address = refused ? null : pool.allocate();
                    if (address == null) {
                        context.deactivated();
                        done.accept(NetError.ACTIVATION_FAILED);
                        return;
                    }
                    context.activated(address, pool.bindable());
                    network.observer().contextActivated(context);
                    done.accept(null);
                },
                network.conditions().activationDelay(settings));
    }

    void deactivate(PdpContext context, Consumer<NetError> done) {
        if (context.state() == PdpContext.State.INACTIVE) {
            network.guard().execute(() -> done.accept(null));
            return;
        }
        closeSockets(context, false);
        context.deactivating();
        network.guard()
                .schedule(
                        () -> {
                            release(context);
                            done.accept(null);
                        },
                        network.settings().deactivationDelay());
    }

    /** The network drops a context: its sockets end, and the host is told. */
    boolean drop(PdpContext context) {
        if (!context.active()) {
            return false;
        }
        closeSockets(context, true);
        release(context);
        return true;
    }

    /** Power-off: every context released. */
    void releaseAll() {
        for (PdpContext c : contexts) {
            if (c != null && c.state() != PdpContext.State.INACTIVE) {
                release(c);
            }
        }
    }

    private void release(PdpContext context) {
        InetAddress a = context.deactivated();
        if (a != null) {
            network.host().pool().release(a);
            network.observer().contextDeactivated(context);
        }
    }

    private void closeSockets(PdpContext context, boolean tellHost) {
        for (NetSocket s : network.sockets()) {
            if (s.context() == context) {
                if (tellHost) {
                    s.endedByNetwork(CloseCause.CONTEXT_LOST);
                }
                s.close();
            }
        }
    }
}
