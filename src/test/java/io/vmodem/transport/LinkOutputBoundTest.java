package io.vmodem.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.testing.Await;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.transport.stdio.StdioLink;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A host that stops reading while a peer streams in push mode: the link holds at most its bound
 * (and the one URC in progress), the modem stops producing, the socket stops reading and TCP holds
 * the peer; once the host reads again every byte arrives, in order.
 */
class LinkOutputBoundTest {
    /** One BG96 push URC: its header and at most 1500 bytes of data. */
    private static final int ONE_URC = 1500 + 64;
    /**
     * What the channel reports as pending counts 96 bytes of bookkeeping for each message queued
     * (Netty's outboundBufferEntrySizeOverhead), not sent bytes; the link queues a few batches.
     */
    private static final int NETTY_BOOKKEEPING = 4 * 96;

    @Test
    void theTcpLinkHoldsAtMostItsBoundWhileTheHostDoesNotRead() throws Exception {
        // The largest receive buffer: when the link has room again, one pass of the loop pushes a
        // whole buffer's worth of URCs, which the link must count before they reach the channel.
        ModemSettings settings =
                ModemSettings.defaults().withNet(NetSettings.defaults().withRxBuffer(65535));
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), settings, 7100);
        try (TcpLinkServer server = new TcpLinkServer(factory);
                ControlledServer peer = new ControlledServer();
                Socket link = new Socket()) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            link.setReceiveBufferSize(4096); // the kernel holds little, so the link's own bound shows
            link.connect(address);
            link.setSoTimeout(10_000);
            Host host = new Host(link.getInputStream(), link.getOutputStream());
            byte[] sent = openPushSocketAndStream(host, peer);
            // The host reads nothing: the link fills, then the socket, then TCP holds the peer.
            Await.until(
                    "the link's output fills",
                    () -> !server.outputs().isEmpty() && server.outputs().get(0).full());
            waitUntilTheSocketIsFull(server.modems().get(0));
            assertThat(server.outputs().get(0).held())
                    .as("output the link holds")
                    .isLessThanOrEqualTo(TcpLinkServer.OUTPUT_LIMIT + ONE_URC + NETTY_BOOKKEEPING);
            assertThat(host.readPushed(sent.length)).isEqualTo(sent);
        }
    }

    @Test
    void theStdioLinkHoldsAtMostItsQueueWhileTheTerminalDoesNotRead() throws Exception {
        ModemFactory factory = new ModemFactory(ModemHarness.host(), new Bg96Dialect(), ModemSettings.defaults(), 7200);
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        PipedInputStream screen = new PipedInputStream(4096); // stdout blocks once 4 KiB wait unread
        PipedOutputStream stdout = new PipedOutputStream(screen);
        StdioLink link = new StdioLink(factory, stdin, stdout);
        try (ControlledServer peer = new ControlledServer()) {
            link.start();
            Host host = new Host(screen, typing);
            byte[] sent = openPushSocketAndStream(host, peer);
            Await.until("the link's output fills", link::outputFull);
            waitUntilTheSocketIsFull(link.modem());
            assertThat(link.queuedOutput())
                    .as("output the link holds")
                    .isLessThanOrEqualTo(OutputQueue.DEFAULT_CAPACITY + ONE_URC);
            assertThat(host.readPushed(sent.length)).isEqualTo(sent);
        } finally {
            typing.close();
            link.close();
        }
    }

    /** Boots, opens socket 0 in push mode to the peer and has the peer send 4 MiB; returns them. */
    private static byte[] openPushSocketAndStream(Host host, ControlledServer peer) throws Exception {
        host.until("+QIND: PB DONE\r\n");
        host.send("ATE0\r");
        host.until("OK\r\n");
        host.send("AT+QIACT=1\r");
        host.until("OK\r\n");
        host.send("AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peer.port() + ",0,1\r");
        host.until("+QIOPEN: 0,0\r\n");
        byte[] sent = new byte[4 * 1024 * 1024];
        new Random(11).nextBytes(sent);
        peer.awaitClient().sendInBackground(sent);
        return sent;
    }

    /**
     * Waits until the modem's socket holds its whole receive buffer: it has stopped reading from the
     * network, so nothing more can reach the link until the host reads.
     */
    private static void waitUntilTheSocketIsFull(VirtualModem modem) throws InterruptedException {
        Await.until("the socket's buffer fills", () -> modem.loop()
                .submit(() -> {
                    var network = modem.session().modem().network();
                    return network.sockets().get(0).unread()
                            >= network.settings().rxBufferBytes();
                })
                .syncUninterruptibly()
                .getNow());
    }

    /** The host's end of the link: what it types and what it reads. */
    private static final class Host {
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Host(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Reads push URCs until {@code total} bytes of data came; the data, in order. */
        byte[] readPushed(int total) throws IOException {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < total) {
                String header = until("\r\n");
                if (header.equals("\r\n")) {
                    continue;
                }
                assertThat(header).startsWith("+QIURC: \"recv\",0,");
                int n = Integer.parseInt(header.substring("+QIURC: \"recv\",0,".length(), header.length() - 2));
                got.writeBytes(in.readNBytes(n));
            }
            return got.toByteArray();
        }

        String until(String end) throws IOException {
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
