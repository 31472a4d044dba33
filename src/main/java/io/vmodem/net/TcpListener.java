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

    /** Called for each accepted child channel, on the modem's loop, once it is active. */
    void accept(Channel child) {
        if (state != SocketState.LISTENING) {
            child.close();
            return;
        }
        TcpConnection connection = new TcpConnection(
                network, context, SocketEvents.NONE, network.settings().rxBufferBytes(), this);
        connection.attach(child);
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
    }

    /** Hands each new child to {@link #accept} once it is active. */
    final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this);
            network.guard().call("a TCP accept", () -> accept(ctx.channel()));
            ctx.fireChannelActive();
        }
    }
}
