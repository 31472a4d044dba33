package io.vmodem.control;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ScenarioException;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.runtime.FaultNotAvailable;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.InvalidFaultParameter;
import io.vmodem.runtime.VirtualModem;

/** The parts of a control API request, each read once, checked, and refused with a 4xx naming what is wrong. */
final class Requests {
    private Requests() {}

    static VirtualModem modem(Fleet fleet, RoutingContext ctx) {
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

    static Fault condition(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Fault f = Fault.byId(name)
                .orElseThrow(() -> Problem.notFound("no condition named " + name + " (known: " + Fault.ids() + ")"));
        if (!f.isCondition()) {
            throw Problem.badRequest("name", name + " is a fault, not a condition: POST it to .../faults");
        }
        return f;
    }

    static Injection injection(RoutingContext ctx, String text) {
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

    static Problem notAvailable(FaultNotAvailable e) {
        return new Problem(501, e.getMessage(), "fault");
    }

    static String body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("", "request body: empty");
        }
        return text;
    }

    static JsonObject jsonBody(RoutingContext ctx, boolean emptyAllowed) {
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

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
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

    static long longParam(RoutingContext ctx, String name, long fallback) {
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

    static long parseLong(String v, String name) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name, name + ": expected a whole number, got " + v);
        }
    }
}
