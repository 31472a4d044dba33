package io.vmodem.net;

import java.time.Duration;

/**
 * How the simulated network behaves for one modem: buffer sizes, how long the network takes to
 * activate a context, and failures to inject. Delays run on the modem's scheduler (virtual time in
 * tests).
 *
 * @param rxBufferBytes receive buffer per socket; when full the socket stops reading (back-pressure)
 * @param txBufferBytes data the module accepts for a socket before sends fail with "buffer full"
 * @param activationDelay how long the network takes to activate a PDP context
 * @param deactivationDelay how long it takes to deactivate one
 * @param connectTimeout how long a TCP connect may take before it fails
 * @param failActivation make every activation fail (as a network that rejects the APN)
 * @param maxActiveContexts how many contexts may be active at once (3GPP: 3 on these modules)
 */
public record NetSettings(
        int rxBufferBytes,
        int txBufferBytes,
        Duration activationDelay,
        Duration deactivationDelay,
        Duration connectTimeout,
        boolean failActivation,
        int maxActiveContexts) {

    public static final int MAX_RX_BUFFER = 65535;

    public NetSettings {
        if (rxBufferBytes < 1 || rxBufferBytes > MAX_RX_BUFFER) {
            throw new IllegalArgumentException("receive buffer must be 1.." + MAX_RX_BUFFER + " bytes");
        }
        if (txBufferBytes < 1) {
            throw new IllegalArgumentException("send buffer must be positive");
        }
    }

    public static NetSettings defaults() {
        return new NetSettings(
                16 * 1024, 64 * 1024, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofSeconds(60), false, 3);
    }

    public NetSettings withRxBuffer(int bytes) {
        return new NetSettings(
                bytes,
                txBufferBytes,
                activationDelay,
                deactivationDelay,
                connectTimeout,
                failActivation,
                maxActiveContexts);
    }

    public NetSettings withTxBuffer(int bytes) {
        return new NetSettings(
                rxBufferBytes,
                bytes,
                activationDelay,
                deactivationDelay,
                connectTimeout,
                failActivation,
                maxActiveContexts);
    }

    public NetSettings withActivationDelay(Duration delay) {
        return new NetSettings(
                rxBufferBytes,
                txBufferBytes,
                delay,
                deactivationDelay,
                connectTimeout,
                failActivation,
                maxActiveContexts);
    }

    public NetSettings withDeactivationDelay(Duration delay) {
        return new NetSettings(
                rxBufferBytes,
                txBufferBytes,
                activationDelay,
                delay,
                connectTimeout,
                failActivation,
                maxActiveContexts);
    }

    public NetSettings withConnectTimeout(Duration timeout) {
        return new NetSettings(
                rxBufferBytes,
                txBufferBytes,
                activationDelay,
                deactivationDelay,
                timeout,
                failActivation,
                maxActiveContexts);
    }

    public NetSettings withFailActivation(boolean fail) {
        return new NetSettings(
                rxBufferBytes,
                txBufferBytes,
                activationDelay,
                deactivationDelay,
                connectTimeout,
                fail,
                maxActiveContexts);
    }
}
