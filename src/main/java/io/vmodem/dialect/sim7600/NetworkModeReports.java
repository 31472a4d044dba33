package io.vmodem.dialect.sim7600;

/**
 * AT+CNSMOD (SIM7600 AT Commands Manual): the network system mode the module is in, {@code <stat>} 8
 * LTE while registered and 0 no service, and with {@code <n>} 1 a {@code +CNSMOD: <stat>} URC each
 * time it changes.
 */
final class NetworkModeReports {
    private final Sim7600Session session;
    private int reports;
    private int reported;

    NetworkModeReports(Sim7600Session session) {
        this.session = session;
    }

    void reset() {
        reports = 0;
        reported = mode();
    }

    /** {@code <n>}: 1 reports changes. */
    int reports() {
        return reports;
    }

    void reports(int n) {
        reports = n;
    }

    /** {@code <stat>}: 8 LTE while registered, 0 no service. */
    int mode() {
        return session.modem().radio().registered() ? 8 : 0;
    }

    void registrationChanged() {
        int mode = mode();
        if (mode != reported) {
            reported = mode;
            if (reports == 1) {
                session.urc("+CNSMOD: " + mode);
            }
        }
    }
}
