package io.vmodem.dialect.quectel;

/** {@code <access_mode>}: how received data reaches the host (BG96 TCP/IP manual 1.2, BC260Y-CN guide 2.3.2). */
public enum AccessMode {
    /** Buffered; "recv" URC once, read with AT+QIRD. */
    BUFFER,
    /** Pushed in "recv" URCs with the data. */
    PUSH,
    /** Transparent: the port carries the socket's bytes. */
    TRANSPARENT;

    public static AccessMode of(int code) {
        return values()[code];
    }

    public int code() {
        return ordinal();
    }
}
