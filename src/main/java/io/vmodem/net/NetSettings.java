package io.vmodem.net;

import java.time.Duration;

/**
 * How the simulated network behaves for one modem: buffer sizes, how long the network takes to do
 * what a module asks of it, and failures to inject. Delays run on the modem's scheduler (virtual
 * time in tests). The manuals give the longest each operation may take (AT+QIACT 150 s, AT+QIOPEN
 * 150 s, AT+QICLOSE 10 s, AT+QIDNSGIP 60 s, AT+QNTP 125 s); the defaults here are small, and a test
 * or the command line may make them as long as a real network would.
 *
 * @param rxBufferBytes receive buffer per socket; when full the socket stops reading (back-pressure)
 * @param txBufferBytes data the module accepts for a socket before sends fail with "buffer full"
 * @param activationDelay how long the network takes to activate a PDP context
 * @param deactivationDelay how long it takes to deactivate one
 * @param connectTimeout how long a TCP connect may take before it fails
 * @param failActivation make every activation fail (as a network that rejects the APN)
 * @param maxActiveContexts how many contexts may be active at once (3GPP: 3 on these modules)
 * @param openDelay how long the network takes before a socket opens (connects, binds, listens), on
 *     top of the real connect
 * @param closeDelay how long closing a connection takes (the exchange of FINs)
 * @param dnsDelay how long a host name lookup takes on top of the real query (literals take none)
 * @param ntpDelay how long an NTP exchange takes on top of the real one
 * @param dnsPort the port of DNS servers given by address alone (a module's DNS configuration)
 */
public record NetSettings(
        int rxBufferBytes,
        int txBufferBytes,
        Duration activationDelay,
        Duration deactivationDelay,
        Duration connectTimeout,
        boolean failActivation,
        int maxActiveContexts,
        Duration openDelay,
        Duration closeDelay,
        Duration dnsDelay,
        Duration ntpDelay,
        int dnsPort) {

    public static final int MAX_RX_BUFFER = 65535;

    public NetSettings {
        if (rxBufferBytes < 1 || rxBufferBytes > MAX_RX_BUFFER) {
            throw new IllegalArgumentException("receive buffer must be 1.." + MAX_RX_BUFFER + " bytes");
        }
        if (txBufferBytes < 1) {
            throw new IllegalArgumentException("send buffer must be positive");
        }
        for (Duration d : new Duration[] {
            activationDelay, deactivationDelay, connectTimeout, openDelay, closeDelay, dnsDelay, ntpDelay
        }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a delay cannot be negative: " + d);
            }
        }
        if (dnsPort < 1 || dnsPort > 65535) {
            throw new IllegalArgumentException("a DNS port is 1..65535");
        }
    }

    public static NetSettings defaults() {
        return new NetSettings(
                16 * 1024,
                64 * 1024,
                Duration.ofMillis(100),
                Duration.ofMillis(50),
                Duration.ofSeconds(60),
                false,
                3,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                53);
    }

    public NetSettings withRxBuffer(int bytes) {
        return edit(b -> b.rxBufferBytes = bytes);
    }

    public NetSettings withTxBuffer(int bytes) {
        return edit(b -> b.txBufferBytes = bytes);
    }

    public NetSettings withActivationDelay(Duration delay) {
        return edit(b -> b.activationDelay = delay);
    }

    public NetSettings withDeactivationDelay(Duration delay) {
        return edit(b -> b.deactivationDelay = delay);
    }

    public NetSettings withConnectTimeout(Duration timeout) {
        return edit(b -> b.connectTimeout = timeout);
    }

    public NetSettings withFailActivation(boolean fail) {
        return edit(b -> b.failActivation = fail);
    }

    public NetSettings withOpenDelay(Duration delay) {
        return edit(b -> b.openDelay = delay);
    }

    public NetSettings withCloseDelay(Duration delay) {
        return edit(b -> b.closeDelay = delay);
    }

    public NetSettings withDnsDelay(Duration delay) {
        return edit(b -> b.dnsDelay = delay);
    }

    public NetSettings withNtpDelay(Duration delay) {
        return edit(b -> b.ntpDelay = delay);
    }

    public NetSettings withDnsPort(int port) {
        return edit(b -> b.dnsPort = port);
    }

    /** A copy with one change; the record's constructor checks the result. */
    private NetSettings edit(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The fields of a NetSettings, open for one change. */
    private static final class Copy {
        int rxBufferBytes;
        int txBufferBytes;
        Duration activationDelay;
        Duration deactivationDelay;
        Duration connectTimeout;
        boolean failActivation;
        int maxActiveContexts;
        Duration openDelay;
        Duration closeDelay;
        Duration dnsDelay;
        Duration ntpDelay;
        int dnsPort;

        Copy(NetSettings s) {
            rxBufferBytes = s.rxBufferBytes;
            txBufferBytes = s.txBufferBytes;
            activationDelay = s.activationDelay;
            deactivationDelay = s.deactivationDelay;
            connectTimeout = s.connectTimeout;
            failActivation = s.failActivation;
            maxActiveContexts = s.maxActiveContexts;
            openDelay = s.openDelay;
            closeDelay = s.closeDelay;
            dnsDelay = s.dnsDelay;
            ntpDelay = s.ntpDelay;
            dnsPort = s.dnsPort;
        }

        NetSettings build() {
            return new NetSettings(
                    rxBufferBytes,
                    txBufferBytes,
                    activationDelay,
                    deactivationDelay,
                    connectTimeout,
                    failActivation,
                    maxActiveContexts,
                    openDelay,
                    closeDelay,
                    dnsDelay,
                    ntpDelay,
                    dnsPort);
        }
    }
}
