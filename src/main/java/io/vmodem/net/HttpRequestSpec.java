package io.vmodem.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an HTTP(S) request sends ({@link HttpExchange}), as the module's HTTP service was told.
 *
 * @param method the request method ({@code GET}, {@code POST}, {@code HEAD})
 * @param url where to
 * @param headers the headers besides {@code Host} and {@code Content-Length}, which are added
 * @param body the body, or null for none
 * @param raw the whole request as the host wrote it (a module's custom request header), sent as
 *     it is in place of {@code method}, {@code headers} and {@code body}; or null
 * @param tls how to make the TLS connection of an https URL
 * @param connectTimeout how long opening the connection (lookup, connect, handshake) may take in
 *     all; null: only the opening's own limits apply
 * @param responseTimeout how long the status line and headers may take once the request is sent
 * @param bodyTimeout how long the body may take after them; null: as long as the owner waits
 * @param maxBodyBytes the most body bytes kept (more fails the exchange, {@link HttpExchange.Failure#TOO_LARGE});
 *     streamed, the most held at once before the connection is read no further
 * @param streamed whether the body streams to a reader ({@link HttpExchange#takeBody}) rather than being kept whole
 */
public record HttpRequestSpec(
        String method,
        HttpUrl url,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        byte[] raw,
        TlsSettings tls,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration bodyTimeout,
        int maxBodyBytes,
        boolean streamed) {
    public HttpRequestSpec {
        Objects.requireNonNull(method);
        Objects.requireNonNull(url);
        headers = List.copyOf(headers);
        Objects.requireNonNull(responseTimeout);
        if (url.secure() && tls == null) {
            throw new IllegalArgumentException("an https URL needs TLS settings");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes is at least 1: " + maxBodyBytes);
        }
    }

    /** The request as Netty's codec frames it: Host and, with a body, Content-Length added. */
    FullHttpRequest framed() {
        byte[] content = body == null ? new byte[0] : body;
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), url.target(), Unpooled.wrappedBuffer(content));
        r.headers().set(HttpHeaderNames.HOST, url.hostHeader());
        for (Map.Entry<String, String> h : headers) {
            r.headers().add(h.getKey(), h.getValue());
        }
        if (body != null) {
            HttpUtil.setContentLength(r, content.length);
        }
        return r;
    }
}
