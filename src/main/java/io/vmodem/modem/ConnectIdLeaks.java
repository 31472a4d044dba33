package io.vmodem.modem;

import java.util.Set;
import java.util.TreeSet;

/**
 * Connect IDs the module will not give out again until it reboots: the field incident of a socket
 * that never frees (the {@code connect-id-leak} fault). The module believes the ID is in use, so
 * every open on it fails as an open on a busy ID does (BG96 {@code +QIOPEN: <id>,563}), while the
 * state commands list nothing there: the host cannot see why. A reboot forgets them.
 */
public final class ConnectIdLeaks {
    private final Set<Integer> leaked = new TreeSet<>();

    /** Connect ID {@code id} is held from now on, whatever happens to the socket on it. */
    public void leak(int id) {
        leaked.add(id);
    }

    public boolean leaked(int id) {
        return leaked.contains(id);
    }

    /** The IDs held, in order. */
    public Set<Integer> ids() {
        return Set.copyOf(leaked);
    }

    /** The module rebooted: every ID is free again. */
    public void clear() {
        leaked.clear();
    }
}
