package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
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
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.DnsServerAddresses;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
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
 * TTL. One resolver per event loop and server list, shared by the modems on that loop.
 */
final class DnsResolvers implements AutoCloseable {
    private static final long QUERY_TIMEOUT_MILLIS = 5_000;

    private final HostNetwork host;
    private final Map<Key, DnsNameResolver> resolvers = new ConcurrentHashMap<>();

    private record Key(EventLoop loop, List<InetSocketAddress> servers) {}

    DnsResolvers(HostNetwork host) {
        this.host = host;
    }

    /** Resolves {@code name} to IPv4 addresses; {@code done} runs on {@code loop}. */
    void resolve(EventLoop loop, List<InetSocketAddress> servers, String name, Consumer<Resolution> done) {
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
        DnsNameResolver resolver = resolvers.computeIfAbsent(new Key(loop, List.copyOf(servers)), this::build);
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
        return new DnsNameResolverBuilder(key.loop())
                .datagramChannelType(host.datagramChannel())
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
