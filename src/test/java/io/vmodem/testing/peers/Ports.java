package io.vmodem.testing.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for peers that are not there. */
public final class Ports {
    private Ports() {}

    /** A loopback port nobody listens on: connecting to it is refused. */
    public static int refused() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
