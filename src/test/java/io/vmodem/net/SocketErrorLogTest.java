package io.vmodem.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vmodem.testing.LogCapture;
import io.vmodem.testing.peers.UdpEchoPeer;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A socket that ends or errs on the network says why at debug level, with its modem and its ends. */
class SocketErrorLogTest extends NetworkOnLoopTest {

    @Test
    void aResetConnectionLogsWhyItCloses() throws Exception {
        on(() -> {
            net.id("m77");
            return null;
        });
        try (LogCapture log = LogCapture.of("io.vmodem.net", Level.DEBUG);
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Events events = new Events();
            connect(active(1), "127.0.0.1", server.getLocalPort(), events);
            try (Socket peer = server.accept()) {
                peer.setSoLinger(true, 0); // close with a reset
            }
            assertThat(events.closed.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCause.ERROR);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith("DEBUG m77 TCP 127.")
                    .contains(" -> 127.0.0.1:" + server.getLocalPort() + ": closing: ")
                    .containsIgnoringCase("reset"));
        }
    }

    @Test
    void anErrorOnAUdpChannelIsLoggedAndTheSocketCarriesOn() throws Exception {
        on(() -> {
            net.id("m78");
            return null;
        });
        try (LogCapture log = LogCapture.of("io.vmodem.net", Level.DEBUG);
                UdpEchoPeer echo = new UdpEchoPeer()) {
            Events events = new Events();
            PdpContext c = active(1);
            UdpSocket u = on(() -> net.openUdp(c, echo.host(), echo.port(), 0, events));
            events.opened.get(5, TimeUnit.SECONDS);
            // What Netty reports of ICMP errors on a connected datagram socket, say.
            on(() -> u.channel.pipeline().fireExceptionCaught(new PortUnreachableException("ICMP port unreachable")));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith("DEBUG m78 UDP 127.")
                    .endsWith(" -> 127.0.0.1:" + echo.port()
                            + ": java.net.PortUnreachableException: ICMP port unreachable"));
            assertThat(on(() -> u.send("hello".getBytes(StandardCharsets.ISO_8859_1), null)))
                    .isNull();
            assertThat(echo.awaitDatagram().getLength()).isEqualTo(5);
        }
    }
}
