package io.vmodem.modem;

import io.vmodem.net.NetSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a modem is run, from the command line: network behaviour, how long power-up takes, how fast
 * the module answers, and where non-volatile state lives.
 *
 * @param net buffers, activation delays and injected failures of the simulated network
 * @param bootDelay from power-up (the link connecting, the tty opened) to the power-up URCs
 *     ({@code RDY}, ...); input before then is lost, as on a module's UART before it has booted
 * @param rebootDelay from {@code POWERED DOWN} to power-up again on a reboot command
 * @param stateDir where each modem's non-volatile store is kept, or null for memory only
 * @param responseDelay how long the module takes to answer each command (its first response: the
 *     final result, a {@code >} prompt or {@code CONNECT}); what the network then takes comes on top
 * @param commandDeadline how long a command may go without its answer before it ends with the
 *     module's error; null: the longest maximum response time in the module's manual
 */
public record ModemSettings(
        NetSettings net,
        Duration bootDelay,
        Duration rebootDelay,
        Path stateDir,
        Duration responseDelay,
        Duration commandDeadline) {

    /** The default boot time: a few hundred milliseconds, where a real module takes seconds. */
    public static final Duration DEFAULT_BOOT_DELAY = Duration.ofMillis(300);

    public ModemSettings {
        if (bootDelay.isNegative()) {
            throw new IllegalArgumentException("a boot time cannot be negative");
        }
        if (rebootDelay.isNegative()) {
            throw new IllegalArgumentException("a reboot time cannot be negative");
        }
        if (responseDelay.isNegative()) {
            throw new IllegalArgumentException("a response delay cannot be negative");
        }
        if (commandDeadline != null && (commandDeadline.isNegative() || commandDeadline.isZero())) {
            throw new IllegalArgumentException("a command deadline must be longer than 0");
        }
    }

    public static ModemSettings defaults() {
        return new ModemSettings(
                NetSettings.defaults(), DEFAULT_BOOT_DELAY, Duration.ofSeconds(2), null, Duration.ZERO, null);
    }

    public ModemSettings withNet(NetSettings net) {
        return new ModemSettings(net, bootDelay, rebootDelay, stateDir, responseDelay, commandDeadline);
    }

    public ModemSettings withBootDelay(Duration delay) {
        return new ModemSettings(net, delay, rebootDelay, stateDir, responseDelay, commandDeadline);
    }

    public ModemSettings withRebootDelay(Duration delay) {
        return new ModemSettings(net, bootDelay, delay, stateDir, responseDelay, commandDeadline);
    }

    public ModemSettings withStateDir(Path dir) {
        return new ModemSettings(net, bootDelay, rebootDelay, dir, responseDelay, commandDeadline);
    }

    public ModemSettings withResponseDelay(Duration delay) {
        return new ModemSettings(net, bootDelay, rebootDelay, stateDir, delay, commandDeadline);
    }

    /** {@code deadline}, or null for the module's own (its manual's longest maximum response time). */
    public ModemSettings withCommandDeadline(Duration deadline) {
        return new ModemSettings(net, bootDelay, rebootDelay, stateDir, responseDelay, deadline);
    }
}
