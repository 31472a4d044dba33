package io.vmodem.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.trace.TraceLog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The TCP link as a driver uses it: each connection a fresh modem, closing it powers that modem off. */
class TcpLinkServerTest {

    @Test
    void eachConnectionIsAFreshModemAndClosingItReleasesItsSockets() throws Exception {
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 500);
        try (TcpLinkServer server = new TcpLinkServer(factory);
                ControlledServer peer = new ControlledServer()) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            String imeiA;
            try (Socket a = new Socket(address.getAddress(), address.getPort())) {
                Reader in = new Reader(a);
                assertThat(in.until("+QIND: PB DONE\r\n")).startsWith("\r\nRDY\r\n\r\nAPP RDY\r\n");
                send(a, "AT\r\n");
                assertThat(in.until("OK\r\n")).isEqualTo("AT\r\r\nOK\r\n");
                send(a, "ATE0;+CGSN\r\n");
                imeiA = in.until("OK\r\n");
                send(a, "AT+QIACT=1\r\n");
                assertThat(in.until("OK\r\n")).isEqualTo("\r\nOK\r\n");
                send(a, "AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peer.port() + ",0,0\r\n");
                assertThat(in.until("+QIOPEN: 0,0\r\n")).isEqualTo("\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n");
            }
            ControlledServer.Client client = peer.awaitClient();
            // The link is gone: the modem powered off and its socket closed (the peer reads EOF).
            Await.until("the modem's socket closes", client::closedByPeer);
            try (Socket b = new Socket(address.getAddress(), address.getPort())) {
                Reader in = new Reader(b);
                in.until("+QIND: PB DONE\r\n");
                send(b, "ATE0;+CGSN\r\n");
                assertThat(in.until("OK\r\n")).isNotEqualTo(imeiA);
            }
        }
    }

    /**
     * A peer streams while the host reads push-mode URCs from the link slowly: the link queues the
     * URCs and flushes them in bursts, and under back-pressure every byte still arrives, in order.
     */
    @Test
    void pushModeDataCrossesTheLinkWholeWhenTheHostReadsSlowly() throws Exception {
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 700);
        try (TcpLinkServer server = new TcpLinkServer(factory);
                ControlledServer peer = new ControlledServer()) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (Socket link = new Socket(address.getAddress(), address.getPort())) {
                link.setReceiveBufferSize(64 * 1024);
                Reader in = new Reader(link);
                in.until("+QIND: PB DONE\r\n");
                send(link, "ATE0\r");
                in.until("OK\r\n");
                send(link, "AT+QIACT=1\r");
                in.until("OK\r\n");
                send(link, "AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peer.port() + ",0,1\r");
                in.until("+QIOPEN: 0,0\r\n");
                byte[] sent = new byte[2 * 1024 * 1024];
                new Random(7).nextBytes(sent);
                Thread writer = peer.awaitClient().sendInBackground(sent);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                int urcs = 0;
                while (got.size() < sent.length) {
                    String header = in.until("\r\n");
                    if (header.equals("\r\n")) {
                        continue;
                    }
                    assertThat(header).startsWith("+QIURC: \"recv\",0,");
                    int n = Integer.parseInt(header.substring("+QIURC: \"recv\",0,".length(), header.length() - 2));
                    assertThat(n).isBetween(1, 1500);
                    got.writeBytes(in.bytes(n));
                    if (++urcs % 50 == 0) {
                        // A slow host: it reads again only once the link has filled up behind it.
                        Await.until(
                                "the link backs up",
                                () -> !writer.isAlive() || link.getInputStream().available() >= 32 * 1024);
                    }
                }
                writer.join(10_000);
                assertThat(got.toByteArray()).isEqualTo(sent);
            }
        }
    }

    /** Modem numbers (serials, names in the trace) follow the order the links connected in. */
    @Test
    void modemsAreNumberedInTheOrderTheirLinksConnected() throws Exception {
        StringWriter sink = new StringWriter();
        List<Integer> clientPorts = new ArrayList<>();
        try (TraceLog log = TraceLog.to(sink)) {
            ModemFactory factory = new ModemFactory(
                    ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 1, new LinkLayers(0, log));
            try (TcpLinkServer server = new TcpLinkServer(factory)) {
                InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
                List<Socket> links = new ArrayList<>();
                try {
                    for (int i = 0; i < 12; i++) {
                        Socket s = new Socket(address.getAddress(), address.getPort());
                        links.add(s);
                        clientPorts.add(s.getLocalPort());
                    }
                    for (Socket s : links) {
                        new Reader(s).until("+QIND: PB DONE\r\n");
                    }
                } finally {
                    for (Socket s : links) {
                        s.close();
                    }
                }
            }
        }
        Map<Integer, Integer> modemOfPort = new HashMap<>();
        Matcher m = Pattern.compile(" m(\\d+) \\* link tcp from /127\\.0\\.0\\.1:(\\d+)\n")
                .matcher(sink.toString());
        while (m.find()) {
            modemOfPort.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        }
        assertThat(clientPorts.stream().map(modemOfPort::get).toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    private static void send(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final class Reader {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Reader(Socket s) throws Exception {
            s.setSoTimeout(10_000);
            in = s.getInputStream();
        }

        /** Exactly {@code n} bytes (data, not text). */
        byte[] bytes(int n) throws Exception {
            assertThat(buf.size()).isZero();
            return in.readNBytes(n);
        }

        String until(String end) throws Exception {
            while (!buf.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError(
                            "waited for " + end + ", have: " + buf.toString(StandardCharsets.ISO_8859_1));
                }
                if (b < 0) {
                    throw new AssertionError("link closed; have: " + buf.toString(StandardCharsets.ISO_8859_1));
                }
                buf.write(b);
            }
            String s = buf.toString(StandardCharsets.ISO_8859_1);
            buf.reset();
            return s;
        }
    }
}
