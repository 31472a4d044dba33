package com.example.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmodem.api.ModemHandle;
import io.vmodem.api.ModemServer;
import io.vmodem.api.junit.ModemExtension;
import io.vmodem.fault.ScenarioReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The driver against a virtual BG96: the happy path, a refused connect, a PDP drop in the middle of an upload. */
class Bg96DriverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ModemExtension vmodem = ModemExtension.of(ModemServer.builder().dialect("bg96"));

    @Test
    void aRefusedConnectIsReported(ModemServer server) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once it is closed
        }
        try (Bg96Driver driver = Bg96Driver.connect(server.address(), TIMEOUT)) {
            driver.activate("internet");
            var refused = assertThrows(Bg96Driver.ConnectFailed.class, () -> driver.open(0, "127.0.0.1", closedPort));
            assertEquals(566, refused.code());
        }
    }

    @Test
    void anUploadCutByAPdpDropSaysHowMuchWentOut(ModemServer server) throws Exception {
        byte[] payload = new byte[16 * 1024];
        Arrays.fill(payload, (byte) 'x');
        try (Peer peer = new Peer();
                Bg96Driver driver = Bg96Driver.connect(server.address(), TIMEOUT)) {
            ModemHandle modem = server.awaitModem(TIMEOUT);
            // the network drops context 1 once 4 KiB have gone out on connection 0
            modem.load(ScenarioReader.read(
                    "steps:\n  - on: {sent: 4096, socket: 0}\n    do: {fault: pdp-drop, context: 1}\n", "test"));
            driver.activate("internet");
            driver.open(0, "127.0.0.1", peer.port());

            var lost = assertThrows(Bg96Driver.ConnectionLost.class, () -> driver.upload(0, payload, 1024));

            assertTrue(driver.contextLost(), "the driver heard +QIURC: \"pdpdeact\",1");
            assertTrue(lost.sent() >= 4096 && lost.sent() < payload.length, "sent " + lost.sent());
            assertTrue(modem.trace().contains(" fault pdp-drop context 1 on socket 0"), "the fault is in the trace");
            driver.activate("internet"); // and the driver can start again
        }
    }

    @Test
    void whatIsSentComesBack(ModemServer server) throws Exception {
        try (Peer peer = new Peer();
                Bg96Driver driver = Bg96Driver.connect(server.address(), TIMEOUT)) {
            driver.activate("internet");
            driver.open(0, "127.0.0.1", peer.port());
            driver.send(0, "ping".getBytes());
            ModemHandle modem = server.awaitModem(TIMEOUT);
            modem.awaitCommand("AT\\+QISEND=0,4", TIMEOUT);
            driver.awaitData(0); // +QIURC: "recv",0 once the echo is in
            assertArrayEquals("ping".getBytes(), driver.read(0, 1500));
            assertEquals(1, modem.sockets().size());
            driver.close(0);
        }
    }

    /** A server on loopback that echoes what each client sends. */
    private static final class Peer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());

        Peer() throws IOException {
            Thread t = new Thread(this::serve, "echo-peer");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    s.getOutputStream().write(buf, 0, n);
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
