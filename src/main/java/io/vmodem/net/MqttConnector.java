package io.vmodem.net;

import java.util.Objects;

/**
 * How a client reaches its broker: plain TCP through the socket opener, or a connection a TLS
 * layer secures. The connection's bytes are MQTT's either way.
 */
@FunctionalInterface
public interface MqttConnector {
    MqttConnector TCP = (network, context, host, port, events) -> network.connectTcp(context, host, port, 0, events);

    /**
     * TLS through the one TLS connect the SSL sockets use: the connection opens once the
     * handshake is over, and a failed one fails the open with {@link NetError#HANDSHAKE_FAILED}
     * (its reason in {@link TcpConnection#handshakeFailure()}).
     */
    static MqttConnector tls(TlsSettings tls) {
        Objects.requireNonNull(tls);
        return (network, context, host, port, events) -> network.connectTls(context, host, port, 0, tls, events);
    }

    TcpConnection connect(ModemNetwork network, PdpContext context, String host, int port, SocketEvents events);
}
