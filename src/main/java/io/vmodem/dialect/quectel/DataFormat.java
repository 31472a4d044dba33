package io.vmodem.dialect.quectel;

import io.vmodem.modem.NvStore;

/**
 * {@code AT+QICFG="dataformat",<send_data_format>,<recv_data_format>}: the host's data as text (0)
 * or two hex digits a byte (1), each way. Both Quectel modules keep it in non-volatile memory (BG96
 * 2.1.15, BC260Y-CN 2.3.1), each under its own keys.
 */
public final class DataFormat {
    private final NvStore nv;
    private final String sendKey;
    private final String recvKey;
    private boolean sendHex;
    private boolean recvHex;

    /** The format kept under {@code prefix}{@code .send} and {@code prefix}{@code .recv}. */
    public DataFormat(NvStore nv, String prefix) {
        this.nv = nv;
        this.sendKey = prefix + ".send";
        this.recvKey = prefix + ".recv";
        load();
    }

    /** Power-up: the saved values. */
    public void load() {
        sendHex = nv.getInt(sendKey, 0) == 1;
        recvHex = nv.getInt(recvKey, 0) == 1;
    }

    /** {@code <send_data_format>} 1: the host sends hex text; lengths count bytes. */
    public boolean sendHex() {
        return sendHex;
    }

    /** {@code <recv_data_format>} 1: received data reaches the host as hex text. */
    public boolean recvHex() {
        return recvHex;
    }

    public void set(boolean send, boolean recv) {
        sendHex = send;
        recvHex = recv;
        nv.put(sendKey, send ? "1" : "0");
        nv.put(recvKey, recv ? "1" : "0");
    }
}
