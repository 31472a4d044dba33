package io.vmodem.modem;

import java.util.ArrayList;
import java.util.List;

/**
 * The radio side of a module: functionality level ({@code AT+CFUN}) and network registration. The
 * simulated network registers the module as soon as the radio is on; a test may take coverage away.
 * Changes are reported to listeners (the dialect words them as {@code +CEREG:} URCs).
 */
public final class Radio {
    /** 3GPP 27.007 registration status values. */
    public static final int NOT_REGISTERED = 0;

    public static final int REGISTERED_HOME = 1;
    public static final int SEARCHING = 2;

    public interface Listener {
        void registrationChanged(int status);
    }

    private final List<Listener> listeners = new ArrayList<>(1);
    private int functionality = 1;
    private boolean coverage = true;
    private int status = REGISTERED_HOME;

    public int functionality() {
        return functionality;
    }

    /** 0 minimum, 1 full, 4 airplane: the radio is on only at 1. */
    public void functionality(int level) {
        functionality = level;
        update();
    }

    public boolean coverage() {
        return coverage;
    }

    /** Fault injection: the network disappears (false) or comes back (true). */
    public void coverage(boolean present) {
        coverage = present;
        update();
    }

    public int status() {
        return status;
    }

    public boolean registered() {
        return status == REGISTERED_HOME;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Back to power-up state without telling anyone. */
    public void reset() {
        functionality = 1;
        status = coverage ? REGISTERED_HOME : SEARCHING;
    }

    private void update() {
        int next = functionality != 1 ? NOT_REGISTERED : coverage ? REGISTERED_HOME : SEARCHING;
        if (next != status) {
            status = next;
            for (Listener l : listeners) {
                l.registrationChanged(next);
            }
        }
    }
}
