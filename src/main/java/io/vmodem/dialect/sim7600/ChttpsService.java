package io.vmodem.dialect.sim7600;

/**
 * The SIM7600's raw HTTP(S) service (SIM7500/SIM7600 AT Command Manual, HTTPS chapter: AT+CHTTPSSTART
 * ... AT+CHTTPSSTOP): whether it is started, and its one session. Volatile.
 */
final class ChttpsService {
    boolean started;
    boolean starting;
    ChttpsSession session;

    /** AT+CHTTPSSTOP, or power-up: the session closes, the service stops. */
    void stop() {
        closeSession();
        started = false;
        starting = false;
    }

    void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
