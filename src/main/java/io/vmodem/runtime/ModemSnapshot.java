package io.vmodem.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a modem is doing, as one immutable value built on its own loop ({@link VirtualModem#snapshot}):
 * what the control API shows.
 *
 * @param id the modem's ID, its serial number ({@code m<id>} in the trace)
 * @param link what its link is: {@code tcp 127.0.0.1:40112}, {@code pty /dev/pts/3}, ...
 * @param power {@code off}, {@code booting} or {@code on}
 * @param bytesIn bytes the host sent on the link
 * @param bytesOut bytes the modem wrote to the link
 * @param services the services the host started that are under way: lookups, pings, time queries,
 *     MQTT clients, HTTP(S) requests
 * @param engineFaults exceptions the AT engine caught (0 in a healthy modem)
 * @param faultsInjected faults and condition changes so far
 * @param command the command line in progress, or null
 * @param conditions the conditions in force, each in the scenario's {@code do:} shape
 * @param traceKept the number the next trace line will get, or 0 when no trace is kept
 */
public record ModemSnapshot(
        long id,
        String name,
        String dialect,
        String link,
        String imei,
        String power,
        Registration registration,
        Signal signal,
        List<Context> contexts,
        List<Socket> sockets,
        List<Service> services,
        long bytesIn,
        long bytesOut,
        long engineFaults,
        long faultsInjected,
        String command,
        List<Map<String, Object>> conditions,
        Settings settings,
        long traceKept) {

    /** The registration the module reports: the 27.007 {@code <stat>} and its word. */
    public record Registration(int stat, String state) {}

    /** {@code AT+CSQ}'s values: rssi 0-31 or 99, ber 0-7 or 99. */
    public record Signal(int rssi, int ber) {}

    /** A PDP context the host configured or used. */
    public record Context(int id, String state, String address, String apn) {}

    /**
     * A socket as the module numbers it, with its counters.
     *
     * @param local the local address and port, or null before it is bound
     * @param remote the peer, or null (a listener, a UDP service)
     */
    public record Socket(
            int id,
            String type,
            String state,
            String local,
            String remote,
            long sent,
            long acknowledged,
            long received,
            long read,
            long unread) {}

    /**
     * A service under way.
     *
     * @param kind {@code dns}, {@code ping}, {@code ntp}, {@code mqtt} or {@code http}
     * @param target the name looked up, the host pinged, the server or broker, or the request
     * @param progress where it stands: {@code resolving}, {@code connected}, {@code receiving 200}, ...
     */
    public record Service(String kind, int context, String target, String progress) {}

    /** The AT settings in force: echo, verbose results, quiet, error reports ({@code AT+CMEE}). */
    public record Settings(boolean echo, boolean verbose, boolean quiet, String cmee) {}

    /** The 27.007 registration {@code <stat>} as the fault catalogue words it. */
    static String registrationWord(int stat) {
        return switch (stat) {
            case 0 -> "not-registered";
            case 1 -> "registered";
            case 2 -> "searching";
            case 3 -> "denied";
            case 5 -> "roaming";
            default -> "unknown";
        };
    }
}
