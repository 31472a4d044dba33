package io.vmodem.testing.peers;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vmodem.testing.peers.TestCertificates.Identity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTP/1.1 server on loopback, on an ephemeral port (the JDK's {@code com.sun.net.httpserver}),
 * plain or HTTPS with a certificate of {@link TestCertificates}. What it serves:
 *
 * <ul>
 *   <li>{@code GET /hello}: 200, {@link #HELLO}, with a Content-Length;
 *   <li>{@code POST /echo} (any method with a body): 200, the body back, its Content-Type too;
 *   <li>{@code GET /chunked}: 200 in chunked transfer coding, {@link #CHUNKS} one chunk each;
 *   <li>{@code GET /redirect}: 302 to {@code /hello} (and {@code /redirect/N}: N hops, then there);
 *   <li>{@code GET /status/N}: status N with a short body;
 *   <li>a path given to {@link #serve}: 200 with that body, as application/octet-stream;
 *   <li>a path given to {@link #slow}: the headers and Content-Length at once, the body in pieces
 *       the test releases ({@link SlowBody#release}, {@link SlowBody#finish}): no waiting on a clock.
 * </ul>
 *
 * Every request is recorded ({@link #awaitRequest}) with its method, path, headers and body.
 */
public final class HttpTestServer implements AutoCloseable {
    public static final String HELLO = "Hello, module!\n";
    public static final List<String> CHUNKS = List.of("first chunk\n", "second, longer chunk\n", "last\n");

    /** A request as the server received it. */
    public record Request(String method, String path, Headers headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-peer");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, SlowBody> slow = new ConcurrentHashMap<>();
    private final Map<String, byte[]> fixed = new ConcurrentHashMap<>();
    private final boolean https;

    private HttpTestServer(HttpServer server, boolean https) {
        this.server = server;
        this.https = https;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain HTTP server. */
    public static HttpTestServer plain() throws IOException {
        return new HttpTestServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), false);
    }

    /** An HTTPS server presenting {@code certificate}. */
    public static HttpTestServer https(Identity certificate) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(certificate.keyStore(), TestCertificates.PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            s.setHttpsConfigurator(new HttpsConfigurator(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new HttpTestServer(s, true);
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} ({@code http://127.0.0.1:port/path}, or https). */
    public String url(String path) {
        return (https ? "https" : "http") + "://" + host() + ":" + port() + path;
    }

    /** The next request (a test failure if none comes within {@code timeout}). */
    public Request awaitRequest(Duration timeout) throws InterruptedException {
        Request r = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no HTTP request within " + timeout);
        }
        return r;
    }

    /** Serves {@code path} with {@code body} (200, application/octet-stream) from now on. */
    public void serve(String path, byte[] body) {
        fixed.put(path, body.clone());
    }

    /** Serves {@code path} with a body of {@code length} bytes that the test releases piece by piece. */
    public SlowBody slow(String path, int length) {
        SlowBody body = new SlowBody(length);
        slow.put(path, body);
        return body;
    }

    /** The body of a slow path: what the test releases goes to the client, nothing before. */
    public static final class SlowBody {
        private final int length;
        private final BlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
        private int released;

        private SlowBody(int length) {
            this.length = length;
        }

        /** Sends {@code piece} now (the next bytes of the body). */
        public synchronized void release(byte[] piece) {
            if (released + piece.length > length) {
                throw new IllegalArgumentException("the body has " + length + " bytes");
            }
            released += piece.length;
            pieces.add(piece.clone());
        }

        /** Ends the response early: the connection closes with the body incomplete. */
        public void abort() {
            pieces.add(new byte[0]);
        }

        /** Sends whatever of the body is left (filled with {@code '.'}). */
        public synchronized void finish() {
            byte[] rest = new byte[length - released];
            java.util.Arrays.fill(rest, (byte) '.');
            released = length;
            if (rest.length > 0) {
                pieces.add(rest);
            }
        }
    }

    @Override
    public void close() {
        for (SlowBody b : slow.values()) {
            b.abort();
        }
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- serving ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            requests.add(
                    new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), body));
            SlowBody s = slow.get(path);
            byte[] given = fixed.get(path);
            if (s != null) {
                serveSlowly(ex, s);
            } else if (given != null) {
                send(ex, 200, "application/octet-stream", given);
            } else if (path.equals("/hello")) {
                send(ex, 200, "text/plain", HELLO.getBytes(StandardCharsets.US_ASCII));
            } else if (path.equals("/echo")) {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                send(ex, 200, type == null ? "application/octet-stream" : type, body);
            } else if (path.equals("/chunked")) {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0); // 0: chunked
                OutputStream out = ex.getResponseBody();
                for (String chunk : CHUNKS) {
                    out.write(chunk.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } else if (path.equals("/redirect") || path.startsWith("/redirect/")) {
                int hops = path.equals("/redirect") ? 1 : Integer.parseInt(path.substring("/redirect/".length()));
                ex.getResponseHeaders().set("Location", hops > 1 ? "/redirect/" + (hops - 1) : "/hello");
                send(ex, 302, "text/plain", "Found\n".getBytes(StandardCharsets.US_ASCII));
            } else if (path.startsWith("/status/")) {
                int status = Integer.parseInt(path.substring("/status/".length()));
                send(ex, status, "text/plain", ("status " + status + "\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                send(ex, 404, "text/plain", "Not Found\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("the HTTP peer failed", e));
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        PeerActivity.begin();
        try {
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
            if (body.length > 0 && !head) {
                ex.getResponseBody().write(body);
            }
        } finally {
            PeerActivity.end();
        }
    }

    /** Headers at once; each piece as the test releases it (the peer's thread waits, not the test). */
    private static void serveSlowly(HttpExchange ex, SlowBody body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.flush();
        int sent = 0;
        try {
            while (sent < body.length) {
                byte[] piece = body.pieces.take();
                if (piece.length == 0) {
                    return; // aborted
                }
                out.write(piece);
                out.flush();
                sent += piece.length;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
