package io.vmodem.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a test or a scenario makes one modem's network do that a good network does not: refuse or
 * slow down activations, answer lookups badly, refuse or ignore connects, delay, cap, lose,
 * duplicate or reorder what crosses it, stall a send buffer. Conditions hold until cleared, for the
 * sockets they apply to, open now or opened later; each is known by a key (the one that sets it
 * again replaces it, the one that clears it ends it). With none in force, nothing here costs a
 * socket more than one look at an empty map.
 *
 * <p>Every random choice draws from the generator the modem's faults give ({@link #random(Random)}),
 * so a seeded scenario makes the same choices. Confined to the modem's thread.
 */
public final class NetConditions {
    /** Which way bytes go: from the module to the network, from the network to the module, or both. */
    public enum Direction {
        UPLINK,
        DOWNLINK,
        BOTH;

        boolean covers(Direction way) {
            return this == BOTH || this == way;
        }

        /** {@code uplink}, {@code downlink} or {@code both}, as the fault catalogue writes them. */
        public static Direction of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }

    /** What one socket condition does. */
    public sealed interface SocketCondition
            permits ConnectRefused,
                    ConnectUnanswered,
                    Latency,
                    Bandwidth,
                    DatagramLoss,
                    DatagramDuplicate,
                    DatagramReorder,
                    SendStall {
        /** Whether it acts on bytes going {@code way} (a connect condition acts on none). */
        default boolean shapes(Direction way) {
            return false;
        }
    }

    /** A TCP connect is answered by a reset: the open fails at once. */
    public record ConnectRefused() implements SocketCondition {}

    /** A TCP connect is never answered: the open fails when the module's connect timeout runs out. */
    public record ConnectUnanswered() implements SocketCondition {}

    /** Bytes take {@code delay}, and up to {@code jitter} more at random, to cross; order is kept. */
    public record Latency(Direction direction, Duration delay, Duration jitter) implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return direction.covers(way);
        }

        public Latency {
            Objects.requireNonNull(direction);
            if (delay.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("a latency cannot be negative");
            }
        }
    }

    /** Bytes cross no faster than {@code bitsPerSecond}. */
    public record Bandwidth(Direction direction, long bitsPerSecond) implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return direction.covers(way);
        }

        public Bandwidth {
            Objects.requireNonNull(direction);
            if (bitsPerSecond < 1) {
                throw new IllegalArgumentException("a bandwidth is at least 1 bit per second");
            }
        }
    }

    /** A datagram is lost with probability {@code rate}. */
    public record DatagramLoss(Direction direction, double rate) implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return direction.covers(way);
        }
    }

    /** A datagram arrives twice with probability {@code rate}. */
    public record DatagramDuplicate(Direction direction, double rate) implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return direction.covers(way);
        }
    }

    /** A datagram is held back behind the next one with probability {@code rate}. */
    public record DatagramReorder(Direction direction, double rate) implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return direction.covers(way);
        }
    }

    /** The send buffer stops draining: what is sent waits, until the buffer is full, then sends fail. */
    public record SendStall() implements SocketCondition {
        @Override
        public boolean shapes(Direction way) {
            return way == Direction.UPLINK;
        }
    }

    /** How name lookups answer. */
    public enum DnsAnswer {
        /** The name does not exist. */
        NXDOMAIN,
        /** The server fails. */
        SERVFAIL,
        /** No answer at all: the module gives up after {@link NameService#GIVE_UP}. */
        NONE,
        /** The right answer, late. */
        LATE
    }

    /**
     * A DNS condition: lookups of names matching {@code names} (a glob such as {@code *.example.org};
     * null: every name) answer as {@code answer} says; {@code delay} is how late a late answer is.
     */
    public record Dns(DnsAnswer answer, Duration delay, String names) {
        public Dns {
            Objects.requireNonNull(answer);
            Objects.requireNonNull(delay);
        }

        boolean covers(String name) {
            return names == null || glob(names).matcher(name).matches();
        }
    }

    private record Entry(Predicate<NetSocket> applies, SocketCondition condition) {}

    private final ModemNetwork network;
    private boolean activationRefused;
    private Duration activationDelay;
    private final Map<String, Dns> dns = new LinkedHashMap<>();
    private final Map<String, Entry> sockets = new LinkedHashMap<>();
    private Random random = new Random(1);
    private int version;

    NetConditions(ModemNetwork network) {
        this.network = network;
    }

    /** The generator every random choice of these conditions draws from: the modem's own. */
    public void random(Random random) {
        this.random = Objects.requireNonNull(random);
    }

    Random random() {
        return random;
    }

    // ---- PDP contexts ----

    /** Whether the network refuses to activate contexts (activations under way fail too). */
    public void refuseActivation(boolean refuse) {
        activationRefused = refuse;
    }

    public boolean activationRefused() {
        return activationRefused;
    }

    /** How long an activation takes while in force; null: as the settings say. */
    public void activationDelay(Duration delay) {
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        activationDelay = delay;
    }

    Duration activationDelay(NetSettings settings) {
        return activationDelay != null ? activationDelay : settings.activationDelay();
    }

    // ---- names ----

    /** Puts a DNS condition in force under {@code key}, replacing the one that had it. */
    public void dns(String key, Dns condition) {
        dns.put(Objects.requireNonNull(key), Objects.requireNonNull(condition));
    }

    public void clearDns(String key) {
        dns.remove(key);
    }

    /** The DNS condition for {@code name} (the last set that covers it), or null. */
    Dns dnsFor(String name) {
        Dns found = null;
        for (Dns d : dns.values()) {
            if (d.covers(name)) {
                found = d;
            }
        }
        return found;
    }

    // ---- sockets ----

    /**
     * Puts {@code condition} in force under {@code key} for every socket {@code applies} picks, open
     * now or opened later; it replaces the condition that had the key.
     */
    public void socket(String key, Predicate<NetSocket> applies, SocketCondition condition) {
        sockets.put(Objects.requireNonNull(key), new Entry(Objects.requireNonNull(applies), condition));
        changed();
    }

    /** Ends the condition under {@code key}: what it held back goes on its way now. */
    public void clearSocket(String key) {
        if (sockets.remove(key) != null) {
            changed();
        }
    }

    /** The socket conditions in force, for tests and the snapshot. */
    public List<SocketCondition> socketConditions() {
        List<SocketCondition> list = new ArrayList<>();
        sockets.values().forEach(e -> list.add(e.condition()));
        return list;
    }

    private void changed() {
        version++;
        for (NetSocket s : network.sockets()) {
            s.conditionsChanged();
        }
    }

    /** Counts changes, so that a socket knows when what it worked out is stale. */
    int version() {
        return version;
    }

    boolean noSocketConditions() {
        return sockets.isEmpty();
    }

    /** What a TCP connect of {@code socket} meets: a refusal, silence, or (null) the real network. */
    SocketCondition connect(NetSocket socket) {
        SocketCondition found = null;
        for (Entry e : sockets.values()) {
            if ((e.condition() instanceof ConnectRefused || e.condition() instanceof ConnectUnanswered)
                    && e.applies().test(socket)) {
                found = e.condition();
            }
        }
        return found;
    }

    /**
     * What the conditions do to {@code socket}'s bytes going {@code way}: latencies add up, the
     * narrowest bandwidth holds, rates combine as independent chances.
     */
    Shaping shaping(NetSocket socket, Direction way) {
        long delay = 0;
        long jitter = 0;
        long bps = 0;
        double keep = 1;
        double single = 1;
        double inOrder = 1;
        boolean stall = false;
        for (Entry e : sockets.values()) {
            SocketCondition c = e.condition();
            if (!c.shapes(way) || !e.applies().test(socket)) {
                continue;
            }
            if (c instanceof Latency l) {
                delay += l.delay().toNanos();
                jitter += l.jitter().toNanos();
            } else if (c instanceof Bandwidth b) {
                bps = bps == 0 ? b.bitsPerSecond() : Math.min(bps, b.bitsPerSecond());
            } else if (c instanceof DatagramLoss l) {
                keep *= 1 - l.rate();
            } else if (c instanceof DatagramDuplicate d) {
                single *= 1 - d.rate();
            } else if (c instanceof DatagramReorder r) {
                inOrder *= 1 - r.rate();
            } else if (c instanceof SendStall) {
                stall = true;
            }
        }
        Shaping s = new Shaping(delay, jitter, bps, 1 - keep, 1 - single, 1 - inOrder, stall);
        return s.none() ? Shaping.NONE : s;
    }

    /** A glob ({@code *.example.org}) as a case-blind pattern. */
    static Pattern glob(String glob) {
        return Pattern.compile("\\Q" + glob.trim().replace("*", "\\E.*\\Q") + "\\E", Pattern.CASE_INSENSITIVE);
    }
}
