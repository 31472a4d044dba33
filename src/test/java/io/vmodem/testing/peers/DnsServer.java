package io.vmodem.testing.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.vmodem.testing.ModemHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on loopback that answers A queries and PTR (reverse) queries from tables (with a
 * TTL) and NXDOMAIN for anything else, so that tests resolve names without the internet. Built on Netty's DNS codec.
 */
public final class DnsServer implements AutoCloseable {
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final Map<String, String> pointers = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Channel channel;
    private volatile long ttl = 300;
    private volatile boolean silent;
    private volatile InetSocketAddress lastSender;

    public DnsServer() {
        channel = new Bootstrap()
                .group(ModemHarness.host().group())
                .channel(ModemHarness.host().datagramChannel())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline()
                                .addLast(new DatagramDnsQueryDecoder())
                                .addLast(new DatagramDnsResponseEncoder())
                                .addLast(new Answer());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
    }

    /** {@code name} resolves to {@code addresses}. */
    public DnsServer add(String name, String... addresses) {
        names.put(
                name.toLowerCase(Locale.ROOT),
                java.util.Arrays.stream(addresses)
                        .map(a -> {
                            try {
                                return InetAddress.getByName(a);
                            } catch (java.net.UnknownHostException e) {
                                throw new IllegalArgumentException(a, e);
                            }
                        })
                        .toList());
        return this;
    }

    /** A reverse lookup of the IPv4 address {@code address} answers {@code name}. */
    public DnsServer pointer(String address, String name) {
        String[] octets = address.split("\\.");
        pointers.put(octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa", name);
        return this;
    }

    public DnsServer ttl(long seconds) {
        ttl = seconds;
        return this;
    }

    /** Stop answering (a server that is down or unreachable). */
    public DnsServer silent(boolean on) {
        silent = on;
        return this;
    }

    /** Where the last query came from, or null. */
    public InetSocketAddress lastSender() {
        return lastSender;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public String host() {
        return address().getAddress().getHostAddress();
    }

    public int port() {
        return address().getPort();
    }

    public int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class Answer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            queries.incrementAndGet();
            lastSender = query.sender();
            if (silent) {
                return;
            }
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, question);
            String name = question.name().toLowerCase(Locale.ROOT);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            List<InetAddress> found = names.get(name);
            if (question.type() == DnsRecordType.PTR) {
                String target = pointers.get(name);
                if (target == null) {
                    response.setCode(DnsResponseCode.NXDOMAIN);
                } else {
                    response.addRecord(
                            DnsSection.ANSWER,
                            new DefaultDnsPtrRecord(question.name(), question.dnsClass(), ttl, target));
                }
            } else if (found == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (question.type() == DnsRecordType.A) {
                for (InetAddress a : found) {
                    if (a.getAddress().length == 4) {
                        response.addRecord(
                                DnsSection.ANSWER,
                                new DefaultDnsRawRecord(
                                        question.name(), DnsRecordType.A, ttl, Unpooled.wrappedBuffer(a.getAddress())));
                    }
                }
            }
            ctx.writeAndFlush(response);
        }
    }
}
