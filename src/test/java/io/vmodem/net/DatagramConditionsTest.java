package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.net.NetConditions.Direction;
import io.vmodem.testing.Await;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Datagrams lost, duplicated and reordered at their rates, each way, with a fixed seed: the counts
 * sit where the rates put them, the same seed picks the same datagrams, and what is not lost is
 * delivered whole. Real loopback datagrams, numbered so that each can be told apart.
 */
class DatagramConditionsTest extends NetworkOnLoopTest {
    private static final int COUNT = 400;
    private static final int BATCH = 50;

    private final List<String> acted = new CopyOnWriteArrayList<>();

    private void condition(NetConditions.SocketCondition c, long seed) {
        on(() -> {
            net.observer(new NetObserver() {
                @Override
                public void conditionActed(NetSocket socket, String what) {
                    acted.add(what);
                }
            });
            net.conditions().random(new Random(seed));
            net.conditions().socket("udp", s -> true, c);
            return null;
        });
    }

    private long acted(String word) {
        return acted.stream().filter(a -> a.contains(word)).count();
    }

    private static byte[] numbered(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int number(byte[] data) {
        return ByteBuffer.wrap(data).getInt();
    }

    /** A UDP client of context 1 talking to {@code peer}, once bound. */
    private UdpSocket client(UdpEchoPeer peer) throws Exception {
        Events events = new Events();
        PdpContext c = active(1);
        UdpSocket u = on(() -> net.openUdp(c, peer.host(), peer.port(), 0, events));
        events.opened.get(5, TimeUnit.SECONDS);
        return u;
    }

    /** The peer sends COUNT numbered datagrams; returns the numbers the socket received, in order. */
    private List<Integer> downlink(UdpEchoPeer peer, UdpSocket u, String dropWord) {
        InetSocketAddress to = on(u::localAddress);
        List<Integer> got = new ArrayList<>();
        for (int sent = 0; sent < COUNT; sent += BATCH) {
            for (int i = sent; i < sent + BATCH; i++) {
                peer.send(numbered(i), to);
            }
            int upTo = sent + BATCH;
            // a datagram held back behind the next waits for it: the batch's last may still wait
            Await.until("the batch arrived", () -> arrived(u, got) + acted(dropWord) >= upTo - 1);
        }
        time.advance(Duration.ofSeconds(1)); // what is still held back goes
        Await.until("every datagram arrived", () -> arrived(u, got) + acted(dropWord) >= COUNT);
        return got;
    }

    /** Reads what the socket holds into {@code got}; how many different datagrams it has had. */
    private long arrived(UdpSocket u, List<Integer> got) {
        got.addAll(on(() -> {
            List<Integer> n = new ArrayList<>();
            Datagram d;
            while ((d = u.readDatagram()) != null) {
                n.add(number(d.data()));
            }
            return n;
        }));
        return got.stream().distinct().count();
    }

    /** The socket sends COUNT numbered datagrams; returns the numbers the peer received, in order. */
    private List<Integer> uplink(UdpEchoPeer peer, UdpSocket u, String dropWord) throws Exception {
        peer.echo(false);
        for (int i = 0; i < COUNT; i++) {
            byte[] d = numbered(i);
            assertThat(on(() -> u.send(d, null))).isNull();
        }
        time.advance(Duration.ofSeconds(1)); // what is still held back goes
        List<Integer> got = new ArrayList<>();
        long expected = COUNT - acted(dropWord) + acted("twice");
        while (got.size() < expected) {
            DatagramPacket p = peer.awaitDatagram();
            got.add(number(java.util.Arrays.copyOf(p.getData(), p.getLength())));
        }
        return got;
    }

    /** Within five standard deviations of what {@code rate} makes of COUNT. */
    private static void aboutTheRate(long n, double rate) {
        double mean = COUNT * rate;
        double sd = Math.sqrt(COUNT * rate * (1 - rate));
        assertThat((double) n).isBetween(mean - 5 * sd, mean + 5 * sd);
    }

    private List<Integer> lostDownlink(long seed) throws Exception {
        acted.clear();
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            peer.echo(false);
            condition(new NetConditions.DatagramLoss(Direction.DOWNLINK, 0.2), seed);
            UdpSocket u = client(peer);
            List<Integer> got = downlink(peer, u, "lost");
            on(() -> {
                u.close();
                net.conditions().clearSocket("udp");
                return null;
            });
            on(() -> {
                net.shutdown();
                return null;
            });
            return got;
        }
    }

    @Test
    void lossOnTheDownlinkDropsAtItsRateAndTheSameSeedDropsTheSameDatagrams() throws Exception {
        List<Integer> first = lostDownlink(42);
        aboutTheRate(COUNT - first.size(), 0.2);
        assertThat(first).isSorted().doesNotHaveDuplicates();
        assertThat(lostDownlink(42)).isEqualTo(first);
        assertThat(lostDownlink(7)).isNotEqualTo(first);
    }

    @Test
    void lossOnTheUplinkDropsAtItsRate() throws Exception {
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            condition(new NetConditions.DatagramLoss(Direction.UPLINK, 0.1), 3);
            UdpSocket u = client(peer);
            List<Integer> got = uplink(peer, u, "lost");
            aboutTheRate(acted("lost"), 0.1);
            assertThat(got).hasSize((int) (COUNT - acted("lost"))).isSorted().doesNotHaveDuplicates();
            assertThat(on(u::sent)).as("the module sent them all").isEqualTo(4L * COUNT);
        }
    }

    @Test
    void duplicationEachWayDeliversSomeTwiceAndLosesNone() throws Exception {
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            condition(new NetConditions.DatagramDuplicate(Direction.BOTH, 0.25), 5);
            UdpSocket u = client(peer);
            List<Integer> down = downlink(peer, u, "never");
            long twiceDown = acted("twice");
            aboutTheRate(twiceDown, 0.25);
            assertThat(down).hasSize((int) (COUNT + twiceDown)).isSorted();
            assertThat(down.stream().distinct().count()).isEqualTo(COUNT);
            acted.clear();
            List<Integer> up = uplink(peer, u, "never");
            aboutTheRate(acted("twice"), 0.25);
            assertThat(up).hasSize((int) (COUNT + acted("twice")));
            assertThat(up.stream().distinct().count()).isEqualTo(COUNT);
        }
    }

    @Test
    void reorderingEachWayPutsSomeBehindTheNextAndLosesNone() throws Exception {
        try (UdpEchoPeer peer = new UdpEchoPeer()) {
            condition(new NetConditions.DatagramReorder(Direction.BOTH, 0.2), 11);
            UdpSocket u = client(peer);
            List<Integer> down = downlink(peer, u, "never");
            assertOrderAsActed(down);
            acted.clear();
            List<Integer> up = uplink(peer, u, "never");
            assertOrderAsActed(up);
        }
    }

    /** Every datagram once, and one out of place for each held back. */
    private void assertOrderAsActed(List<Integer> got) {
        long heldBack = acted("held back");
        // One is held back only while none is: the next always passes it, so p / (1 + p) of them.
        aboutTheRate(heldBack, 0.2 / 1.2);
        List<Integer> sorted = new ArrayList<>(got);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(COUNT).doesNotHaveDuplicates();
        int overtaken = 0;
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i) < got.get(i - 1)) {
                overtaken++;
            }
        }
        // each held back is overtaken by the next, unless it was the last and went on its own
        assertThat((long) overtaken).isBetween(heldBack - 1, heldBack);
    }
}
