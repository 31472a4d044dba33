package io.vmodem.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmodem.runtime.FleetEvent;
import io.vmodem.runtime.ModemSnapshot;
import io.vmodem.trace.TraceRing;
import java.time.Instant;
import java.util.Map;

/** The API's JSON for the runtime's values: one place, so the OpenAPI schemas have one source. */
final class Views {
    private Views() {}

    /** A modem in the list: what a dashboard row shows. */
    static JsonObject summary(ModemSnapshot s) {
        return new JsonObject()
                .put("id", s.id())
                .put("name", s.name())
                .put("dialect", s.dialect())
                .put("link", s.link())
                .put("imei", s.imei())
                .put("power", s.power())
                .put("registration", registration(s))
                .put("signal", signal(s))
                .put(
                        "activeContexts",
                        s.contexts().stream()
                                .filter(c -> c.state().equals("active"))
                                .count())
                .put("openSockets", s.sockets().size())
                .put("bytesIn", s.bytesIn())
                .put("bytesOut", s.bytesOut())
                .put("engineFaults", s.engineFaults())
                .put("faultsInjected", s.faultsInjected());
    }

    /** A modem in detail. */
    static JsonObject detail(ModemSnapshot s) {
        JsonArray contexts = new JsonArray();
        for (ModemSnapshot.Context c : s.contexts()) {
            contexts.add(new JsonObject()
                    .put("id", c.id())
                    .put("state", c.state())
                    .put("address", c.address())
                    .put("apn", c.apn()));
        }
        JsonArray sockets = new JsonArray();
        for (ModemSnapshot.Socket k : s.sockets()) {
            sockets.add(new JsonObject()
                    .put("id", k.id())
                    .put("type", k.type())
                    .put("state", k.state())
                    .put("local", k.local())
                    .put("remote", k.remote())
                    .put("sent", k.sent())
                    .put("acknowledged", k.acknowledged())
                    .put("received", k.received())
                    .put("read", k.read())
                    .put("unread", k.unread()));
        }
        JsonArray services = new JsonArray();
        for (ModemSnapshot.Service v : s.services()) {
            services.add(new JsonObject()
                    .put("kind", v.kind())
                    .put("context", v.context())
                    .put("target", v.target())
                    .put("progress", v.progress()));
        }
        JsonArray conditions = new JsonArray();
        s.conditions().forEach(c -> conditions.add(new JsonObject(new java.util.LinkedHashMap<>(c))));
        ModemSnapshot.Settings at = s.settings();
        return summary(s)
                .put("contexts", contexts)
                .put("sockets", sockets)
                .put("services", services)
                .put("command", s.command())
                .put("conditions", conditions)
                .put(
                        "settings",
                        new JsonObject()
                                .put("echo", at.echo())
                                .put("verbose", at.verbose())
                                .put("quiet", at.quiet())
                                .put("cmee", at.cmee()))
                .put("traceNext", s.traceKept());
    }

    private static JsonObject registration(ModemSnapshot s) {
        return new JsonObject()
                .put("stat", s.registration().stat())
                .put("state", s.registration().state());
    }

    private static JsonObject signal(ModemSnapshot s) {
        return new JsonObject()
                .put("rssi", s.signal().rssi())
                .put("ber", s.signal().ber());
    }

    static JsonObject line(TraceRing.Line l) {
        return new JsonObject()
                .put("seq", l.seq())
                .put("time", Instant.ofEpochSecond(0, l.epochNanos()).toString())
                .put("kind", l.kind())
                .put("text", l.text());
    }

    static JsonObject event(FleetEvent e) {
        return new JsonObject()
                .put("modem", e.modem())
                .put("time", Instant.ofEpochMilli(e.epochMillis()).toString())
                .put("type", e.type())
                .put("detail", new JsonObject(Map.copyOf(e.detail())));
    }
}
