package io.vmodem.net;

import java.net.InetAddress;
import java.util.List;

/**
 * Which destinations a modem may reach and which local ports it may listen on. The default allows
 * everything; a test or a shared CI host narrows it.
 */
public record NetPolicy(List<String> deniedDestinations, int lowestListenPort) {
    public static final NetPolicy OPEN = new NetPolicy(List.of(), 0);

    public boolean mayConnect(InetAddress destination) {
        String ip = destination.getHostAddress();
        for (String denied : deniedDestinations) {
            if (ip.equals(denied) || (denied.endsWith(".") && ip.startsWith(denied))) {
                return false;
            }
        }
        return true;
    }

    public boolean mayListen(int port) {
        return port == 0 || port >= lowestListenPort;
    }
}
