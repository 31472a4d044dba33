package io.vmodem.net;

import java.net.InetSocketAddress;

/**
 * Watches one modem's network without taking part in it, for the trace: contexts going up and
 * down, sockets opening, carrying bytes and closing. Called on the modem's thread; an observer
 * never changes what it sees.
 */
public interface NetObserver {
    NetObserver NONE = new NetObserver() {};

    /** A context got its address. */
    default void contextActivated(PdpContext context) {}

    /** A context lost its address (the host deactivated it, or the network dropped it). */
    default void contextDeactivated(PdpContext context) {}

    /**
     * The host asked for a socket: {@code kind} is "TCP", "UDP", "UDP service" or "TCP listener";
     * {@code host} is null for a service or a listener.
     */
    default void socketOpening(NetSocket socket, String kind, String host, int port) {}

    /** The socket is connected, bound or listening: its addresses are known. */
    default void socketOpened(NetSocket socket) {}

    /** Opening failed; {@link #socketClosed} follows, as for every socket. */
    default void socketFailed(NetSocket socket, NetError error) {}

    /** A listener accepted a client, now a socket of its own. */
    default void socketAccepted(TcpListener listener, TcpConnection connection) {}

    /** {@code bytes} handed to the network ({@code to}: a datagram's destination, else null). */
    default void socketSent(NetSocket socket, int bytes, InetSocketAddress to) {}

    /** {@code bytes} arrived ({@code from}: a datagram's sender, else null). */
    default void socketReceived(NetSocket socket, int bytes, InetSocketAddress from) {}

    /** A datagram that did not fit the receive buffer was dropped. */
    default void socketDropped(NetSocket socket, int bytes, InetSocketAddress from) {}

    /**
     * The policy refused {@code what} ("TCP", "UDP", "DNS", "ping", "NTP" or "listen") to or on
     * {@code where} (a listener's port has no address); {@code socket} is null for DNS, ping and NTP.
     */
    default void denied(NetSocket socket, String what, InetSocketAddress where) {}

    /**
     * A condition of the network did something: a datagram lost, duplicated or held back, a connect
     * refused, a lookup answered badly, a send failed ({@code socket} is null for a lookup).
     */
    default void conditionActed(NetSocket socket, String what) {}

    /** The network ended the socket (peer close, reset, context loss). */
    default void socketEnded(NetSocket socket, CloseCause cause) {}

    /** The socket is closed and released. */
    default void socketClosed(NetSocket socket) {}

    /** What an MQTT client sent, received or decided ({@code sent PUBLISH 1 qos 1 a/b, 5 bytes}). */
    default void mqtt(MqttClient client, String what) {}

    /**
     * What became of an HTTP(S) request ({@link HttpExchange#describe()} says which): {@code
     * started} as it starts, then its outcome ({@code 200, 15 bytes}, {@code failed: ...} or
     * {@code stopped}).
     */
    default void http(HttpExchange exchange, String what) {}
}
