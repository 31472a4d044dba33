package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverChannelStrategy;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.DnsServerAddresses;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Real DNS over the host's network, against the servers a PDP context names (the host's own when it
 * names none). Queries go out as the module's would, on the modem's loop, and report the records'
 * TTL. One resolver per event loop, server list and local address, shared by the modems on that
 * loop; each query has a socket of its own, bound to the local address given (the context's own, or
 * loopback) and closed when it is answered, so no port stays open on every interface.
 */
final class DnsResolvers implements AutoCloseable {
    private static final long QUERY_TIMEOUT_MILLIS = 5_000;

    private final HostNetwork host;
    private final Map<Key, DnsNameResolver> resolvers = new ConcurrentHashMap<>();

    private record Key(EventLoop loop, List<InetSocketAddress> servers, InetAddress local) {}

    DnsResolvers(HostNetwork host) {
        this.host = host;
    }

    /** Whether resolving {@code name} asks a server (it is neither an address nor in the hosts file). */
    boolean needsQuery(String name) {
        return NetUtil.createByteArrayFromIpAddressString(name) == null
                && HostsFileEntriesResolver.DEFAULT.address(name, ResolvedAddressTypes.IPV4_PREFERRED) == null;
    }

    /**
     * Resolves {@code name} to IPv4 addresses, asking from {@code local} (null: where the host
     * routes); {@code done} runs on {@code loop}.
     */
    void resolve(
            EventLoop loop,
            List<InetSocketAddress> servers,
            InetAddress local,
            String name,
            Consumer<Resolution> done) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(name);
        if (literal != null) {
            try {
                done.accept(Resolution.of(List.of(InetAddress.getByAddress(literal)), 0));
            } catch (UnknownHostException e) {
                done.accept(Resolution.failed(NetError.DNS_FAILED));
            }
            return;
        }
        InetAddress fromHosts = HostsFileEntriesResolver.DEFAULT.address(name, ResolvedAddressTypes.IPV4_PREFERRED);
        if (fromHosts != null) {
            done.accept(Resolution.of(List.of(fromHosts), 0));
            return;
        }
        if (name.isEmpty() || name.length() > 253) {
            done.accept(Resolution.failed(NetError.DNS_FAILED));
            return;
        }
        DnsNameResolver resolver = resolvers.computeIfAbsent(new Key(loop, List.copyOf(servers), local), this::build);
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> query =
                resolver.query(new DefaultDnsQuestion(name, DnsRecordType.A));
        query.addListener(f -> {
            if (!f.isSuccess()) {
                done.accept(Resolution.failed(NetError.DNS_FAILED));
                return;
            }
            @SuppressWarnings("unchecked")
            AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                    (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
            try {
                done.accept(answer(envelope.content()));
            } finally {
                envelope.release();
            }
        });
    }

    /** Looks up the names of {@code address} (a PTR query) from {@code local}; {@code done} runs on {@code loop}. */
    void reverse(
            EventLoop loop,
            List<InetSocketAddress> servers,
            InetAddress local,
            InetAddress address,
            Consumer<HostNames> done) {
        DnsNameResolver resolver = resolvers.computeIfAbsent(new Key(loop, List.copyOf(servers), local), this::build);
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> query =
                resolver.query(new DefaultDnsQuestion(pointerName(address), DnsRecordType.PTR));
        query.addListener(f -> {
            if (!f.isSuccess()) {
                done.accept(HostNames.failed(NetError.DNS_FAILED));
                return;
            }
            @SuppressWarnings("unchecked")
            AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                    (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
            try {
                done.accept(pointers(envelope.content()));
            } finally {
                envelope.release();
            }
        });
    }

    /** {@code 4.3.2.1.in-addr.arpa} for 1.2.3.4; the nibbles under {@code ip6.arpa} for IPv6. */
    static String pointerName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xf, 16))
                    .append('.')
                    .append(Character.forDigit((b[i] >> 4) & 0xf, 16))
                    .append('.');
        }
        return sb.append("ip6.arpa").toString();
    }

    private static HostNames pointers(DnsResponse response) {
        if (response.code() != DnsResponseCode.NOERROR) {
            return HostNames.failed(NetError.DNS_FAILED);
        }
        List<String> names = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        int count = response.count(DnsSection.ANSWER);
        for (int i = 0; i < count; i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            if (record instanceof DnsPtrRecord ptr) {
                String name = ptr.hostname();
                names.add(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
                ttl = Math.min(ttl, record.timeToLive());
            }
        }
        if (names.isEmpty()) {
            return HostNames.failed(NetError.DNS_FAILED);
        }
        return HostNames.of(names, ttl);
    }

    private static Resolution answer(DnsResponse response) {
        if (response.code() != DnsResponseCode.NOERROR) {
            return Resolution.failed(NetError.DNS_FAILED);
        }
        List<InetAddress> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        int count = response.count(DnsSection.ANSWER);
        for (int i = 0; i < count; i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            if (record.type() == DnsRecordType.A && record instanceof DnsRawRecord raw) {
                ByteBuf content = raw.content();
                if (content.readableBytes() == 4) {
                    byte[] b = new byte[4];
                    content.getBytes(content.readerIndex(), b);
                    try {
                        addresses.add(InetAddress.getByAddress(b));
                        ttl = Math.min(ttl, record.timeToLive());
                    } catch (UnknownHostException e) {
                        // four bytes always make an address
                    }
                }
            }
        }
        if (addresses.isEmpty()) {
            return Resolution.failed(NetError.DNS_FAILED);
        }
        return Resolution.of(addresses, ttl);
    }

    private DnsNameResolver build(Key key) {
        DnsServerAddressStreamProvider servers = key.servers().isEmpty()
                ? DnsServerAddressStreamProviders.platformDefault()
                : hostname -> DnsServerAddresses.sequential(key.servers()).stream();
        DnsNameResolverBuilder b = new DnsNameResolverBuilder(key.loop());
        if (key.local() != null) {
            b.localAddress(new InetSocketAddress(key.local(), 0));
        }
        return b.datagramChannelType(host.datagramChannel())
                .datagramChannelStrategy(DnsNameResolverChannelStrategy.ChannelPerResolution)
                .nameServerProvider(servers)
                .resolveCache(NoopDnsCache.INSTANCE)
                .queryTimeoutMillis(QUERY_TIMEOUT_MILLIS)
                .maxQueriesPerResolve(4)
                .build();
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsNameResolver::close);
        resolvers.clear();
    }
}
