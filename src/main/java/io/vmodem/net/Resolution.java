package io.vmodem.net;

import java.net.InetAddress;
import java.util.List;

/**
 * The answer to a host name lookup: addresses and their time to live, or the error.
 *
 * @param ttlSeconds the smallest TTL of the answer records (0 for literals and the hosts file)
 */
public record Resolution(NetError error, List<InetAddress> addresses, long ttlSeconds) {
    public static Resolution of(List<InetAddress> addresses, long ttlSeconds) {
        return new Resolution(null, List.copyOf(addresses), ttlSeconds);
    }

    public static Resolution failed(NetError error) {
        return new Resolution(error, List.of(), 0);
    }

    public boolean ok() {
        return error == null && !addresses.isEmpty();
    }
}
