package io.vmodem.modem;

import io.vmodem.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The radio side of a module, the same model under every dialect: its functionality level ({@code
 * AT+CFUN}), what the network makes of it (registration: home, roaming, denied, searching), its
 * packet domain attach ({@code AT+CGATT}), its signal, and its connection to the network ({@link
 * RadioLink}: connected, idle, power saving).
 *
 * <p>The simulated network registers the module as soon as the radio is on, in coverage (a signal
 * it can measure) and its SIM ready, and attaches it to the packet domain unless the host detached
 * it or the network took the attach away. Tests and the fault model change the world through {@link
 * #coverage}, {@link #registration}, {@link #signal}, {@link #packetService} and {@link #sim};
 * listeners hear what the module would notice, and the dialects word it as URCs ({@code +CEREG:},
 * {@code +QIND: "csq"}, {@code +CNSMOD:}). Confined to the modem's event loop.
 *
 * <p>Two registrations are reported: {@link #status()}, the circuit-switched one of {@code +CREG},
 * and {@link #packetStatus()}, the packet domain's of {@code +CGREG} and {@code +CEREG}, which is
 * "not registered" while the module is detached (27.007 10.1.19-10.1.22).
 */
public final class Radio {
    /** 3GPP 27.007 registration status values ({@code <stat>} of {@code +CREG}, {@code +CEREG}). */
    public static final int NOT_REGISTERED = 0;

    public static final int REGISTERED_HOME = 1;
    public static final int SEARCHING = 2;
    public static final int DENIED = 3;
    public static final int UNKNOWN = 4;
    public static final int REGISTERED_ROAMING = 5;

    /** {@code AT+CSQ}'s "not known or not detectable", for both values. */
    public static final int SIGNAL_UNKNOWN = 99;

    public interface Listener {
        /**
         * What the module reports changed: its registration ({@code status}, {@link #status()}) or its
         * packet domain's ({@link #packetStatus()}), or both.
         */
        void registrationChanged(int status);

        /** The network took the packet attach away ({@code true}), or lets the module attach again. */
        default void detachedByNetwork(boolean detached) {}
    }

    public interface SignalListener {
        /** The signal {@code AT+CSQ} reports changed: {@code rssi} 0-31 or 99, {@code ber} 0-7 or 99. */
        void signalChanged(int rssi, int ber);
    }

    private final List<Listener> listeners = new ArrayList<>(1);
    private final List<SignalListener> signalListeners = new ArrayList<>(1);
    private final RadioLink link;
    private int functionality = 1;
    private boolean coverage = true;
    private int network = REGISTERED_HOME;
    private int status = REGISTERED_HOME;
    private int packetStatus = REGISTERED_HOME;
    private boolean simReady = true;
    private boolean packetService = true;
    private boolean attachWanted = true;
    private int rssi;
    private int ber;
    private int reportedRssi;
    private int reportedBer;

    /**
     * @param rssi the signal level in coverage, as {@code AT+CSQ} reports it (0-31)
     * @param ber the bit error rate in coverage (0-7, 99 unknown)
     */
    public Radio(Scheduler scheduler, int rssi, int ber) {
        this.link = new RadioLink(scheduler);
        checkSignal(rssi, ber);
        this.rssi = rssi;
        this.ber = ber;
        this.reportedRssi = rssi;
        this.reportedBer = ber;
    }

    /** The connection to the network: connected, idle or asleep, and what waits for it. */
    public RadioLink link() {
        return link;
    }

    public int functionality() {
        return functionality;
    }

    /** 0 minimum, 1 full, 4 airplane: the radio is on only at 1. */
    public void functionality(int level) {
        functionality = level;
        update();
    }

    public boolean coverage() {
        return coverage;
    }

    /** Fault injection: the network disappears (false: the module searches) or comes back (true). */
    public void coverage(boolean present) {
        coverage = present;
        update();
    }

    /**
     * Fault injection: what the network does with the module while its radio is on and in coverage:
     * {@link #REGISTERED_HOME}, {@link #REGISTERED_ROAMING}, {@link #DENIED}, {@link #SEARCHING},
     * {@link #NOT_REGISTERED} or {@link #UNKNOWN}.
     */
    public void registration(int state) {
        if (state < NOT_REGISTERED || state > REGISTERED_ROAMING) {
            throw new IllegalArgumentException("a registration status is 0-5: " + state);
        }
        network = state;
        update();
    }

    /** What the network does with the module when it can reach it (see {@link #registration(int)}). */
    public int registration() {
        return network;
    }

    /**
     * Fault injection: whether the network keeps the module attached to the packet domain. False:
     * it detaches the module and refuses a new attach (the module keeps trying: {@code +CEREG: 2});
     * true again: the module attaches as soon as it is registered.
     */
    public void packetService(boolean granted) {
        if (packetService == granted) {
            return;
        }
        packetService = granted;
        update();
        for (Listener l : List.copyOf(listeners)) {
            l.detachedByNetwork(!granted);
        }
    }

    /** Whether the network lets the module attach to the packet domain (see {@link #packetService}). */
    public boolean packetService() {
        return packetService;
    }

    /** The SIM is ready (true), or removed or not ready: the network registers no module without one. */
    public void sim(boolean ready) {
        simReady = ready;
        update();
    }

    /** The host attaches ({@code AT+CGATT=1}) or detaches ({@code AT+CGATT=0}) the packet domain. */
    public void attach(boolean wanted) {
        attachWanted = wanted;
        update();
    }

    /** Whether the host wants the module attached ({@code AT+CGATT}); true from power-up. */
    public boolean attachWanted() {
        return attachWanted;
    }

    /**
     * Whether the module is attached to the packet domain ({@code +CGATT: 1}): registered, the host
     * has not detached it and the network has not taken the attach away.
     */
    public boolean attached() {
        return registered() && attachWanted && packetService;
    }

    /**
     * Whether packets can cross the radio now: attached, which also means in coverage with a signal
     * (rssi 99 is no coverage). Sockets need it to connect and to send.
     */
    public boolean carriesData() {
        return attached();
    }

    /**
     * Whether the module can attach when it is asked to ({@code AT+CGATT=1}, an activation that
     * attaches first): registered, and the network grants the packet domain.
     */
    public boolean canAttach() {
        return registered() && packetService;
    }

    /**
     * Fault injection: the signal level in coverage. {@code rssi} 0-31 (or 99 not detectable), {@code
     * ber} 0-7 (or 99 unknown), as {@code AT+CSQ} reports them.
     */
    public void signal(int rssi, int ber) {
        checkSignal(rssi, ber);
        this.rssi = rssi;
        this.ber = ber;
        update();
    }

    /** The registration status the module reports ({@code <stat>}). */
    public int status() {
        return status;
    }

    /**
     * The packet domain's registration ({@code +CGREG}, {@code +CEREG}): the registration while
     * attached; while detached, 0 when the host detached the module, 2 while the network refuses the
     * attach and the module keeps trying.
     */
    public int packetStatus() {
        return packetStatus;
    }

    /** Registered, at home or roaming: the packet network can be used. */
    public boolean registered() {
        return isRegistered(status);
    }

    private static boolean isRegistered(int stat) {
        return stat == REGISTERED_HOME || stat == REGISTERED_ROAMING;
    }

    /** {@code AT+CSQ} {@code <rssi>}: the level while the radio is on and in coverage, else 99. */
    public int rssi() {
        return reportedRssi;
    }

    /** {@code AT+CSQ} {@code <ber>}: while the radio is on and in coverage, else 99. */
    public int ber() {
        return reportedBer;
    }

    /** The LTE measurements that go with {@link #rssi()}: RSRP, RSRQ, SINR; nothing heard at 99. */
    public SignalQuality quality() {
        return SignalQuality.of(reportedRssi);
    }

    /** The received signal strength in dBm that {@link #rssi()} stands for (27.007: -113 + 2n). */
    public int rssiDbm() {
        return reportedRssi == SIGNAL_UNKNOWN ? -113 : -113 + 2 * reportedRssi;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void addSignalListener(SignalListener l) {
        signalListeners.add(l);
    }

    /**
     * Back to power-up state without telling anyone: full functionality, attach wanted and an idle
     * link. The world around the module (coverage, the network's answer, the signal, the SIM) stays
     * as it was.
     */
    public void reset() {
        functionality = 1;
        attachWanted = true;
        status = computeStatus();
        packetStatus = computePacketStatus(status);
        reportedRssi = computeRssi();
        reportedBer = computeBer();
        link.reset();
    }

    private void update() {
        int next = computeStatus();
        int nextPacket = computePacketStatus(next);
        if (next != status || nextPacket != packetStatus) {
            status = next;
            packetStatus = nextPacket;
            for (Listener l : List.copyOf(listeners)) {
                l.registrationChanged(next);
            }
        }
        int r = computeRssi();
        int b = computeBer();
        if (r != reportedRssi || b != reportedBer) {
            reportedRssi = r;
            reportedBer = b;
            for (SignalListener l : signalListeners) {
                l.signalChanged(r, b);
            }
        }
    }

    private boolean hearsNetwork() {
        return functionality == 1 && coverage;
    }

    /** Off, or without a SIM: not registered; out of coverage or with no signal: searching. */
    private int computeStatus() {
        if (functionality != 1 || !simReady) {
            return NOT_REGISTERED;
        }
        return coverage && rssi != SIGNAL_UNKNOWN ? network : SEARCHING;
    }

    private int computePacketStatus(int stat) {
        if (!isRegistered(stat)) {
            return stat;
        }
        return !attachWanted ? NOT_REGISTERED : !packetService ? SEARCHING : stat;
    }

    private int computeRssi() {
        return hearsNetwork() ? rssi : SIGNAL_UNKNOWN;
    }

    private int computeBer() {
        return hearsNetwork() ? ber : SIGNAL_UNKNOWN;
    }

    private static void checkSignal(int rssi, int ber) {
        if ((rssi < 0 || rssi > 31) && rssi != SIGNAL_UNKNOWN) {
            throw new IllegalArgumentException("rssi is 0-31 or 99: " + rssi);
        }
        if ((ber < 0 || ber > 7) && ber != SIGNAL_UNKNOWN) {
            throw new IllegalArgumentException("ber is 0-7 or 99: " + ber);
        }
    }
}
