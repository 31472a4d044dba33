package io.vmodem.net;

import java.util.List;

/**
 * The answer to a reverse (PTR) lookup: the names of an address and their time to live, or the
 * error.
 *
 * @param ttlSeconds the smallest TTL of the answer records
 */
public record HostNames(NetError error, List<String> names, long ttlSeconds) {
    public static HostNames of(List<String> names, long ttlSeconds) {
        return new HostNames(null, List.copyOf(names), ttlSeconds);
    }

    public static HostNames failed(NetError error) {
        return new HostNames(error, List.of(), 0);
    }

    public boolean ok() {
        return error == null && !names.isEmpty();
    }
}
