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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reading the BG96's HTTP(S) response (HTTP(S) AT Commands Manual 2.6, 2.7): AT+QHTTPREAD streams
 * the body to the host after CONNECT as it arrives, AT+QHTTPREADFILE stores it in a file of UFS;
 * either takes the response, so it is read once, gives up when nothing comes for <wait_time>, and
 * ends with the {@code <err>} of how the body came. Apart from the requests because the reading,
 * the waiting and the outcome are their own concern.
 */
final class Bg96HttpReads {
    private Bg96HttpReads() {}

    /**
     * 2.6 AT+QHTTPREAD[=<wait_time>]: CONNECT at once, then the body as it arrives (after the status
     * line and headers with "responseheader" on), OK, then {@code +QHTTPREAD: <err>}: 0 once the
     * whole body is out, the failure's code when the body broke off, 722 when nothing more came
     * for <wait_time> seconds (default 60), the most the module waits between two pieces of data.
     * 705 when there is no response to read. The body flows with back-pressure: what the host's
     * link has not taken waits in the exchange's bounded window and the socket, and the server waits
     * for the rest, so a body of any length passes.
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
        return new BodyRead(s, exchange, waitSeconds).download.connect();
    }

    /** One AT+QHTTPREAD: the head (where asked) and the body to the host, as they come. */
    private static final class BodyRead implements FileDownload.Source {
        final FileDownload download;
        private final Bg96Session s;
        private final HttpExchange exchange;
        private final Duration wait;
        private final ByteBuffer head;
        private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;
        private boolean timedOut;

        BodyRead(Bg96Session s, HttpExchange exchange, int waitSeconds) {
            this.s = s;
            this.exchange = exchange;
            this.wait = Duration.ofSeconds(waitSeconds);
            this.head = ByteBuffer.wrap(
                    s.http().responseHeader ? exchange.headText().getBytes(StandardCharsets.ISO_8859_1) : new byte[0]);
            this.download = new FileDownload(s.engine(), "", this, this::end);
            exchange.observer(new HttpExchange.Observer() {
                @Override
                public void body(HttpExchange e) {
                    progress();
                }

                @Override
                public void finished(HttpExchange e) {
                    download.more();
                }

                @Override
                public void failed(HttpExchange e, HttpExchange.Failure failure) {
                    download.more();
                }
            });
            if (!exchange.over()) {
                restartTimer();
            }
        }

        @Override
        public int take(int max, Consumer<ByteBuffer> to) {
            int n = 0;
            if (head.hasRemaining()) {
                ByteBuffer piece = head.slice();
                piece.limit(Math.min(max, piece.remaining()));
                n = piece.remaining();
                to.accept(piece);
                head.position(head.position() + n);
            }
            if (n < max && !timedOut) {
                int body = exchange.takeBody(max - n, to);
                if (body > 0 && !exchange.over()) {
                    restartTimer(); // the host took some: the read goes on
                }
                n += body;
            }
            return n;
        }

        @Override
        public boolean ended() {
            return !head.hasRemaining() && (timedOut || exchange.bodyEnded());
        }

        @Override
        public void abandoned() {
            timer.cancel();
            exchange.end();
        }

        private void progress() {
            restartTimer();
            download.more();
        }

        /** <wait_time> counts from the last piece that came or went. */
        private void restartTimer() {
            timer.cancel();
            timer = s.modem().scheduler().schedule(this::expired, wait);
        }

        private void expired() {
            if (!exchange.over()) {
                timedOut = true;
                exchange.end();
                download.more();
            }
        }

        private Reply.Done end() {
            timer.cancel();
            s.urc("+QHTTPREAD: " + (timedOut ? QuectelHttpErrors.READ_TIMEOUT : outcome(exchange)));
            return Reply.ok();
        }
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
                    // The body goes to the file as a whole, so it is gathered here: up to what a
                    // file of UFS may hold, past which the read fails.
                    long most = Math.min(
                            s.modem().files().limits().maxFileSize(),
                            s.modem().files().free());
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    if (s.http().responseHeader) {
                        content.writeBytes(exchange.headText().getBytes(StandardCharsets.ISO_8859_1));
                    }
                    boolean[] tooLarge = {false};
                    Runnable gather = () -> {
                        exchange.takeBody(Integer.MAX_VALUE, b -> {
                            if (content.size() + b.remaining() > most) {
                                tooLarge[0] = true;
                            } else {
                                byte[] piece = new byte[b.remaining()];
                                b.get(piece);
                                content.writeBytes(piece);
                            }
                        });
                        if (tooLarge[0]) {
                            exchange.end();
                        }
                    };
                    gather.run();
                    waitFor(s, exchange, wait, gather, err -> {
                        gather.run();
                        int code = tooLarge[0] ? QuectelHttpErrors.UNKNOWN : err;
                        try {
                            if (!tooLarge[0]) {
                                if (s.modem().files().exists(name)) {
                                    s.modem().files().delete(name);
                                }
                                s.modem().files().create(name, content.toByteArray());
                            }
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

    /**
     * Calls {@code then} with the outcome once the exchange ends, or once nothing has come for
     * <wait_time> (which ends it); {@code body} takes each piece of the body as it comes.
     */
    private static void waitFor(
            Bg96Session s, HttpExchange exchange, int waitSeconds, Runnable body, Consumer<Integer> then) {
        if (exchange.over()) {
            then.accept(outcome(exchange));
            return;
        }
        Duration wait = Duration.ofSeconds(waitSeconds);
        new Object() {
            private boolean answered;
            private Scheduler.Cancellable timer = Scheduler.Cancellable.DONE;

            void start() {
                restart();
                exchange.observer(new HttpExchange.Observer() {
                    @Override
                    public void body(HttpExchange e) {
                        body.run();
                        if (exchange.over()) {
                            answer(outcome(exchange));
                        } else {
                            restart();
                        }
                    }

                    @Override
                    public void finished(HttpExchange e) {
                        answer(outcome(exchange));
                    }

                    @Override
                    public void failed(HttpExchange e, HttpExchange.Failure failure) {
                        answer(outcome(exchange));
                    }
                });
            }

            private void restart() {
                timer.cancel();
                timer = s.modem()
                        .scheduler()
                        .schedule(
                                () -> {
                                    exchange.end();
                                    answer(QuectelHttpErrors.READ_TIMEOUT);
                                },
                                wait);
            }

            private void answer(int err) {
                if (!answered) {
                    answered = true;
                    timer.cancel();
                    then.accept(err);
                }
            }
        }.start();
    }

    private static int outcome(HttpExchange exchange) {
        if (exchange.complete()) {
            return QuectelHttpErrors.OK;
        }
        return exchange.failure() == null ? QuectelHttpErrors.UNKNOWN : QuectelHttpErrors.of(exchange.failure());
    }
}
