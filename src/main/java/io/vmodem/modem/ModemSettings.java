package io.vmodem.modem;

import io.vmodem.net.NetSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a modem is run, from the command line: network behaviour, how long power-up takes, and where
 * non-volatile state lives.
 *
 * @param net buffers, activation delays and injected failures of the simulated network
 * @param bootDelay from power-up to the first URC ({@code RDY})
 * @param rebootDelay from {@code POWERED DOWN} to power-up again on a reboot command
 * @param stateDir where each modem's non-volatile store is kept, or null for memory only
 */
public record ModemSettings(NetSettings net, Duration bootDelay, Duration rebootDelay, Path stateDir) {

    public static ModemSettings defaults() {
        return new ModemSettings(NetSettings.defaults(), Duration.ofMillis(20), Duration.ofSeconds(2), null);
    }

    public ModemSettings withNet(NetSettings net) {
        return new ModemSettings(net, bootDelay, rebootDelay, stateDir);
    }

    public ModemSettings withBootDelay(Duration delay) {
        return new ModemSettings(net, delay, rebootDelay, stateDir);
    }

    public ModemSettings withStateDir(Path dir) {
        return new ModemSettings(net, bootDelay, rebootDelay, dir);
    }
}
