package io.vmodem.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.NetPolicy;
import io.vmodem.runtime.ModemFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --threads}: the loops' threads all run from the start, and modems never add one. */
class LoopThreadsTest {

    /** Live threads that are one of {@code host}'s event loops. */
    private static long loopThreads(HostNetwork host) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> {
                    for (EventExecutor loop : host.group()) {
                        if (loop.inEventLoop(t)) {
                            return true;
                        }
                    }
                    return false;
                })
                .count();
    }

    @Test
    void everyLoopThreadRunsFromTheStartAndModemsAddNone() throws Exception {
        HostNetwork host = HostNetwork.start(3, null, NetPolicy.OPEN);
        try {
            assertThat(loopThreads(host)).isEqualTo(3);
            ModemFactory factory = new ModemFactory(host, new Bg96Dialect(), ModemSettings.defaults(), 900);
            List<Socket> links = new ArrayList<>();
            try (TcpLinkServer server = new TcpLinkServer(factory)) {
                InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
                for (int i = 0; i < 12; i++) {
                    Socket s = new Socket(address.getAddress(), address.getPort());
                    s.setSoTimeout(10_000);
                    links.add(s);
                }
                for (Socket s : links) {
                    awaitBoot(s.getInputStream());
                }
                assertThat(server.modems()).hasSize(12);
                assertThat(loopThreads(host)).isEqualTo(3);
            } finally {
                for (Socket s : links) {
                    s.close();
                }
            }
        } finally {
            host.close();
        }
    }

    private static void awaitBoot(InputStream in) throws Exception {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf("+QIND: PB DONE\r\n") < 0) {
            int b = in.read();
            assertThat(b).as("the link closed; have %s", seen).isNotNegative();
            seen.append(new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1));
        }
    }
}
