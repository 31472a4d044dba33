package io.vmodem.net;

import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;

/** HTTP/1.1 framing by Netty's {@link HttpClientCodec}, on the bytes of one {@link TcpConnection}. */
final class HttpCodec extends EmbeddedCodec<HttpRequest, HttpObject> {
    /** The longest status line and header block a response may have. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    HttpCodec() {
        super(HttpObject.class, new HttpClientCodec(4096, MAX_HEADER_BYTES, 8192));
    }
}
