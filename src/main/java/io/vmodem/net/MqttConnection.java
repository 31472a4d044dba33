package io.vmodem.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An {@link MqttClient}'s network connection seen as packets: it opens through the client's
 * {@link MqttConnector}, encodes and decodes through the codec, keeps in order what TCP's
 * send buffer cannot take until the connection is writable again, and reads only while the client's
 * inbox has room, so that a slow host holds the broker back through TCP. Its events reach the client
 * as packets and as the session's {@link MqttClient.End}. Apart from the client so that the
 * protocol's flows never touch bytes or sockets.
 */
final class MqttConnection implements SocketEvents {
    private static final int READ_CHUNK = 4096;

    private final MqttClient client;
    private TcpConnection tcp;
    private MqttCodec codec; // while open
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();

    MqttConnection(MqttClient client) {
        this.client = client;
    }

    void open(MqttConnector connector) {
        tcp = connector.connect(client.network, client.context, client.host(), client.port(), this);
    }

    /** The connection the opener made, or null before. */
    TcpConnection tcp() {
        return tcp;
    }

    /** Whether packets may go: the connection is open and not closed. */
    boolean carries() {
        return codec != null && tcp != null;
    }

    /** Whether the broker sent what the client has not read yet. */
    boolean unread() {
        return tcp != null && tcp.unread() > 0;
    }

    /** The packet's bytes; a packet MQTT does not allow throws. */
    byte[] encode(MqttMessage message) {
        return codec.encode(message);
    }

    /** Hands a packet to the connection, or keeps it until the connection takes more. */
    void write(byte[] wire, String what) {
        client.network.observer().mqtt(client, "sent " + what);
        if (outbox.isEmpty()) {
            NetError e = tcp.send(wire);
            if (e == NetError.BUFFER_FULL) {
                outbox.add(wire.clone());
            }
            // any other refusal: the connection is going, and its end is reported by its events
        } else {
            outbox.add(wire.clone());
        }
    }

    /** Reads and decodes what the broker sent, while the client's inbox has room. */
    void pump() {
        while (!client.over() && codec != null && client.hasRoom() && tcp.unread() > 0) {
            List<MqttMessage> packets = codec.decode(Unpooled.wrappedBuffer(tcp.read(READ_CHUNK)));
            try {
                for (MqttMessage m : packets) {
                    if (!client.over()) {
                        client.handle(m);
                    }
                }
            } finally {
                packets.forEach(ReferenceCountUtil::release);
            }
        }
    }

    /** Drops what waits to go and what is half decoded, and closes the connection. */
    void close() {
        outbox.clear();
        if (codec != null) {
            codec.close();
            codec = null;
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    @Override
    public void opened(NetSocket socket) {
        if (client.over()) {
            return;
        }
        codec = new MqttCodec(MqttClient.MAX_PACKET_BYTES);
        client.opened();
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        if (!client.over()) {
            client.openFailed(error);
        }
    }

    @Override
    public void readable(NetSocket socket) {
        pump();
    }

    @Override
    public void writable(NetSocket socket) {
        if (!client.over()) {
            while (!outbox.isEmpty() && tcp.send(outbox.peek()) != NetError.BUFFER_FULL) {
                outbox.poll();
            }
        }
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        // what arrived before the end is still the broker's word: read it first
        pump();
        client.closeAndEnd(
                switch (cause) {
                    case ERROR -> MqttClient.End.PEER_RESET;
                    case SEND_TIMEOUT -> MqttClient.End.LINK_LOST;
                    case CONTEXT_LOST -> MqttClient.End.CONTEXT_LOST;
                    case PEER, LOCAL -> MqttClient.End.PEER_CLOSED;
                });
    }
}
