package io.vmodem.dialect.common;

import io.vmodem.at.AtEngine;
import io.vmodem.at.Urc;
import io.vmodem.modem.RadioLink;

/**
 * URCs that cross the radio: what the network starts (data, a close, an incoming client) waits for
 * the module to hear it, and the answer to what the host started wakes the radio first. The timing
 * is the modem's {@link RadioLink}; this only hands it the URCs of one dialect's engine.
 */
public final class RadioUrcs {
    private final RadioLink link;
    private final AtEngine engine;

    public RadioUrcs(RadioLink link, AtEngine engine) {
        this.link = link;
        this.engine = engine;
    }

    /** The host's command makes the module transmit: the radio connects now. */
    public void uplink() {
        link.uplink();
    }

    /** The network answers something the host started: whatever waited comes first, then this. */
    public void answer(Urc urc) {
        link.answer(() -> engine.urc(urc));
    }

    public void answer(String line) {
        answer(Urc.line(line));
    }

    /** An event the network started: reported as soon as the module can hear it. */
    public void downlink(Urc urc) {
        link.downlink(() -> engine.urc(urc));
    }

    public void downlink(String line) {
        downlink(Urc.line(line));
    }

    /**
     * How many bytes a URC of an event the network starts now writes before the host's link says it
     * is full: 0 unless the URC would go out at once (the radio hears it, the engine is idle).
     */
    public int downlinkRoom() {
        return link.downlinkNow() ? engine.urcRoom() : 0;
    }

    /** {@code <rai_mode>} 1: release the connection right after this uplink. */
    public void releaseAfterUplink() {
        link.releaseAfterUplink();
    }

    /** {@code <rai_mode>} 2: release the connection after the next downlink packet. */
    public void releaseAfterNextDownlink() {
        link.releaseAfterNextDownlink();
    }

    public RadioLink.State state() {
        return link.state();
    }

    /** {@code <mode>} of {@code +CSCON}: 1 connected, 0 idle (or asleep). */
    public int signallingMode() {
        return link.signallingMode();
    }
}
