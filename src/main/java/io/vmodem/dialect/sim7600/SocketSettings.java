package io.vmodem.dialect.sim7600;

import java.time.Duration;

/**
 * The SIM7600's TCP/IP settings, one typed value each (L1106–L1113, L1133): all volatile, so a
 * power-up starts from a new object. Confined to the modem's loop, like the session that holds it.
 */
final class SocketSettings {
    /** AT+CSOCKSETPN: the context the socket service opens. */
    int contextId = 1;

    /** AT+CIPRXGET=1: received data waits to be read ("+CIPRXGET: 1,<l>"); 0 pushes it at once. */
    boolean readManually;

    /** AT+CIPHEAD=1: a header ({@code +IPD<len>} or {@code +RECEIVE}) before pushed data. */
    boolean ipHeader = true;

    /** AT+CIPSRIP=1: {@code RECV FROM:<ip>:<port>} before pushed data. */
    boolean showRemote = true;

    /** AT+CIPMODE=1: the next AT+NETOPEN opens the service in transparent mode (link 0 only). */
    boolean transparent;

    /** AT+CIPSENDMODE=1: {@code +CIPSEND: <l>,<req>,<cnf>} waits for the peer's acknowledgement. */
    boolean reportOnAck;

    Timeouts timeouts = Timeouts.DEFAULT;

    Ccfg ccfg = Ccfg.DEFAULT;

    /**
     * AT+CIPDNSSET's {@code <max_net_retries>}, {@code <net_timeout>} in ms and {@code
     * <max_query_retries>}, as the DNS commands read and write them.
     */
    final int[] dnsSet = {3, 30000, 7};

    /** AT+CIPTIMEOUT (L1112): how long AT+NETOPEN, AT+CIPOPEN and an acknowledged AT+CIPSEND may take. */
    record Timeouts(int netopenMillis, int cipopenMillis, int cipsendMillis) {
        static final int MOST = 120_000;
        static final Timeouts DEFAULT = new Timeouts(MOST, MOST, MOST);

        Duration netopen() {
            return Duration.ofMillis(netopenMillis);
        }

        Duration cipopen() {
            return Duration.ofMillis(cipopenMillis);
        }

        Duration cipsend() {
            return Duration.ofMillis(cipsendMillis);
        }

        String line() {
            return "+CIPTIMEOUT: " + netopenMillis + "," + cipopenMillis + "," + cipsendMillis;
        }
    }

    /**
     * AT+CIPCCFG (L1113): {@code <DelayTm>} delays pushed data, {@code <errMode>} picks +IP ERROR
     * texts (1) or numbers (0), {@code <HeaderType>} +RECEIVE,<l>,<len> (1) or +IPD<len> (0). Retries,
     * Ack, AsyncMode and the retransmission timeout are kept and reported: the host's TCP stack does
     * the retransmitting.
     */
    record Ccfg(int nmRetry, int delayTm, int ack, int errMode, int headerType, int asyncMode, int timeoutVal) {
        static final Ccfg DEFAULT = new Ccfg(10, 0, 0, 1, 0, 0, 500);

        /** How long pushed data waits before it goes out. */
        Duration pushDelay() {
            return Duration.ofMillis(delayTm);
        }

        boolean errorTexts() {
            return errMode == 1;
        }

        /** The {@code +RECEIVE,<l>,<len>} header rather than {@code +IPD<len>}. */
        boolean receiveHeader() {
            return headerType == 1;
        }

        String line() {
            return "+CIPCCFG: " + nmRetry + "," + delayTm + "," + ack + "," + errMode + "," + headerType + ","
                    + asyncMode + "," + timeoutVal;
        }
    }
}
