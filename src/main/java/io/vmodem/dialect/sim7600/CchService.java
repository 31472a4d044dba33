package io.vmodem.dialect.sim7600;

import io.vmodem.net.NetError;
import io.vmodem.net.TlsFailure;

/**
 * The SIM7600's SSL client service (SIM7500/SIM7600 AT Command Manual, the SSL chapter): started
 * and stopped with AT+CCHSTART / AT+CCHSTOP, its report and receive modes (AT+CCHSET), its
 * transparent mode (AT+CCHMODE), each session's SSL context (AT+CCHSSLCFG) and its two sessions.
 * Volatile: a power-up starts it stopped, with the defaults.
 */
final class CchService {
    static final int SESSIONS = 2;

    /** {@code <client_type>} 1: plain TCP. */
    static final int TCP = 1;
    /** {@code <client_type>} 2: SSL/TLS, the default. */
    static final int TLS = 2;

    // The SSL commands' <err> codes (the manual's result codes of the SSL chapter).
    static final int OK = 0;
    static final int UNKNOWN = 2;
    static final int BUSY = 3;
    static final int PEER_CLOSED = 4;
    static final int TIMEOUT = 5;
    static final int TRANSFER_FAILED = 6;
    static final int INVALID_PARAMETER = 8;
    static final int NETWORK_ERROR = 9;
    static final int STATE_ERROR = 11;
    static final int CREATE_SOCKET_ERROR = 12;
    static final int DNS_ERROR = 13;
    static final int CONNECT_ERROR = 14;
    static final int HANDSHAKE_ERROR = 15;
    static final int SEND_TIMEOUT = 18;

    private static final String[] TEXTS = {
        "operation succeeded",
        "alerting state",
        "unknown error",
        "busy",
        "peer closed",
        "operation timeout",
        "transfer failed",
        "memory error",
        "invalid parameter",
        "network error",
        "open session error",
        "state error",
        "create socket error",
        "get DNS error",
        "connect socket error",
        "handshake error",
        "close socket error",
        "nonet",
        "send data timeout",
        "not set certificates"
    };

    private final Sim7600Session session;
    private final CchSession[] sessions = new CchSession[SESSIONS];
    private final int[] sslContexts = new int[SESSIONS];
    private boolean started;
    private boolean starting;
    private boolean reportSendResult;
    private boolean manualReceive;
    private boolean transparent;

    CchService(Sim7600Session session) {
        this.session = session;
    }

    /** Power-up: stopped, every setting at its default. */
    void reset() {
        for (CchSession s : sessions) {
            if (s != null) {
                s.close();
            }
        }
        java.util.Arrays.fill(sessions, null);
        java.util.Arrays.fill(sslContexts, 0);
        started = starting = false;
        reportSendResult = manualReceive = transparent = false;
    }

    boolean started() {
        return started;
    }

    boolean starting() {
        return starting;
    }

    void starting(boolean on) {
        starting = on;
    }

    void started(boolean on) {
        started = on;
    }

    /** AT+CCHSET {@code <report_send_result>}: {@code +CCHSEND: <id>,<err>} after each send. */
    boolean reportSendResult() {
        return reportSendResult;
    }

    /** AT+CCHSET {@code <recv_mode>} 1: data is cached and read with AT+CCHRECV. */
    boolean manualReceive() {
        return manualReceive;
    }

    void set(boolean report, boolean manual) {
        reportSendResult = report;
        boolean changed = manual != manualReceive;
        manualReceive = manual;
        if (changed) {
            for (CchSession s : sessions) {
                if (s != null) {
                    s.receiveModeChanged();
                }
            }
        }
    }

    /** AT+CCHMODE=1: session 0 opens in transparent mode. */
    boolean transparent() {
        return transparent;
    }

    void transparent(boolean on) {
        transparent = on;
    }

    int sslContext(int session) {
        return sslContexts[session];
    }

    void sslContext(int session, int context) {
        sslContexts[session] = context;
    }

    CchSession session(int id) {
        return sessions[id];
    }

    java.util.List<CchSession> sessions() {
        java.util.List<CchSession> list = new java.util.ArrayList<>();
        for (CchSession s : sessions) {
            if (s != null) {
                list.add(s);
            }
        }
        return list;
    }

    void claim(CchSession s) {
        sessions[s.id] = s;
    }

    /** Frees the session's number, if it still holds it. */
    void release(CchSession s) {
        if (sessions[s.id] == s) {
            sessions[s.id] = null;
        }
    }

    /** AT+CCHSTOP: every session closes, the service stops. */
    void stop() {
        for (CchSession s : sessions()) {
            s.close();
            release(s);
        }
        started = false;
    }

    /**
     * The {@code <err>} of a failed AT+CCHOPEN: a handshake the certificates fail is 15 (handshake
     * error), one that runs past {@code negotiatetime} 5 (timeout), one the server closes 4 (peer
     * closed); the TCP connection's failures are 13 (DNS), 14 (connect), 5 (timeout), 9 (network).
     */
    static int openError(NetError error, TlsFailure tls) {
        if (error == NetError.HANDSHAKE_FAILED) {
            return switch (tls == null ? TlsFailure.OTHER : tls) {
                case TIMEOUT -> TIMEOUT;
                case PEER_CLOSED -> PEER_CLOSED;
                case UNTRUSTED, EXPIRED, REFUSED, NO_COMMON_PARAMETERS, BAD_CREDENTIALS, OTHER -> HANDSHAKE_ERROR;
            };
        }
        return switch (error) {
            case DNS_FAILED -> DNS_ERROR;
            case CONNECT_FAILED, DENIED -> CONNECT_ERROR;
            case TIMEOUT -> TIMEOUT;
            case CONTEXT_INACTIVE, ACTIVATION_FAILED, TOO_MANY_CONTEXTS, NOT_ALLOWED -> NETWORK_ERROR;
            case BIND_FAILED -> CREATE_SOCKET_ERROR;
            case BUFFER_FULL -> BUSY;
            case NOT_CONNECTED, SEND_FAILED, HANDSHAKE_FAILED, IO_FAILED -> UNKNOWN;
        };
    }

    static String text(int err) {
        return err >= 0 && err < TEXTS.length ? TEXTS[err] : TEXTS[UNKNOWN];
    }
}
