package io.vmodem.control;

import static io.vmodem.control.ControlServer.MAX_URC;
import static io.vmodem.control.Replies.ask;
import static io.vmodem.control.Replies.json;
import static io.vmodem.control.Replies.reason;
import static io.vmodem.control.Replies.reply;
import static io.vmodem.control.Requests.body;
import static io.vmodem.control.Requests.condition;
import static io.vmodem.control.Requests.injection;
import static io.vmodem.control.Requests.jsonBody;
import static io.vmodem.control.Requests.notAvailable;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The control API's acting routes: faults and conditions, scenarios, power and URCs, on one modem or all. */
final class ActionRoutes {
    private final Fleet fleet;
    private final Vertx vertx;

    ActionRoutes(Fleet fleet, Vertx vertx) {
        this.fleet = fleet;
        this.vertx = vertx;
    }

    private VirtualModem modem(RoutingContext ctx) {
        return Requests.modem(fleet, ctx);
    }

    void fault(RoutingContext ctx) {
        Injection injection = injection(ctx, body(ctx));
        act(ctx, m -> {
            m.faults().apply(injection);
            return applied(m, injection);
        });
    }

    void setCondition(RoutingContext ctx) {
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

    void clearCondition(RoutingContext ctx) {
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

    void scenario(RoutingContext ctx) {
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

    void power(RoutingContext ctx) {
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

    void urc(RoutingContext ctx) {
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
    void act(RoutingContext ctx, ModemAction action) {
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
}
