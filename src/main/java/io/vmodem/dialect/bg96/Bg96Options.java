package io.vmodem.dialect.bg96;

import io.vmodem.dialect.quectel.DataFormat;
import io.vmodem.modem.NvStore;
import java.time.Duration;

/**
 * The optional TCP/IP parameters of AT+QICFG (2.1.15). Packet size, wait time, data format and
 * view mode are kept in non-volatile memory; the TCP retransmission limits are not (the manual's
 * note) and return to their defaults at every power-up.
 */
final class Bg96Options {
    static final int DEFAULT_PACKET_SIZE = 1024;
    static final int DEFAULT_WAIT_TENTHS = 2;
    static final int DEFAULT_BACKOFFS = 8;
    static final int DEFAULT_MAX_RTO_TENTHS = 600;

    /** The retransmission timeout of the first retransmission (RFC 6298 2.1). */
    private static final Duration INITIAL_RTO = Duration.ofSeconds(1);

    private static final String PREFIX = "bg96.qicfg.";

    private final NvStore nv;
    private int packetSize;
    private int waitTenths;
    private final DataFormat dataFormat;
    private boolean oneLine;
    private int maxBackoffs;
    private int maxRtoTenths;

    Bg96Options(NvStore nv) {
        this.nv = nv;
        this.dataFormat = new DataFormat(nv, PREFIX + "dataformat");
        load();
    }

    /** Power-up: the saved values, and the retransmission defaults. */
    void load() {
        packetSize = nv.getInt(PREFIX + "transpktsize", DEFAULT_PACKET_SIZE);
        waitTenths = nv.getInt(PREFIX + "transwaittm", DEFAULT_WAIT_TENTHS);
        dataFormat.load();
        oneLine = nv.getInt(PREFIX + "viewmode", 0) == 1;
        maxBackoffs = DEFAULT_BACKOFFS;
        maxRtoTenths = DEFAULT_MAX_RTO_TENTHS;
    }

    /** {@code <transpktsize>}: the most bytes one packet of transparent mode carries. */
    int packetSize() {
        return packetSize;
    }

    void packetSize(int bytes) {
        packetSize = bytes;
        nv.put(PREFIX + "transpktsize", Integer.toString(bytes));
    }

    /** {@code <transwaittm>} in units of 100 ms. */
    int waitTenths() {
        return waitTenths;
    }

    /** How long a short packet waits for more bytes from the port before it is sent. */
    Duration waitTime() {
        return Duration.ofMillis(waitTenths * 100L);
    }

    void waitTenths(int tenths) {
        waitTenths = tenths;
        nv.put(PREFIX + "transwaittm", Integer.toString(tenths));
    }

    /** AT+QISEND takes hex text, AT+QIRD and push URCs give it, as "dataformat" says. */
    DataFormat dataFormat() {
        return dataFormat;
    }

    /** {@code <view_mode>} 1: the header and the data on one line. */
    boolean oneLine() {
        return oneLine;
    }

    void oneLine(boolean on) {
        oneLine = on;
        nv.put(PREFIX + "viewmode", on ? "1" : "0");
    }

    int maxBackoffs() {
        return maxBackoffs;
    }

    int maxRtoTenths() {
        return maxRtoTenths;
    }

    void retransmission(int backoffs, int rtoTenths) {
        maxBackoffs = backoffs;
        maxRtoTenths = rtoTenths;
    }

    /**
     * How long the module keeps retransmitting unacknowledged data before it gives the connection
     * up: the first retransmission after 1 s, each later one after twice the previous wait but never
     * more than {@code <max_rto>}, {@code <max_backoffs>} retransmissions, then one last wait. The
     * defaults (8, 60 s) give 1+2+4+8+16+32+60+60+60 = 243 s.
     */
    Duration giveUpAfter() {
        Duration cap = Duration.ofMillis(maxRtoTenths * 100L);
        Duration rto = INITIAL_RTO;
        Duration total = Duration.ZERO;
        for (int i = 0; i <= maxBackoffs; i++) {
            Duration wait = rto.compareTo(cap) > 0 ? cap : rto;
            total = total.plus(wait);
            rto = rto.multipliedBy(2);
        }
        return total;
    }
}
