package io.vmodem.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;

/**
 * Hands out one IPv4 address per active PDP context from a CIDR block, so that each modem has its
 * own address: on Linux the default block is in 127/8, where every address is bound on loopback,
 * so servers see a distinct client per modem and two modems can listen on the same port.
 * Thread-safe: modems on different event loops share it.
 */
public final class AddressPool {
    /** The largest block (/8) and the smallest (/30, two addresses) a pool may be. */
    public static final int MIN_PREFIX = 8, MAX_PREFIX = 30;

    private final int base;
    private final int size;
    private final BitSet used;
    private final boolean bindable;
    private int next;

    private AddressPool(int base, int size, boolean bindable) {
        this.base = base;
        this.size = size;
        this.used = new BitSet(size);
        this.bindable = bindable;
    }

    /**
     * @param cidr such as {@code 127.10.0.0/16}
     * @param bindable whether the host can bind sockets to these addresses
     */
    public static AddressPool of(String cidr, boolean bindable) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix must be " + MIN_PREFIX + ".." + MAX_PREFIX + ": " + cidr);
        }
        int network;
        try {
            byte[] b = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (b.length != 4) {
                throw new IllegalArgumentException("IPv4 only: " + cidr);
            }
            network = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + cidr, e);
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        int hosts = (1 << (32 - prefix)) - 2; // no network or broadcast address
        return new AddressPool((network & mask) + 1, hosts, bindable);
    }

    /** Whether sockets can be bound to the pool's addresses on this host. */
    public boolean bindable() {
        return bindable;
    }

    /** A free address, or null when the pool is exhausted. */
    public synchronized InetAddress allocate() {
        int i = used.nextClearBit(next);
        if (i >= size) {
            i = used.nextClearBit(0);
            if (i >= size) {
                return null;
            }
        }
        used.set(i);
        next = i + 1;
        return toAddress(base + i);
    }

    public synchronized void release(InetAddress address) {
        byte[] b = address.getAddress();
        int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int i = v - base;
        if (i >= 0 && i < size) {
            used.clear(i);
        }
    }

    public synchronized int inUse() {
        return used.cardinality();
    }

    private static InetAddress toAddress(int v) {
        try {
            return InetAddress.getByAddress(
                    new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
