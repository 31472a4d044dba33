package io.vmodem.dialect.common;

/**
 * The buffer-mode notice that data arrived (BG96 {@code +QIURC: "recv",<connectID>}, SIM7600
 * {@code +CIPRXGET: 1,<link_num>}): given once, and again only after the host has read the buffer
 * empty (BG96 TCP/IP manual 2.1.8; SIM7600 L1106). A change of receive mode starts afresh.
 */
public final class ReceiveNotice {
    private boolean given;

    /** Data arrived: {@code notice} runs unless the host has had it and not emptied the buffer since. */
    public void arrived(Runnable notice) {
        if (!given) {
            given = true;
            notice.run();
        }
    }

    /** The host read, leaving {@code unread} bytes: at 0 the next arrival is noticed again. */
    public void read(int unread) {
        if (unread == 0) {
            given = false;
        }
    }

    /** The receive mode changed: what waits is noticed afresh. */
    public void reset() {
        given = false;
    }
}
