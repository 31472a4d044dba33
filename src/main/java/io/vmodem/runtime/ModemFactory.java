package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.at.DtePort;
import io.vmodem.dialect.Dialect;
import io.vmodem.modem.Identity;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.ModemNetwork;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.time.Scheduler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes modems: one dialect, one set of settings, shared host network. Each new modem gets the next
 * serial number, hence its own IMEI, and is pinned to one event loop.
 */
public final class ModemFactory {
    private final HostNetwork host;
    private final Dialect dialect;
    private final ModemSettings settings;
    private final AtomicLong nextSerial;

    public ModemFactory(HostNetwork host, Dialect dialect, ModemSettings settings, long firstSerial) {
        this.host = host;
        this.dialect = dialect;
        this.settings = settings;
        this.nextSerial = new AtomicLong(firstSerial);
    }

    public Dialect dialect() {
        return dialect;
    }

    public ModemSettings settings() {
        return settings;
    }

    public HostNetwork host() {
        return host;
    }

    /** A powered-off modem on {@code loop} in real time; the caller powers it on. */
    public VirtualModem create(EventLoop loop, DtePort port) {
        return create(loop, new EventLoopScheduler(loop), port);
    }

    /** A powered-off modem on {@code loop} with the given scheduler (virtual time in tests). */
    public VirtualModem create(EventLoop loop, Scheduler scheduler, DtePort port) {
        long serial = nextSerial.getAndIncrement();
        Identity identity = Identity.of(dialect.profile(), serial);
        NvStore nv = settings.stateDir() == null
                ? NvStore.inMemory()
                : NvStore.open(settings.stateDir().resolve(dialect.name()), identity.imei());
        ModemNetwork network = new ModemNetwork(host, loop, scheduler, settings.net());
        Modem modem = new Modem(dialect.profile(), identity, settings, scheduler, network, nv);
        return new VirtualModem(loop, dialect.open(modem, port));
    }
}
