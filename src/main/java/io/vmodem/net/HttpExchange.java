package io.vmodem.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One HTTP(S) request and its response, as a module's HTTP service makes it (BG96 AT+QHTTPGET,
 * AT+QHTTPPOST; SIM7600 AT+HTTPACTION). Its connection opens the way every TCP socket of the modem
 * opens ({@link ModemNetwork#connectTcp}, {@link ModemNetwork#connectTls} for https): open delay,
 * context, DNS, policy, counters, trace and the faults that reach sockets all apply. The request
 * and response are framed by Netty's HTTP codec ({@link HttpCodec}). The response's body is either
 * kept whole, up to {@link HttpRequestSpec#maxBodyBytes} (SIM7600 AT+HTTPREAD reads it at any offset), or
 * streamed ({@link HttpRequestSpec#streamed}, BG96 AT+QHTTPREAD): at most {@code maxBodyBytes} of it are
 * held at a time until the reader takes them ({@link #takeBody}); meanwhile the connection is read
 * no further, so its bounded receive buffer fills and TCP holds the server back.
 *
 * <p>Its owner hears {@link Observer#head} when the status line and headers are in, then {@link
 * Observer#finished} when the whole response is, or {@link Observer#failed} with a {@link Failure};
 * what came of the response before a failure stays readable. The connection closes once the
 * response is in.
 */
public final class HttpExchange extends ServiceRun {
    /** Why an exchange failed, in network terms; each dialect maps these to its codes. */
    public enum Failure {
        /** The context is not active. */
        CONTEXT_INACTIVE,
        /** The host name did not resolve. */
        DNS_FAILED,
        /** The connection was refused, unreachable or not allowed. */
        CONNECT_FAILED,
        /** The TLS handshake failed ({@link #tlsFailure()} says why). */
        HANDSHAKE_FAILED,
        /** The response (or its connection) did not come in time. */
        TIMEOUT,
        /** The server closed the connection before the response was complete. */
        CLOSED,
        /** The context went down during the exchange. */
        CONTEXT_LOST,
        /** What came back is not an HTTP response. */
        BAD_RESPONSE,
        /** The body is longer than the module keeps. */
        TOO_LARGE
    }

    /** Who hears what becomes of the exchange, on the modem's thread. */
    public interface Observer {
        /** The status line and headers are in. */
        default void head(HttpExchange exchange) {}

        /** More of a streamed body waits to be taken ({@link #takeBody}). */
        default void body(HttpExchange exchange) {}

        /** The whole response is in (streamed: what is held may still wait to be taken). */
        void finished(HttpExchange exchange);

        /** The exchange failed; what came before stays readable. */
        void failed(HttpExchange exchange, Failure failure);
    }

    private final HttpRequestSpec request;
    private Observer observer;
    private final HttpCodec codec = new HttpCodec();
    private final HttpBody body;
    /** The network ended the connection while a streamed body still waited in it. */
    private CloseCause closedUnderBody;

    private TcpConnection connection;
    private Runnable waiting = () -> {};
    private boolean waitingOff = true;
    private int status = -1;
    private long contentLength = -1;
    private String headText = "";
    private boolean complete;
    private Failure failure;
    private TlsFailure tlsFailure;

    HttpExchange(ModemNetwork network, PdpContext context, HttpRequestSpec request, Observer observer) {
        super(network, context, Services.Kind.HTTP);
        this.request = Objects.requireNonNull(request);
        this.observer = Objects.requireNonNull(observer);
        this.body = new HttpBody(request.streamed(), request.maxBodyBytes());
    }

    public HttpRequestSpec request() {
        return request;
    }

    /** Who hears the rest of the exchange from now on. */
    public void observer(Observer observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    /** The response's status code, or -1 before its head came. */
    public int status() {
        return status;
    }

    /** The response's Content-Length, or -1 when it gave none (chunked, or ended by the close). */
    public long contentLength() {
        return contentLength;
    }

    /** The response's status line and headers as text, each line ended by CR LF, with the empty line. */
    public String headText() {
        return headText;
    }

    /** Whether the whole response is in. */
    public boolean complete() {
        return complete;
    }

    /** Why it failed, or null. */
    public Failure failure() {
        return failure;
    }

    /** Why the handshake failed, for {@link Failure#HANDSHAKE_FAILED}; else null. */
    public TlsFailure tlsFailure() {
        return tlsFailure;
    }

    /** The body received so far, when it is kept whole; a streamed body's is taken with {@link #takeBody}. */
    public byte[] body() {
        return body.whole();
    }

    /** Bytes of the body received so far (streamed: taken or not). */
    public long bodyLength() {
        return body.received();
    }

    /** Whether the body streams to a reader rather than being kept whole. */
    public boolean streamed() {
        return request.streamed();
    }

    /** Bytes of a streamed body waiting to be taken. */
    public int bodyWaiting() {
        return body.waiting();
    }

    /**
     * Bytes of the response the modem holds in memory now: the body waiting to be taken, and what
     * waits in the connection's receive buffer and on its way in. Bounded by {@link
     * HttpRequestSpec#maxBodyBytes} and the socket's receive buffer, whatever the body's length.
     */
    public long heldBytes() {
        long inSocket = connection == null || connection.state() == SocketState.CLOSED
                ? 0
                : connection.heldBytes() + connection.waitingDownlink();
        return body.waiting() + inSocket;
    }

    /** Whether a streamed body has nothing more to give: the exchange is over and nothing waits. */
    public boolean bodyEnded() {
        return over() && body.waiting() == 0;
    }

    /**
     * Takes up to {@code max} bytes of a streamed body, handing them to {@code to} in pieces valid
     * only during the call; the connection is read again as room comes. Returns how many.
     */
    public int takeBody(int max, Consumer<ByteBuffer> to) {
        int taken = body.take(max, to);
        if (taken > 0 && !over()) {
            readable(); // room again: more from the connection
        }
        return taken;
    }

    /** What the request is: its method and URL ({@code GET http://web.test:8080/hello}), as the trace says it. */
    @Override
    public String target() {
        HttpUrl url = request.url();
        return request.method() + " " + (url.secure() ? "https" : "http") + "://" + url.hostHeader() + url.target();
    }

    @Override
    public String progress() {
        if (failure != null) {
            return "failed";
        }
        if (status < 0) {
            return "requesting";
        }
        return (complete ? "complete " : "receiving ") + status;
    }

    @Override
    void start() {
        network.observer().http(this, "started");
        HttpUrl url = request.url();
        SocketEvents events = new Events();
        connection = url.secure()
                ? network.connectTls(context, url.host(), url.port(), 0, request.tls(), events)
                : network.connectTcp(context, url.host(), url.port(), 0, events);
        // Opening has its own limits (the lookup's, the connect's, the handshake's); the owner's may be shorter.
        if (request.connectTimeout() != null) {
            deadline(request.connectTimeout(), () -> fail(Failure.TIMEOUT));
        }
    }

    private void opened() {
        deadline(request.responseTimeout(), () -> fail(Failure.TIMEOUT));
        byte[] wire = request.raw() != null ? request.raw() : codec.encode(request.framed());
        // The server is answering from here on: the modem waits on it, not only on its timers.
        waitOnNetwork(true);
        NetError e = connection.send(wire);
        if (e != null) {
            fail(Failure.CLOSED);
        }
    }

    private void readable() {
        while (!over() && connection.unread() > 0 && body.room() > 0) {
            int n = Math.min(connection.unread(), body.room());
            ByteBuf in = Unpooled.buffer(n);
            connection.read(n, (ByteBuffer b) -> in.writeBytes(b));
            List<HttpObject> objects;
            try {
                objects = codec.decode(in);
            } catch (RuntimeException e) {
                fail(Failure.BAD_RESPONSE); // not HTTP the codec can read
                return;
            }
            take(objects);
        }
        if (over()) {
            return;
        }
        if (closedUnderBody != null && connection.unread() == 0) {
            closed(closedUnderBody);
        } else if (status >= 0 && streamed()) {
            waitOnNetwork(body.room() > 0); // a full window waits on the reader, not on the server
        }
    }

    /** Counts the exchange in flight while the server is what it waits on (a test's clock waits then). */
    private void waitOnNetwork(boolean on) {
        if (on && waitingOff) {
            waitingOff = false;
            waiting = network.begin();
        } else if (!on && !waitingOff) {
            waitingOff = true;
            waiting.run();
        }
    }

    /** The connection ended by the network, once every byte before the end is read. */
    private void closed(CloseCause cause) {
        closedUnderBody = null;
        take(codec.finish());
        if (!over()) {
            fail(cause == CloseCause.CONTEXT_LOST ? Failure.CONTEXT_LOST : Failure.CLOSED);
        }
    }

    private void take(List<HttpObject> objects) {
        for (HttpObject o : objects) {
            try {
                if (!over()) {
                    take(o);
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
    }

    private void take(HttpObject o) {
        if (o.decoderResult().isFailure()) {
            fail(Failure.BAD_RESPONSE);
            return;
        }
        if (o instanceof HttpResponse r) {
            status = r.status().code();
            contentLength = HttpUtil.getContentLength(r, -1L);
            StringBuilder head = new StringBuilder();
            head.append(r.protocolVersion()).append(' ').append(r.status()).append("\r\n");
            for (Map.Entry<String, String> h : r.headers()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            headText = head.append("\r\n").toString();
            if (request.bodyTimeout() != null) {
                deadline(request.bodyTimeout(), () -> fail(Failure.TIMEOUT));
            } else {
                noDeadline(); // the owner's wait decides from here
            }
            observer.head(this);
        }
        if (o instanceof HttpContent c) {
            ByteBuf content = c.content();
            int n = content.readableBytes();
            if (!body.fits(n)) {
                fail(Failure.TOO_LARGE);
                return;
            }
            if (n > 0) {
                byte[] piece = new byte[n];
                content.readBytes(piece);
                body.add(piece);
                if (streamed()) {
                    observer.body(this);
                }
            }
            if (o instanceof LastHttpContent && !over()) {
                finish();
            }
        }
    }

    private void finish() {
        complete = true;
        network.observer().http(this, status + ", " + body.received() + " bytes");
        end();
        observer.finished(this);
    }

    private void fail(Failure why) {
        if (over()) {
            return;
        }
        failure = why;
        network.observer()
                .http(this, "failed: " + why.name().toLowerCase(Locale.ROOT).replace('_', ' ') + received());
        end();
        observer.failed(this, why);
    }

    /** What came of the response before it failed or stopped, for the trace: nothing, or its status and body so far. */
    private String received() {
        return status < 0 ? "" : " after " + status + ", " + body.received() + " bytes";
    }

    @Override
    void released() {
        if (!complete && failure == null) {
            network.observer().http(this, "stopped" + received()); // by its owner, or the power went
        }
        waitOnNetwork(false);
        if (connection != null) {
            connection.close();
        }
        codec.finish().forEach(ReferenceCountUtil::release);
    }

    private static Failure of(NetError error) {
        return switch (error) {
            case CONTEXT_INACTIVE -> Failure.CONTEXT_INACTIVE;
            case DNS_FAILED -> Failure.DNS_FAILED;
            case HANDSHAKE_FAILED -> Failure.HANDSHAKE_FAILED;
            case TIMEOUT -> Failure.TIMEOUT;
            default -> Failure.CONNECT_FAILED;
        };
    }

    /** The connection's events, while the exchange lasts. */
    private final class Events implements SocketEvents {
        @Override
        public void opened(NetSocket socket) {
            if (!over()) {
                HttpExchange.this.opened();
            }
        }

        @Override
        public void openFailed(NetSocket socket, NetError error) {
            if (error == NetError.HANDSHAKE_FAILED) {
                tlsFailure = connection.handshakeFailure();
            }
            fail(of(error));
        }

        @Override
        public void readable(NetSocket socket) {
            if (!over()) {
                HttpExchange.this.readable();
            }
        }

        @Override
        public void closedByNetwork(NetSocket socket, CloseCause cause) {
            if (over()) {
                return;
            }
            HttpExchange.this.readable();
            if (over()) {
                return;
            }
            if (connection.unread() > 0) {
                closedUnderBody = cause; // a streamed body still waits in the socket: its end comes after it
            } else {
                closed(cause);
            }
        }
    }
}
