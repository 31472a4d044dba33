package io.vmodem.control;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Server-Sent Events stream: items arrive from any thread (a modem's loop) into a bounded queue,
 * and the API's loop sends what has gathered as one event every {@link #BATCH_MILLIS}, so a client
 * gets at most a few messages a second however busy the modems are. Past {@link #CAPACITY} waiting
 * items, more are dropped and counted, and the next message says how many.
 *
 * <pre>
 * id: 42
 * event: trace
 * data: {"items":[...],"dropped":0}
 * </pre>
 */
final class EventStream {
    static final long BATCH_MILLIS = 250;
    static final int CAPACITY = 10_000;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final String event;
    private final ConcurrentLinkedQueue<JsonObject> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private long lastId;
    private long lastSent = System.currentTimeMillis();
    private long timer = -1;
    private volatile boolean closed;

    /** @param event the SSE event name: {@code trace} or {@code events} */
    EventStream(Vertx vertx, HttpServerResponse response, String event) {
        this.vertx = vertx;
        this.response = response;
        this.event = event;
    }

    /** Sends the headers and starts the batches; {@code onClose} runs once when the client goes. */
    void start(Runnable onClose) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": vmodem\n\n");
        Runnable close = () -> {
            if (!closed) {
                closed = true;
                vertx.cancelTimer(timer);
                onClose.run();
            }
        };
        response.closeHandler(v -> close.run());
        response.exceptionHandler(e -> close.run());
        timer = vertx.setPeriodic(BATCH_MILLIS, id -> flush());
    }

    boolean closed() {
        return closed;
    }

    /** Queues an item; from any thread, never blocks. */
    void offer(JsonObject item) {
        if (closed) {
            return;
        }
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(item);
    }

    /** The ID of the last item sent so far (a trace line's number, or the count of events). */
    void lastId(long id) {
        lastId = id;
    }

    private void flush() {
        if (closed) {
            return;
        }
        if (response.writeQueueFull()) {
            return; // a slow client: the items wait, and past the capacity they are dropped
        }
        JsonArray items = new JsonArray();
        JsonObject item;
        while (items.size() < CAPACITY && (item = queue.poll()) != null) {
            size.decrementAndGet();
            items.add(item);
            Object seq = item.getValue("seq");
            lastId = seq instanceof Number n ? n.longValue() : lastId + 1;
        }
        long lost = dropped.getAndSet(0);
        long now = System.currentTimeMillis();
        if (items.isEmpty() && lost == 0) {
            if (now - lastSent >= KEEPALIVE_MILLIS) {
                response.write(": keepalive\n\n");
                lastSent = now;
            }
            return;
        }
        JsonObject data = new JsonObject().put("items", items).put("dropped", lost);
        response.write("id: " + lastId + "\nevent: " + event + "\ndata: " + data.encode() + "\n\n");
        lastSent = now;
    }
}
