package io.vmodem.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Address literals, parsed without ever asking a resolver. */
public final class Addresses {
    private Addresses() {}

    /** The address written as {@code text} (dotted IPv4 or IPv6), or null when it is not a literal. */
    public static InetAddress literal(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ip:port} for a literal, or null. */
    public static InetSocketAddress literal(String ip, int port) {
        InetAddress a = literal(ip);
        return a == null ? null : new InetSocketAddress(a, port);
    }
}
