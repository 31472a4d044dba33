package io.vmodem.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One time query the host asked for (AT+QNTP): after the network's NTP delay, the server's name
 * resolved, the policy asked, then one real SNTP exchange from the context's address, given
 * {@code timeout} of the modem's time. One answer, then it ends.
 */
public final class NtpQuery extends ServiceRun {
    private final String server;
    private final int port;
    private final Duration timeout;
    private final Consumer<NtpResult> owner;
    private final Consumer<NtpResult> done;
    private NtpClient client;
    private Channel channel;

    NtpQuery(
            ModemNetwork network,
            PdpContext context,
            String server,
            int port,
            Duration timeout,
            Consumer<NtpResult> done) {
        super(network, context, Services.Kind.NTP);
        this.server = server;
        this.port = port;
        this.timeout = timeout;
        this.owner = done;
        this.done = network.guard().bind("an NTP answer", this::answered);
    }

    /** The server as the host named it. */
    public String server() {
        return server;
    }

    public int port() {
        return port;
    }

    @Override
    public String target() {
        return NetUtil.toSocketAddressString(server, port);
    }

    @Override
    public String progress() {
        return "querying";
    }

    @Override
    void start() {
        network.after(network.settings().ntpDelay(), () -> {
            if (over()) {
                return;
            }
            if (!context.active()) {
                answer(new NtpResult(NetError.CONTEXT_INACTIVE, null));
                return;
            }
            network.resolve(context, server, r -> {
                if (over()) {
                    return;
                }
                if (!r.ok()) {
                    answer(new NtpResult(NetError.DNS_FAILED, null));
                    return;
                }
                InetSocketAddress target = new InetSocketAddress(r.addresses().get(0), port);
                if (!network.policy().mayReach(target)) {
                    network.observer().denied(null, "NTP", target);
                    answer(new NtpResult(NetError.DENIED, null));
                    return;
                }
                exchange(target);
            });
        });
    }

    private void exchange(InetSocketAddress target) {
        Runnable end = network.begin();
        client = new NtpClient(result -> {
            end.run();
            done.accept(result);
        });
        InetSocketAddress local = SocketOpener.localAddress(context, target.getAddress(), 0);
        ChannelFuture f = new Bootstrap()
                .group(network.loop())
                .channel(network.host().datagramChannel())
                .handler(client)
                .bind(local == null ? new InetSocketAddress(0) : local);
        channel = f.channel();
        deadline(timeout, () -> answer(new NtpResult(NetError.TIMEOUT, null)));
        f.addListener((ChannelFuture bound) -> network.guard().call("an NTP bind", () -> {
            if (!bound.isSuccess()) {
                answer(new NtpResult(NetError.BIND_FAILED, null));
                return;
            }
            bound.channel().writeAndFlush(new DatagramPacket(NtpClient.request(), target));
        }));
    }

    private void answered(NtpResult result) {
        if (!over()) {
            end();
            owner.accept(result);
        }
    }

    /** The outcome without an exchange, or in place of one: the exchange, if any, is over. */
    private void answer(NtpResult result) {
        if (client != null) {
            client.finish(result);
        } else {
            done.accept(result);
        }
    }

    /** Whatever ends the run closes its socket and ends the operation in flight. */
    @Override
    void released() {
        if (client != null) {
            client.finish(new NtpResult(NetError.TIMEOUT, null)); // heard by no one: the run is over
        }
        if (channel != null) {
            channel.close();
        }
    }
}
