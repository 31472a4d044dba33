package io.vmodem.control;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.Scenario;
import io.vmodem.fault.ScenarioException;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.runtime.FaultNotAvailable;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.InvalidFaultParameter;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.trace.TraceRing;
import io.vmodem.trace.TraceTranscript;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
    private static final long DAY_NANOS = 86_400_000_000_000L;

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
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)));
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
        r.get("/api/modems").handler(this::list);
        r.get("/api/modems/:id").handler(this::one);
        r.get("/api/modems/:id/trace").handler(this::trace);
        r.get("/api/modems/:id/trace/stream").handler(this::traceStream);
        r.get("/api/modems/:id/transcript").handler(this::transcript);
        r.get("/api/events").handler(this::events);
        r.post("/api/modems/:id/faults").handler(this::fault);
        r.put("/api/modems/:id/conditions/:name").handler(this::setCondition);
        r.delete("/api/modems/:id/conditions/:name").handler(this::clearCondition);
        r.post("/api/scenarios").handler(this::scenario);
        r.post("/api/modems/:id/power").handler(this::power);
        r.post("/api/modems/:id/urc").handler(this::urc);
        r.get("/api/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(openApi));
        r.get("/metrics").handler(this::metrics);
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

    // ---- reading ----

    private void list(RoutingContext ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        int total = fleet.size();
        List<VirtualModem> page = fleet.page(offset, limit);
        List<CompletableFuture<JsonObject>> rows = new ArrayList<>();
        for (VirtualModem m : page) {
            rows.add(m.snapshot()
                    .orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(Views::summary)
                    .exceptionally(e -> new JsonObject()
                            .put("id", m.id())
                            .put("link", m.link())
                            .put("unavailable", reason(e))));
        }
        Context c = vertx.getOrCreateContext();
        CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> c.runOnContext(x -> {
                    JsonArray modems = new JsonArray();
                    rows.forEach(f -> modems.add(f.join()));
                    json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("total", total)
                                    .put("offset", offset)
                                    .put("limit", limit)
                                    .put("modems", modems));
                }));
    }

    private void one(RoutingContext ctx) {
        VirtualModem m = modem(ctx);
        reply(ctx, m.snapshot().orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), Views::detail);
    }

    private void trace(RoutingContext ctx) {
        VirtualModem m = modem(ctx);
        long since = longParam(ctx, "since", 0);
        int limit = intParam(ctx, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        reply(
                ctx,
                ask(m, () -> {
                    TraceRing ring = kept(m);
                    JsonArray lines = new JsonArray();
                    ring.since(since, limit).forEach(l -> lines.add(Views.line(l)));
                    long next = lines.isEmpty() ? Math.max(since, ring.nextSeq() - 1) : lastSeq(lines);
                    return new JsonObject()
                            .put("modem", m.id())
                            .put("keep", ring.capacity())
                            .put("first", Math.max(1, ring.nextSeq() - ring.capacity()))
                            .put("next", next)
                            .put("lines", lines);
                }),
                Function.identity());
    }

    private static long lastSeq(JsonArray lines) {
        return lines.getJsonObject(lines.size() - 1).getLong("seq");
    }

    private static TraceRing kept(VirtualModem m) {
        TraceRing ring = m.traceRing();
        if (ring == null) {
            throw Problem.notFound("modem " + m.id() + " keeps no trace in memory (--trace-keep 0)");
        }
        return ring;
    }

    private void traceStream(RoutingContext ctx) {
        VirtualModem m = modem(ctx);
        String lastEvent = ctx.request().getHeader("Last-Event-ID");
        long since = lastEvent != null ? parseLong(lastEvent, "Last-Event-ID") : longParam(ctx, "since", 0);
        EventStream stream = new EventStream(vertx, ctx.response(), "trace");
        TraceRing.Subscriber[] sub = new TraceRing.Subscriber[1];
        Context c = vertx.getOrCreateContext();
        ask(m, () -> {
                    TraceRing ring = kept(m);
                    ring.since(since, ring.capacity()).forEach(l -> stream.offer(Views.line(l)));
                    sub[0] = l -> stream.offer(Views.line(l));
                    ring.subscribe(sub[0]);
                    return ring;
                })
                .whenComplete((ring, e) -> c.runOnContext(x -> {
                    if (e != null) {
                        failure(ctx, e);
                        return;
                    }
                    stream.lastId(since);
                    stream.start(() -> m.ask(() -> {
                        ring.unsubscribe(sub[0]);
                        return null;
                    }));
                }));
    }

    /**
     * The kept trace as a transcript, as {@code vmodem transcript} makes one from a trace file;
     * {@code ?var=NAME=VALUE} (repeatable) writes each VALUE as {@code ${NAME}}.
     */
    private void transcript(RoutingContext ctx) {
        VirtualModem m = modem(ctx);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String v : ctx.queryParam("var")) {
            int eq = v.indexOf('=');
            if (eq < 1 || !v.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw Problem.badRequest(
                        "var", "var: expected NAME=VALUE with NAME a letter then letters, digits, _ or ., got " + v);
            }
            variables.put(v.substring(0, eq), v.substring(eq + 1));
        }
        String name = "m" + m.id();
        Context c = vertx.getOrCreateContext();
        ask(m, () -> {
                    TraceRing ring = kept(m);
                    return ring.since(0, ring.capacity());
                })
                .whenComplete((lines, e) -> c.runOnContext(x -> {
                    if (e != null) {
                        failure(ctx, e);
                        return;
                    }
                    List<TraceTranscript.Event> events = new ArrayList<>(lines.size());
                    for (TraceRing.Line l : lines) {
                        events.add(new TraceTranscript.Event(
                                Math.floorMod(l.epochNanos(), DAY_NANOS), name, l.kind(), l.text()));
                    }
                    if (ctx.response().ended() || ctx.response().closed()) {
                        return;
                    }
                    ctx.response()
                            .putHeader("Content-Type", "text/plain; charset=utf-8")
                            .putHeader("Content-Disposition", "attachment; filename=\"" + name + "-transcript.txt\"")
                            .end(TraceTranscript.ofEvents(name, events, variables));
                }));
    }

    private void events(RoutingContext ctx) {
        EventStream stream = new EventStream(vertx, ctx.response(), "events");
        Fleet.Listener l = e -> stream.offer(Views.event(e));
        fleet.subscribe(l);
        stream.start(() -> fleet.unsubscribe(l));
    }

    private void metrics(RoutingContext ctx) {
        Context c = vertx.getOrCreateContext();
        metrics.scrape()
                .whenComplete((text, e) -> c.runOnContext(x -> {
                    if (e != null) {
                        failure(ctx, e);
                        return;
                    }
                    ctx.response()
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(text);
                }));
    }

    // ---- acting ----

    private void fault(RoutingContext ctx) {
        Injection injection = injection(ctx, body(ctx));
        act(ctx, m -> {
            m.faults().apply(injection);
            return applied(m, injection);
        });
    }

    private void setCondition(RoutingContext ctx) {
        Fault f = condition(ctx);
        JsonObject params = jsonBody(ctx, true);
        for (String key : List.of("fault", "condition", "clear")) {
            if (params.containsKey(key)) {
                throw Problem.badRequest(key, "request body, " + key + ": the condition is named in the path");
            }
        }
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("condition", f.id());
        shape.putAll(params.getMap());
        Injection injection = injection(ctx, new JsonObject(shape).encode());
        act(ctx, m -> {
            m.faults().apply(injection);
            return applied(m, injection);
        });
    }

    private void clearCondition(RoutingContext ctx) {
        Fault f = condition(ctx);
        JsonObject shape = new JsonObject().put("clear", f.id());
        ctx.queryParams().forEach((k, v) -> {
            if (!k.equals("token")) {
                shape.put(k, v);
            }
        });
        Injection injection = injection(ctx, shape.encode());
        act(ctx, m -> {
            m.faults().apply(injection);
            return applied(m, injection);
        });
    }

    private void scenario(RoutingContext ctx) {
        Scenario s;
        try {
            s = ScenarioReader.read(body(ctx), "request body");
            FaultEffects.check(s);
        } catch (ScenarioException e) {
            throw Problem.badRequest(e.field(), e.getMessage());
        } catch (FaultNotAvailable e) {
            throw notAvailable(e);
        } catch (InvalidFaultParameter e) {
            throw Problem.badRequest(e.parameter(), e.getMessage());
        }
        List<VirtualModem> all = fleet.all();
        List<CompletableFuture<Long>> loaded = new ArrayList<>();
        for (VirtualModem m : all) {
            loaded.add(ask(m, () -> {
                        String imei = m.session().modem().identity().imei();
                        if (!s.modems().includes((int) m.id(), imei)) {
                            return -1L;
                        }
                        m.faults().reseed(s.seed());
                        m.faults().load(s.steps());
                        return m.id();
                    })
                    .exceptionally(e -> -1L));
        }
        Context c = vertx.getOrCreateContext();
        CompletableFuture.allOf(loaded.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> c.runOnContext(x -> {
                    JsonArray ids = new JsonArray();
                    loaded.stream()
                            .map(CompletableFuture::join)
                            .filter(id -> id >= 0)
                            .forEach(ids::add);
                    json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("seed", s.seed())
                                    .put("steps", s.steps().size())
                                    .put("modems", ids));
                }));
    }

    private void power(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx, false);
        String action = body.getValue("action") instanceof String a ? a : null;
        if (action == null || !Set.of("reset", "off", "on").contains(action)) {
            throw Problem.badRequest("action", "request body, action: expected one of reset|off|on");
        }
        act(ctx, m -> {
            m.power(action);
            return new JsonObject().put("modem", m.id()).put("action", action);
        });
    }

    private void urc(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx, false);
        String line = body.getValue("line") instanceof String l ? l : null;
        if (line == null || line.isEmpty()) {
            throw Problem.badRequest("line", "request body, line: expected the text of the line");
        }
        if (line.length() > MAX_URC || line.chars().anyMatch(ch -> ch < 0x20 || ch > 0x7e)) {
            throw Problem.badRequest(
                    "line",
                    "request body, line: printable ASCII without line ends, at most " + MAX_URC
                            + " characters (the modem adds the framing)");
        }
        act(ctx, m -> {
            if (!m.session().powered()) {
                throw new Problem(409, "modem " + m.id() + " is off: it emits nothing");
            }
            m.urc(line);
            return new JsonObject().put("modem", m.id()).put("line", line);
        });
    }

    private static JsonObject applied(VirtualModem m, Injection injection) {
        JsonArray conditions = new JsonArray();
        m.faults().conditions().forEach(c -> conditions.add(new JsonObject(c.toMap())));
        return new JsonObject()
                .put("modem", m.id())
                .put("applied", new JsonObject(injection.toMap()))
                .put("conditions", conditions);
    }

    /**
     * Does {@code action} on the modem the path names, on its loop; or on every modem for {@code
     * all}, answering which did it and which could not.
     */
    private void act(RoutingContext ctx, ModemAction action) {
        String id = ctx.pathParam("id");
        if (!"all".equals(id)) {
            VirtualModem m = modem(ctx);
            reply(ctx, ask(m, () -> action.on(m)), Function.identity());
            return;
        }
        List<VirtualModem> all = fleet.all();
        List<CompletableFuture<JsonObject>> done = new ArrayList<>();
        for (VirtualModem m : all) {
            done.add(ask(m, () -> action.on(m))
                    .handle((ok, e) -> e == null
                            ? ok
                            : new JsonObject().put("modem", m.id()).put("failed", reason(e))));
        }
        Context c = vertx.getOrCreateContext();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> c.runOnContext(x -> {
                    JsonArray ok = new JsonArray();
                    JsonArray failed = new JsonArray();
                    for (var f : done) {
                        JsonObject r = f.join();
                        (r.containsKey("failed") ? failed : ok).add(r);
                    }
                    json(ctx, 200, new JsonObject().put("modems", ok).put("failed", failed));
                }));
    }

    private interface ModemAction {
        JsonObject on(VirtualModem m) throws Exception;
    }

    // ---- request parts ----

    private VirtualModem modem(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String digits = id.startsWith("m") ? id.substring(1) : id;
        if (digits.matches("\\d{1,18}")) {
            var m = fleet.find(Long.parseLong(digits));
            if (m.isPresent()) {
                return m.get();
            }
        }
        throw Problem.notFound("no modem " + id + " (GET /api/modems lists them)");
    }

    private static Fault condition(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Fault f = Fault.byId(name)
                .orElseThrow(() -> Problem.notFound("no condition named " + name + " (known: " + Fault.ids() + ")"));
        if (!f.isCondition()) {
            throw Problem.badRequest("name", name + " is a fault, not a condition: POST it to .../faults");
        }
        return f;
    }

    private static Injection injection(RoutingContext ctx, String text) {
        Injection injection;
        try {
            injection = ScenarioReader.injection(text, "request body");
        } catch (ScenarioException e) {
            throw Problem.badRequest(e.field(), e.getMessage());
        }
        try {
            FaultEffects.check(injection);
        } catch (FaultNotAvailable e) {
            throw notAvailable(e);
        } catch (InvalidFaultParameter e) {
            throw Problem.badRequest(e.parameter(), "request body, " + e.getMessage());
        }
        return injection;
    }

    private static Problem notAvailable(FaultNotAvailable e) {
        return new Problem(501, e.getMessage(), "fault");
    }

    private static String body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("", "request body: empty");
        }
        return text;
    }

    private static JsonObject jsonBody(RoutingContext ctx, boolean emptyAllowed) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            if (emptyAllowed) {
                return new JsonObject();
            }
            throw Problem.badRequest("", "request body: empty");
        }
        try {
            Object v = new JsonObject("{\"v\":" + text + "}").getValue("v");
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw Problem.badRequest("", "request body: not valid JSON: " + e.getMessage());
        }
        throw Problem.badRequest("", "request body: expected a JSON object");
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return fallback;
        }
        long n = parseLong(v, name);
        if (n < min || n > max) {
            throw Problem.badRequest(name, name + ": expected " + min + ".." + max + ", got " + v);
        }
        return (int) n;
    }

    private static long longParam(RoutingContext ctx, String name, long fallback) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return fallback;
        }
        long n = parseLong(v, name);
        if (n < 0) {
            throw Problem.badRequest(name, name + ": expected a number from 0, got " + v);
        }
        return n;
    }

    private static long parseLong(String v, String name) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name, name + ": expected a whole number, got " + v);
        }
    }

    // ---- answering ----

    private static <T> CompletableFuture<T> ask(VirtualModem m, java.util.concurrent.Callable<T> task) {
        return m.ask(task).orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> void reply(RoutingContext ctx, CompletableFuture<T> f, Function<T, JsonObject> view) {
        Context c = vertx.getOrCreateContext();
        f.whenComplete((v, e) -> c.runOnContext(x -> {
            if (e != null) {
                failure(ctx, e);
            } else {
                json(ctx, 200, view.apply(v));
            }
        }));
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof Problem p) {
            p.send(ctx);
        } else if (t instanceof TimeoutException) {
            Problem.send(ctx, 504, "the modem did not answer within " + ASK_TIMEOUT.toMillis() + " ms", null);
        } else if (t instanceof IllegalArgumentException) {
            Problem.send(ctx, 400, t.getMessage(), null);
        } else {
            log.warn(
                    "control API: {} {} failed",
                    ctx.request().method(),
                    ctx.request().path(),
                    t);
            Problem.send(ctx, 500, "internal error: " + t.getClass().getSimpleName(), null);
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof TimeoutException
                ? "did not answer within " + ASK_TIMEOUT.toMillis() + " ms"
                : t.getMessage();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
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
