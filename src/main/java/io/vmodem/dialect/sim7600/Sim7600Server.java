package io.vmodem.dialect.sim7600;

import io.vmodem.at.Deferred;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.net.CloseCause;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketEvents;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TcpListener;
import java.net.InetSocketAddress;

/**
 * One server index (0–3) of AT+SERVERSTART: a listener on the context's address. Each client it
 * accepts takes the lowest free link and is announced as {@code +CLIENT: <l>,<server>,<ip>:<port>};
 * with no free link the client is refused.
 */
final class Sim7600Server implements SocketEvents {
    final Sim7600Session session;
    final int index;
    final int requestedPort;
    final int backlog;
    TcpListener net;
    Deferred starting;

    Sim7600Server(Sim7600Session session, int index, int port, int backlog) {
        this.session = session;
        this.index = index;
        this.requestedPort = port;
        this.backlog = backlog;
    }

    /** The port it listens on (the bound one when 0 was asked for). */
    int port() {
        InetSocketAddress local = net == null ? null : net.localAddress();
        return local != null ? local.getPort() : requestedPort;
    }

    @Override
    public void opened(NetSocket socket) {
        Deferred d = starting;
        starting = null;
        if (d != null) {
            d.complete(Reply.ok());
        }
    }

    @Override
    public void openFailed(NetSocket socket, NetError error) {
        if (session.server(index) == this) {
            session.server(index, null);
        }
        Deferred d = starting;
        starting = null;
        if (d != null) {
            d.complete(Reply.of(Final.ERROR, "+CIPERROR: " + Sim7600Errors.of(error))
                    .because(Sim7600Errors.text(Sim7600Errors.of(error))));
        }
    }

    @Override
    public void closedByNetwork(NetSocket socket, CloseCause cause) {
        if (session.server(index) == this) {
            session.server(index, null);
        }
        close();
    }

    @Override
    public SocketEvents incoming(TcpListener listener, TcpConnection connection) {
        if (session.server(index) != this) {
            return null;
        }
        int id = session.freeLinkForClient();
        if (id < 0) {
            return null;
        }
        Sim7600Link link = Sim7600Link.accepted(session, id, index, connection);
        session.claim(link);
        InetSocketAddress remote = connection.remoteAddress();
        session.urc(
                "+CLIENT: " + id + "," + index + "," + remote.getAddress().getHostAddress() + ":" + remote.getPort());
        return link;
    }

    void close() {
        if (net != null) {
            net.close();
        }
    }
}
