package io.vmodem.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/**
 * A TCP server socket on the context's own address. Each accepted client is offered to the
 * listener's events, which give it a connect ID or refuse it.
 */
public final class TcpListener extends NetSocket {
    private int accepted;

    TcpListener(ModemNetwork network, PdpContext context, SocketEvents events) {
        super(network, context, events);
    }

    /** Clients accepted so far. */
    public int accepted() {
        return accepted;
    }

    @Override
    public void close() {
        if (state == SocketState.CLOSED) {
            return;
        }
        closeChannelAndRelease();
    }

    void attach(Channel ch) {
        this.channel = ch;
    }

    void listening() {
        state = SocketState.LISTENING;
        local = (InetSocketAddress) channel.localAddress();
    }

    /**
     * A new child channel, before it can read: its connection is attached at once, so that even its
     * first read takes no more than the connection's receive buffer has room for.
     */
    void prepare(Channel child) {
        TcpConnection connection = new TcpConnection(
                network, context, SocketEvents.NONE, network.settings().rxBufferBytes(), this);
        connection.attach(child);
        child.pipeline().addLast(new Acceptor(connection));
    }

    /** Called for each accepted connection, on the modem's loop, once its channel is active. */
    void accept(TcpConnection connection) {
        if (state != SocketState.LISTENING) {
            connection.channel.close();
            return;
        }
        connection.connected();
        SocketEvents handler = events.incoming(this, connection);
        if (handler == null) {
            connection.close();
            return;
        }
        accepted++;
        connection.events(handler);
        network.track(connection);
        network.observer().socketAccepted(this, connection);
        connection.conditionsChanged(); // now the module knows it, the conditions may pick it
    }

    /** Hands a new child's connection to {@link #accept} once it is active. */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        private final TcpConnection connection;

        Acceptor(TcpConnection connection) {
            this.connection = connection;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this);
            network.guard().call("a TCP accept", () -> accept(connection));
            ctx.fireChannelActive();
        }
    }
}
