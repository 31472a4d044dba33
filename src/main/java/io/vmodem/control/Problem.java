package io.vmodem.control;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}): the status, its title, a
 * detail that says what is wrong in one line, and for a bad request the field at fault.
 */
final class Problem extends RuntimeException {
    private final int status;
    private final String field;

    Problem(int status, String detail) {
        this(status, detail, null);
    }

    Problem(int status, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    static Problem notFound(String detail) {
        return new Problem(404, detail);
    }

    static Problem badRequest(String field, String detail) {
        return new Problem(400, detail, field);
    }

    void send(RoutingContext ctx) {
        send(ctx, status, getMessage(), field);
    }

    static void send(RoutingContext ctx, int status, String detail, String field) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (field != null) {
            body.put("field", field);
        }
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 501 -> "Not Implemented";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
