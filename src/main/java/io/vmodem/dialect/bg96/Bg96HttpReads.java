package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.FileDownload;
import io.vmodem.dialect.quectel.QuectelFileErrors;
import io.vmodem.dialect.quectel.QuectelHttpErrors;
import io.vmodem.modem.FileRefused;
import io.vmodem.net.HttpExchange;
import io.vmodem.time.Scheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Reading the BG96's HTTP(S) response (HTTP(S) AT Commands Manual 2.6, 2.7): AT+QHTTPREAD gives
 * the body after CONNECT, AT+QHTTPREADFILE stores it in a file of UFS; either takes the response,
 * so it is read once, waits for its end within <wait_time>, and ends with the {@code <err>} of how
 * the body came. Apart from the requests because the waiting and the outcome are their own concern.
 */
final class Bg96HttpReads {
    private Bg96HttpReads() {}

    /**
     * 2.6 AT+QHTTPREAD[=<wait_time>]: CONNECT, the body (after the status line and headers with
     * "responseheader" on), OK, then {@code +QHTTPREAD: <err>}: 0 once the whole body is out, the
     * failure's code when the body broke off, 722 when it did not end within <wait_time> seconds
     * (default 60). 705 when there is no response to read.
     */
    static AtCommand<Bg96Session> qhttpread() {
        return AtCommand.<Bg96Session>named("+QHTTPREAD")
                .summary("Read the response's body after CONNECT; +QHTTPREAD: <err> follows the OK")
                .section("HTTP 2.6")
                .test("+QHTTPREAD: (1-65535)")
                .exec((s, call) -> read(s, 60))
                .set((s, call) -> {
                    call.atMost(1);
                    return read(s, call.intArg(0, 1, 65535, 60));
                })
                .onInvalid(Bg96HttpCommands.INVALID)
                .build();
    }

    private static Reply read(Bg96Session s, int waitSeconds) {
        HttpExchange exchange = readable(s);
        if (exchange == null) {
            return Reply.cme(QuectelHttpErrors.NO_REQUEST).because("no response to read");
        }
        return whenDone(s, exchange, waitSeconds, err -> new FileDownload(s.engine(), "", content(s, exchange), () -> {
                    s.urc("+QHTTPREAD: " + err);
                    return Reply.ok();
                })
                .connect());
    }

    /**
     * 2.7 AT+QHTTPREADFILE=<file_name>[,<wait_time>]: OK, then the body is stored in the file of
     * UFS and {@code +QHTTPREADFILE: <err>} says how it went.
     */
    static AtCommand<Bg96Session> qhttpreadfile() {
        return AtCommand.<Bg96Session>named("+QHTTPREADFILE")
                .summary("Store the response's body in a file of UFS; +QHTTPREADFILE: <err> says how it went")
                .section("HTTP 2.7")
                .test("+QHTTPREADFILE: <file_name>,(1-65535)")
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    int wait = call.intArg(1, 1, 65535, 60);
                    String name;
                    try {
                        name = s.modem().files().checkName(Bg96FileCommands.fileName(call.stringArg(0)));
                    } catch (FileRefused e) {
                        return Reply.cme(QuectelFileErrors.of(e.failure())).because(e.getMessage());
                    }
                    HttpExchange exchange = readable(s);
                    if (exchange == null) {
                        return Reply.cme(QuectelHttpErrors.NO_REQUEST).because("no response to read");
                    }
                    waitFor(s, exchange, wait, err -> {
                        int code = err;
                        try {
                            if (s.modem().files().exists(name)) {
                                s.modem().files().delete(name);
                            }
                            s.modem().files().create(name, content(s, exchange));
                        } catch (FileRefused e) {
                            code = QuectelHttpErrors.UNKNOWN;
                        }
                        s.urc("+QHTTPREADFILE: " + code);
                    });
                    return Reply.ok();
                })
                .onInvalid(Bg96HttpCommands.INVALID)
                .build();
    }

    /** The response to read, taken from the state so that it is read once; null when none. */
    private static HttpExchange readable(Bg96Session s) {
        HttpExchange exchange = s.http().exchange;
        if (exchange == null || exchange.status() < 0) {
            return null;
        }
        s.http().exchange = null;
        return exchange;
    }

    /** The bytes to give the host: the head first where "responseheader" is on, then the body. */
    private static byte[] content(Bg96Session s, HttpExchange exchange) {
        byte[] body = exchange.body();
        if (!s.http().responseHeader) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(exchange.headText().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * The command's reply once the body is in, broke off, or <wait_time> passed: {@code reply} gets
     * the {@code <err>} that ends it.
     */
    private static Reply whenDone(Bg96Session s, HttpExchange exchange, int waitSeconds, IntFunction<Reply> reply) {
        if (exchange.over()) {
            return reply.apply(outcome(exchange));
        }
        return Reply.later(done -> waitFor(s, exchange, waitSeconds, err -> done.complete(reply.apply(err))));
    }

    /** Calls {@code then} with the outcome once the exchange ends or <wait_time> passes (which ends it). */
    private static void waitFor(Bg96Session s, HttpExchange exchange, int waitSeconds, Consumer<Integer> then) {
        if (exchange.over()) {
            then.accept(outcome(exchange));
            return;
        }
        boolean[] answered = {false};
        Scheduler.Cancellable timer = s.modem()
                .scheduler()
                .schedule(
                        () -> {
                            if (!answered[0]) {
                                answered[0] = true;
                                exchange.end();
                                then.accept(QuectelHttpErrors.READ_TIMEOUT);
                            }
                        },
                        Duration.ofSeconds(waitSeconds));
        exchange.observer(new HttpExchange.Observer() {
            @Override
            public void finished(HttpExchange e) {
                answer();
            }

            @Override
            public void failed(HttpExchange e, HttpExchange.Failure failure) {
                answer();
            }

            private void answer() {
                if (!answered[0]) {
                    answered[0] = true;
                    timer.cancel();
                    then.accept(outcome(exchange));
                }
            }
        });
    }

    private static int outcome(HttpExchange exchange) {
        if (exchange.complete()) {
            return QuectelHttpErrors.OK;
        }
        return exchange.failure() == null ? QuectelHttpErrors.UNKNOWN : QuectelHttpErrors.of(exchange.failure());
    }
}
