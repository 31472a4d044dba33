package io.vmodem.testing.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for peers that are not there. */
public final class Ports {
    private Ports() {}

    /** A TCP port the system just handed out and took back: free for a modem to listen on. */
    public static int freeTcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A UDP port the system just handed out and took back. */
    public static int freeUdp() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A loopback port nobody listens on: connecting to it is refused. */
    public static int refused() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
