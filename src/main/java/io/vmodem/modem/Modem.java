package io.vmodem.modem;

import io.vmodem.net.ModemNetwork;
import io.vmodem.net.TlsSettings;
import io.vmodem.time.GuardedScheduler;
import io.vmodem.time.Scheduler;
import java.util.Objects;

/**
 * One emulated module's state below the AT interface: what it is (profile and identity), how it
 * runs (settings, clock, scheduler), its radio, its non-volatile store, its files and its packet data network.
 * Everything here is confined to the modem's event loop.
 */
public final class Modem {
    private final ModemProfile profile;
    private final Identity identity;
    private final ModemSettings settings;
    private final GuardedScheduler scheduler;
    private final ModemNetwork network;
    private final NvStore nv;
    private final FileStore files;
    private final ModemClock clock;
    private final Radio radio;
    private final PowerSavingSettings powerSaving;
    private final SimCard sim;
    private final PowerSupply supply = new PowerSupply();
    private final ConnectIdLeaks leaks = new ConnectIdLeaks();
    private final SslContexts ssl = new SslContexts();

    public Modem(
            ModemProfile profile,
            Identity identity,
            ModemSettings settings,
            Scheduler scheduler,
            ModemNetwork network,
            NvStore nv) {
        this(profile, identity, settings, scheduler, network, nv, FileStore.inMemory(FileLimits.NONE));
    }

    public Modem(
            ModemProfile profile,
            Identity identity,
            ModemSettings settings,
            Scheduler scheduler,
            ModemNetwork network,
            NvStore nv,
            FileStore files) {
        this.profile = Objects.requireNonNull(profile);
        this.identity = Objects.requireNonNull(identity);
        this.settings = Objects.requireNonNull(settings);
        this.scheduler = GuardedScheduler.of(scheduler);
        this.network = Objects.requireNonNull(network);
        this.nv = Objects.requireNonNull(nv);
        this.files = Objects.requireNonNull(files);
        this.clock = new ModemClock(scheduler);
        this.radio = new Radio(scheduler, profile.rssi(), profile.ber());
        this.powerSaving = new PowerSavingSettings(nv, profile);
        this.sim = new SimCard(identity, profile);
    }

    public ModemProfile profile() {
        return profile;
    }

    public Identity identity() {
        return identity;
    }

    public ModemSettings settings() {
        return settings;
    }

    /** The modem's time: every timer and task runs guarded and is dropped at a power-off. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The guard every way into the modem runs through: its power epoch and its fault handler. */
    public GuardedScheduler guard() {
        return scheduler;
    }

    public ModemNetwork network() {
        return network;
    }

    public NvStore nv() {
        return nv;
    }

    /** The module's SSL contexts: what its TLS connections are made with. */
    public SslContexts ssl() {
        return ssl;
    }

    /** What a TLS connection opened now with SSL context {@code sslContext} is made with: its settings, files and time. */
    public TlsSettings tls(int sslContext) {
        return ssl.context(sslContext).settings(files(), clock());
    }

    /** The module's file storage: certificates, keys, anything the host uploads. */
    public FileStore files() {
        return files;
    }

    public ModemClock clock() {
        return clock;
    }

    public Radio radio() {
        return radio;
    }

    /** The (U)SIM, as AT+CRSM reads it. */
    public SimCard sim() {
        return sim;
    }

    /**
     * The SIM changes state (a fault): the card first (the dialect words it), then the radio, which
     * registers only with a ready card; a card that goes takes the packet attach with it, so every
     * active context drops as the network drops them.
     */
    public void simState(SimCard.State state) {
        sim.state(state);
        radio.sim(state == SimCard.State.READY);
        if (state != SimCard.State.READY) {
            dropContexts();
        }
    }

    /**
     * The network detached the module ({@code false}: the attach is lost and refused until it is
     * given back) or lets it attach again: active contexts drop with the attach.
     */
    public void packetService(boolean granted) {
        radio.packetService(granted);
        if (!granted) {
            dropContexts();
        }
    }

    /** Every active context drops, as the network drops one: its sockets end, the host is told. */
    public void dropContexts() {
        for (io.vmodem.net.PdpContext c : network.contexts()) {
            network.dropContext(c);
        }
    }

    /** Connect IDs that never free again until the module reboots. */
    public ConnectIdLeaks connectIdLeaks() {
        return leaks;
    }

    /** The supply the module runs from: its voltage, as AT+CBC reports it. */
    public PowerSupply supply() {
        return supply;
    }

    /** What the host asked for with the power saving commands, kept in the non-volatile store. */
    public PowerSavingSettings powerSaving() {
        return powerSaving;
    }
}
