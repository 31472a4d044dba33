package io.vmodem.dialect.quectel;

import java.util.Locale;

/** {@code <service_type>} of AT+QIOPEN and AT+QISTATE (BG96 TCP/IP manual 2.1.4, 2.1.6; BC260Y-CN guide 2.3.2). */
public enum ServiceType {
    TCP("TCP"),
    UDP("UDP"),
    TCP_LISTENER("TCP LISTENER"),
    TCP_INCOMING("TCP INCOMING"),
    UDP_SERVICE("UDP SERVICE");

    private final String wording;

    ServiceType(String wording) {
        this.wording = wording;
    }

    public String wording() {
        return wording;
    }

    /** The type a host may open by name (not TCP INCOMING), or null. */
    public static ServiceType openable(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (ServiceType t : values()) {
            if (t != TCP_INCOMING && t.wording.equals(n)) {
                return t;
            }
        }
        return null;
    }
}
