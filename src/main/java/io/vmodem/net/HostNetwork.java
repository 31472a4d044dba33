package io.vmodem.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The host's side shared by every modem of this process: the event loops (native epoll on Linux,
 * NIO elsewhere), the address pool, the policy and the DNS resolvers. A fixed number of threads
 * serves any number of modems: every loop's thread starts with the network (Netty would start each
 * on its first task), so the process has as many threads with one modem as with thirty thousand.
 */
public final class HostNetwork implements AutoCloseable {
    /** The default pool: its own loopback address per modem on Linux, shared 127.0.0.1 elsewhere. */
    public static final String LINUX_POOL = "127.10.0.0/16";

    private final EventLoopGroup group;
    private final boolean epoll;
    private final AddressPool pool;
    private final NetPolicy policy;
    private final DnsResolvers dns;
    private final IcmpEcho icmp = new IcmpEcho();

    private HostNetwork(EventLoopGroup group, boolean epoll, AddressPool pool, NetPolicy policy) {
        this.group = group;
        this.epoll = epoll;
        this.pool = pool;
        this.policy = policy;
        this.dns = new DnsResolvers(this);
    }

    /**
     * @param threads event loop threads (0: one per core)
     * @param ipPool CIDR block of modem addresses, or null for the platform default
     */
    public static HostNetwork start(int threads, String ipPool, NetPolicy policy) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("vmodem-loop", true), io);
        for (EventExecutor loop : group) {
            loop.submit(() -> {}).syncUninterruptibly(); // its thread starts now, not with its first modem
        }
        return new HostNetwork(group, epoll, pool(ipPool), policy);
    }

    private static AddressPool pool(String cidr) {
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (cidr == null) {
            return linux ? AddressPool.of(LINUX_POOL, true) : AddressPool.of("10.7.0.0/16", false);
        }
        boolean loopback = cidr.startsWith("127.");
        return AddressPool.of(cidr, linux && loopback);
    }

    public EventLoopGroup group() {
        return group;
    }

    public EventLoop nextLoop() {
        return group.next();
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    public AddressPool pool() {
        return pool;
    }

    public NetPolicy policy() {
        return policy;
    }

    DnsResolvers dns() {
        return dns;
    }

    IcmpEcho icmp() {
        return icmp;
    }

    /** The servers the host itself resolves with (from /etc/resolv.conf where there is one). */
    static List<InetSocketAddress> hostDnsServers() {
        var stream = DnsServerAddressStreamProviders.platformDefault().nameServerAddressStream("");
        InetSocketAddress first = stream.next();
        java.util.ArrayList<InetSocketAddress> out = new java.util.ArrayList<>();
        out.add(first);
        for (int i = 1; i < stream.size(); i++) {
            InetSocketAddress a = stream.next();
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public void close() {
        dns.close();
        icmp.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
