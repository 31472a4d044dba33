package io.vmodem.modem;

import java.util.TreeMap;

/**
 * The module's SSL contexts by index, made with the defaults when first named: the one place every
 * TLS user (sockets, MQTT, HTTPS) takes its settings from. They are volatile: a power-up starts
 * from the defaults (the manuals say nothing of saving them).
 */
public final class SslContexts {
    private final TreeMap<Integer, SslContext> contexts = new TreeMap<>();

    /** Context {@code index}, with the defaults if it has not been configured. */
    public SslContext context(int index) {
        return contexts.computeIfAbsent(index, SslContext::new);
    }

    /** Power-up: every context back to its defaults. */
    public void reset() {
        contexts.clear();
    }
}
