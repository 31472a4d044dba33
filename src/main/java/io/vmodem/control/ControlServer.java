package io.vmodem.control;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vmodem.runtime.Fleet;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API: every modem of the fleet, its sockets and trace, and its faults, over HTTP with
 * JSON, Server-Sent Events for live streams, and Prometheus metrics. It runs on its own Vert.x event
 * loop; a modem's state is read by a message to the modem's loop with a timeout, so the API never
 * blocks or slows a modem, and a modem nobody asks about does nothing for it.
 *
 * <p>Bound to loopback it answers anyone on this host (requests must name the host as loopback, so a
 * web page cannot reach it through DNS rebinding, and must send JSON or YAML, so a web page cannot
 * post a form to it); bound elsewhere it requires the token ({@code Authorization: Bearer}, or
 * {@code ?token=} for a browser's EventSource). The OpenAPI description is the resource {@code
 * openapi.json} beside this class. The dashboard, when the jar has one, is served from the
 * classpath's {@code /dashboard/} at {@code /}, with browser libraries as WebJars at {@code
 * /webjars/}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    /** Default of {@code --control}. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:5580";

    /** How long the API waits for a modem's loop to answer. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    static final int MAX_URC = 1024;
    private static final int BODY_LIMIT = 1 << 20;

    private static final Set<String> BODY_TYPES =
            Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml");

    /**
     * Where to listen and who may ask.
     *
     * @param token required from every request when not null; always required off loopback
     */
    public record Options(String host, int port, String token) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("an empty token");
            }
        }

        /** Whether {@link #host} is a loopback address (or {@code localhost}). */
        public boolean loopback() {
            return isLoopback(host);
        }
    }

    private final Fleet fleet;
    private final Options options;
    private final Vertx vertx;
    private final Router router;
    private final Metrics metrics;
    private final byte[] token;
    private final String openApi;
    private final boolean dashboard = ControlServer.class.getResource("/dashboard/index.html") != null;
    private HttpServer server;

    private ControlServer(Fleet fleet, Options options) {
        if (!options.loopback() && options.token() == null) {
            throw new IllegalArgumentException("a control API off loopback needs a token");
        }
        this.fleet = fleet;
        this.options = options;
        this.token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(true)));
        if (dashboard) {
            // Vert.x serves classpath files from copies it makes on first use; made now, once, no
            // request finds one half made (uncached, each request copied over the others: 404s).
            vertx.fileSystem().existsBlocking("dashboard");
            vertx.fileSystem().existsBlocking("META-INF/resources/webjars");
        }
        this.metrics = new Metrics(fleet);
        this.openApi = resource("openapi.json");
        this.router = routes();
    }

    /** Starts the API on {@code options}' address; port 0 picks a free one. */
    public static ControlServer start(Fleet fleet, Options options) throws IOException {
        ControlServer s = new ControlServer(fleet, options);
        try {
            s.server = s.vertx
                    .createHttpServer(new HttpServerOptions()
                            .setHost(options.host())
                            .setPort(options.port())
                            .setCompressionSupported(true))
                    .requestHandler(s.router)
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new IOException("interrupted while starting the control API");
        } catch (ExecutionException | TimeoutException e) {
            s.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + cause.getMessage(), cause);
        }
        return s;
    }

    /** A token for {@code --control-token} when none is given: 32 random bytes, URL-safe. */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(options.host(), server.actualPort());
    }

    /** Whether this jar has the dashboard, served at {@link #url()}. */
    public boolean dashboard() {
        return dashboard;
    }

    /** {@code http://127.0.0.1:5580/}. */
    public String url() {
        String h = options.host();
        return "http://" + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + server.actualPort() + "/";
    }

    /** The router, for the test that keeps the OpenAPI description true. */
    Router router() {
        return router;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("closing the control API: {}", e.toString());
        }
    }

    // ---- routes ----

    private Router routes() {
        Router r = Router.router(vertx);
        r.route().handler(this::guard);
        r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        ReadRoutes read = new ReadRoutes(fleet, vertx, metrics);
        ActionRoutes act = new ActionRoutes(fleet, vertx);
        r.get("/api/modems").handler(read::list);
        r.get("/api/modems/:id").handler(read::one);
        r.get("/api/modems/:id/trace").handler(read::trace);
        r.get("/api/modems/:id/trace/stream").handler(read::traceStream);
        r.get("/api/modems/:id/transcript").handler(read::transcript);
        r.get("/api/events").handler(read::events);
        r.post("/api/modems/:id/faults").handler(act::fault);
        r.put("/api/modems/:id/conditions/:name").handler(act::setCondition);
        r.delete("/api/modems/:id/conditions/:name").handler(act::clearCondition);
        r.post("/api/scenarios").handler(act::scenario);
        r.post("/api/modems/:id/power").handler(act::power);
        r.post("/api/modems/:id/urc").handler(act::urc);
        r.get("/metrics").handler(read::metrics);
        r.get("/api/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(openApi));
        if (dashboard) {
            // GET and HEAD only, so that another method on an API path is still answered 405
            r.route("/webjars/*")
                    .method(HttpMethod.GET)
                    .method(HttpMethod.HEAD)
                    .handler(StaticHandler.create("META-INF/resources/webjars"));
            r.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticHandler.create("dashboard"));
        }
        r.errorHandler(
                404,
                ctx -> Problem.send(
                        ctx, 404, "no such resource: " + ctx.request().path(), null));
        r.errorHandler(
                405,
                ctx -> Problem.send(
                        ctx,
                        405,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path(),
                        null));
        r.errorHandler(413, ctx -> Problem.send(ctx, 413, "the body is larger than " + BODY_LIMIT + " bytes", null));
        r.errorHandler(500, ctx -> {
            Throwable t = ctx.failure();
            if (t instanceof Problem p) {
                p.send(ctx);
                return;
            }
            log.warn(
                    "control API: {} {} failed",
                    ctx.request().method(),
                    ctx.request().path(),
                    t);
            Problem.send(
                    ctx,
                    500,
                    "internal error: " + (t == null ? "unknown" : t.getClass().getSimpleName()),
                    null);
        });
        return r;
    }

    /** The token, the Host header, and JSON or YAML bodies; see the class comment for why. */
    private void guard(RoutingContext ctx) {
        if (token != null && !tokenGiven(ctx) && !dashboardFile(ctx)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vmodem\"");
            Problem.send(ctx, 401, "this control API needs its token: Authorization: Bearer <token>", null);
            return;
        }
        if (token == null
                && !loopbackHost(
                        ctx.request().authority() == null
                                ? null
                                : ctx.request().authority().host())) {
            Problem.send(
                    ctx,
                    403,
                    "the Host header must name this host by a loopback address or localhost (a guard against DNS"
                            + " rebinding)",
                    null);
            return;
        }
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.POST || m == HttpMethod.PUT) {
            String type = ctx.request().getHeader("Content-Type");
            String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            boolean empty = "0".equals(ctx.request().getHeader("Content-Length"));
            if (!BODY_TYPES.contains(base) && !(empty && type == null)) {
                Problem.send(ctx, 415, "send the body as application/json (or application/yaml for a scenario)", null);
                return;
            }
        }
        ctx.next();
    }

    /**
     * The dashboard's own files hold nothing secret, and a browser fetches its scripts and styles
     * without the token; the page then sends the token with every API call.
     */
    private boolean dashboardFile(RoutingContext ctx) {
        String path = ctx.request().path();
        HttpMethod m = ctx.request().method();
        return dashboard
                && (m == HttpMethod.GET || m == HttpMethod.HEAD)
                && path != null
                && !path.startsWith("/api/")
                && !path.equals("/api")
                && !path.startsWith("/metrics");
    }

    private boolean tokenGiven(RoutingContext ctx) {
        String given = null;
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        } else if (ctx.request().getParam("token") != null) {
            given = ctx.request().getParam("token");
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase(options.host()) || isLoopback(h);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9a-f:.]+")) {
            return false; // a name other than localhost: never looked up here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String resource(String name) {
        try (InputStream in = ControlServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
