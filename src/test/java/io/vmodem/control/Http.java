package io.vmodem.control;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The control API as a script sees it: the JDK's HTTP client, JSON in and out, SSE read line by line. */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String token;

    Http(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    record Response(int status, String type, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String json) {
        return post(path, json, "application/json");
    }

    Response post(String path, String body, String type) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return send(b);
    }

    Response put(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response send(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Server-Sent Events stream: its {@code data:} payloads, as they come. */
    Events events(String path) {
        return new Events(path);
    }

    final class Events implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final java.util.ArrayDeque<JsonObject> items = new java.util.ArrayDeque<>();
        private final HttpResponse<Stream<String>> response;
        private final Thread reader;

        Events(String path) {
            try {
                response = client.send(
                        request(path)
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            reader = new Thread(
                    () -> {
                        try {
                            response.body().forEach(lines::add);
                        } catch (RuntimeException e) {
                            // closed
                        }
                    },
                    "sse " + path);
            reader.setDaemon(true);
            reader.start();
        }

        int status() {
            return response.statusCode();
        }

        String type() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next {@code data:} payload as JSON; fails after 15 s without one. */
        JsonObject next() throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no event within " + TIMEOUT);
                }
                if (line.startsWith("data: ")) {
                    return new JsonObject(line.substring(6));
                }
            }
        }

        /** The items, in order, until one that {@code match} accepts; that item (those after it wait). */
        JsonObject until(java.util.function.Predicate<JsonObject> match) throws InterruptedException {
            while (true) {
                while (!items.isEmpty()) {
                    JsonObject item = items.poll();
                    if (match.test(item)) {
                        return item;
                    }
                }
                next().getJsonArray("items").forEach(i -> items.add((JsonObject) i));
            }
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
