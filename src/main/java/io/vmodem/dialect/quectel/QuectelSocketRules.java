package io.vmodem.dialect.quectel;

import java.util.Set;

/**
 * Where Quectel modules' socket commands differ, as values; the commands themselves are written
 * once in {@link QuectelSocketCommands}. The BG96 (TCP/IP manual 2.1.4–2.1.7) and the BC260Y-CN
 * (guide 2.3.2–2.3.5) agree on the commands' syntax and their URCs; they differ in ranges, in what
 * they support of them, and in how AT+QICLOSE answers.
 *
 * @param sockets how many connect IDs, numbered from 0
 * @param contexts the {@code <contextID>} the syntax takes
 * @param usableContexts the ones the module opens sockets in (BC260Y-CN: 0 only, note 1)
 * @param serviceTypes the {@code <service_type>} a host may open
 * @param firstRemotePort the lowest {@code <remote_port>} (BG96 0, BC260Y-CN 1)
 * @param maxHost the longest {@code <host>} (BC260Y-CN: 150 bytes)
 * @param accessModes the {@code <access_mode>} the syntax takes
 * @param usableAccessModes the ones the module supports (BC260Y-CN: direct push only)
 * @param defaultAccessMode {@code <access_mode>} when omitted
 * @param close how AT+QICLOSE answers
 * @param closeAlwaysTransmits whether AT+QICLOSE wakes the radio whatever the socket (BG96), or only
 *     when a FIN goes out on a connected TCP socket (BC260Y-CN)
 * @param stateExec whether bare AT+QISTATE answers as AT+QISTATE? does (BG96)
 * @param udpAcknowledged whether AT+QISEND=<id>,0 counts a UDP socket's sent bytes as acknowledged
 *     (BG96) or gives acknowledgements for TCP only (BC260Y-CN 2.3.5)
 * @param countersEndWithConnection whether those counters read 0 once the connection is down
 *     (BC260Y-CN example 4.1.7) rather than keeping their last values (BG96)
 */
public record QuectelSocketRules(
        int sockets,
        Range contexts,
        Range usableContexts,
        Set<ServiceType> serviceTypes,
        int firstRemotePort,
        int maxHost,
        Range accessModes,
        Range usableAccessModes,
        AccessMode defaultAccessMode,
        CloseAnswer close,
        boolean closeAlwaysTransmits,
        boolean stateExec,
        boolean udpAcknowledged,
        boolean countersEndWithConnection) {

    /** An inclusive range of numbers. */
    public record Range(int first, int last) {
        public boolean contains(int n) {
            return n >= first && n <= last;
        }
    }

    /** How AT+QICLOSE answers. */
    public enum CloseAnswer {
        /**
         * {@code AT+QICLOSE=<connectID>[,<timeout>]}: OK once the FIN exchange is over (the network's
         * close delay, at most {@code <timeout>} seconds); at once for an ID that is not open (BG96).
         */
        AFTER_FIN,
        /** {@code AT+QICLOSE=<connectID>}: OK at once, then {@code CLOSE OK} (BC260Y-CN). */
        CLOSE_OK
    }
}
