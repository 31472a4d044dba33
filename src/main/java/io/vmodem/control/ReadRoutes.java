package io.vmodem.control;

import static io.vmodem.control.ControlServer.ASK_TIMEOUT;
import static io.vmodem.control.ControlServer.DEFAULT_PAGE;
import static io.vmodem.control.ControlServer.MAX_PAGE;
import static io.vmodem.control.Replies.ask;
import static io.vmodem.control.Replies.failure;
import static io.vmodem.control.Replies.json;
import static io.vmodem.control.Replies.reason;
import static io.vmodem.control.Replies.reply;
import static io.vmodem.control.Requests.intParam;
import static io.vmodem.control.Requests.longParam;
import static io.vmodem.control.Requests.parseLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.trace.TraceRing;
import io.vmodem.trace.TraceTranscript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The control API's reading routes: the modems, one modem, its trace and transcript, events, metrics. */
final class ReadRoutes {
    private static final long DAY_NANOS = 86_400_000_000_000L;

    private final Fleet fleet;
    private final Vertx vertx;
    private final Metrics metrics;

    ReadRoutes(Fleet fleet, Vertx vertx, Metrics metrics) {
        this.fleet = fleet;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    private VirtualModem modem(RoutingContext ctx) {
        return Requests.modem(fleet, ctx);
    }

    void list(RoutingContext ctx) {
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

    void one(RoutingContext ctx) {
        VirtualModem m = modem(ctx);
        reply(ctx, m.snapshot().orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), Views::detail);
    }

    void trace(RoutingContext ctx) {
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

    void traceStream(RoutingContext ctx) {
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
    void transcript(RoutingContext ctx) {
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

    void events(RoutingContext ctx) {
        EventStream stream = new EventStream(vertx, ctx.response(), "events");
        Fleet.Listener l = e -> stream.offer(Views.event(e));
        fleet.subscribe(l);
        stream.start(() -> fleet.unsubscribe(l));
    }

    void metrics(RoutingContext ctx) {
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
}
