package io.vmodem.control;

import static io.vmodem.control.ControlServer.ASK_TIMEOUT;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vmodem.runtime.VirtualModem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the control API answers: a question to a modem's loop with a timeout, its answer as JSON on
 * the API's own loop, and a failure as a problem (504 for a modem that did not answer in time).
 */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private Replies() {}

    static <T> CompletableFuture<T> ask(VirtualModem m, java.util.concurrent.Callable<T> task) {
        return m.ask(task).orTimeout(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static <T> void reply(RoutingContext ctx, CompletableFuture<T> f, Function<T, JsonObject> view) {
        Context c = ctx.vertx().getOrCreateContext();
        f.whenComplete((v, e) -> c.runOnContext(x -> {
            if (e != null) {
                failure(ctx, e);
            } else {
                json(ctx, 200, view.apply(v));
            }
        }));
    }

    static void failure(RoutingContext ctx, Throwable e) {
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

    static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof TimeoutException
                ? "did not answer within " + ASK_TIMEOUT.toMillis() + " ms"
                : t.getMessage();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
