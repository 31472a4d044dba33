package io.vmodem.dialect.bc260y;

import io.vmodem.modem.Modem;
import io.vmodem.modem.SslContext;
import java.nio.charset.StandardCharsets;

/**
 * What AT+QSSLCFG keeps for the BC260Y-CN's SSL context (syntax of the BC660K-GL SSL application
 * note, 2.3.1). The settings TLS itself needs (security level, version, timeout) live in the modem's
 * {@link SslContext}, the one place every TLS user reads; the rest (data format, debug level, DTLS
 * version) only here. Everything is volatile except the certificates and the key, which the note
 * says are saved: they are kept in the non-volatile store and given back to the context at power-up.
 */
final class Bc260ySslSettings {
    /** {@code "timeout"} 10-300 s, 90 by default (the note's default, not the BG96's 300). */
    static final int DEFAULT_TIMEOUT = 90;

    /** The three PEM items of AT+QSSLCFG and where each goes in the context. */
    enum Item {
        CACERT("cacert"),
        CLIENTCERT("clientcert"),
        CLIENTKEY("clientkey");

        final String word;

        Item(String word) {
            this.word = word;
        }
    }

    private final Modem modem;
    boolean sendHex;
    boolean recvHex;
    int debugLevel;
    int dtlsVersion;

    Bc260ySslSettings(Modem modem) {
        this.modem = modem;
    }

    /** The modem's SSL context this module's {@code <contextID>} 0 is. */
    SslContext context() {
        return modem.ssl().context(Bc260ySslCommands.CONTEXT);
    }

    /** Power-up: the defaults, and the certificates saved before. */
    void reset() {
        sendHex = false;
        recvHex = false;
        debugLevel = 0;
        dtlsVersion = 2;
        context().negotiateSeconds(DEFAULT_TIMEOUT);
        // The note has no "ignorelocaltime": vmodem checks validity at the module's clock, which
        // an NB-IoT module sets from the network.
        context().ignoreLocalTime(false);
        for (Item item : Item.values()) {
            apply(item, saved(item));
        }
    }

    /** The saved PEM text of {@code item}, or null. */
    byte[] saved(Item item) {
        String text = modem.nv().get(key(item), null);
        return text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code <checksum>}: the length of what is saved, 0 for nothing. */
    int checksum(Item item) {
        byte[] pem = saved(item);
        return pem == null ? 0 : pem.length;
    }

    /** Saves {@code pem} as {@code item} and has the context use it from the next connection on. */
    void store(Item item, byte[] pem) {
        modem.nv().put(key(item), new String(pem, StandardCharsets.ISO_8859_1));
        apply(item, pem);
    }

    private void apply(Item item, byte[] pem) {
        SslContext c = context();
        switch (item) {
            case CACERT -> c.caCertificateContent(pem);
            case CLIENTCERT -> c.clientCertificateContent(pem);
            case CLIENTKEY -> c.clientKeyContent(pem);
        }
    }

    private static String key(Item item) {
        return "qsslcfg." + Bc260ySslCommands.CONTEXT + "." + Bc260ySslCommands.CONNECTION + "." + item.word;
    }
}
