package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.FileDownload;
import io.vmodem.dialect.common.FileUpload;
import io.vmodem.dialect.quectel.QuectelFileErrors;
import io.vmodem.dialect.quectel.QuectelHttpErrors;
import io.vmodem.modem.FileRefused;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.HttpUrl;
import io.vmodem.net.PdpContext;
import io.vmodem.net.Services;
import io.vmodem.net.TlsSettings;
import io.vmodem.time.Scheduler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The BG96's HTTP(S) client (Quectel BG96 HTTP(S) AT Commands Manual, chapter 2): AT+QHTTPCFG,
 * AT+QHTTPURL, AT+QHTTPGET, AT+QHTTPPOST, AT+QHTTPPOSTFILE, AT+QHTTPREAD, AT+QHTTPREADFILE and
 * AT+QHTTPSTOP. A request is an {@link HttpExchange} of the network: OK first, then {@code
 * +QHTTPGET: <err>[,<httprspcode>[,<content_length>]]} once the response's head is in; the body is
 * read once, after {@code CONNECT}, by AT+QHTTPREAD ({@code +QHTTPREAD: <err>} after the OK) or into
 * a file by AT+QHTTPREADFILE. Errors are chapter 4's codes, as {@code +CME ERROR: <err>}.
 */
final class Bg96HttpCommands {
    /** The manual's longest URL (2.2). */
    static final int MAX_URL = 700;

    /** The most body bytes a response may have here (the module streams; this one keeps it). */
    static final int MAX_BODY = 1024 * 1024;

    /** The most bytes of a POST body (2.4). */
    static final int MAX_POST = 1024000;

    private static final Handler<Bg96Session> INVALID =
            (s, call) -> Reply.cme(QuectelHttpErrors.INVALID_PARAMETER).because("invalid parameter");

    private Bg96HttpCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(
                qhttpcfg(),
                qhttpurl(),
                qhttpget(),
                qhttppost(),
                qhttppostfile(),
                qhttpread(),
                qhttpreadfile(),
                qhttpstop());
    }

    // ---- AT+QHTTPCFG ----

    /** One setting of AT+QHTTPCFG: its range and how to read and write it. */
    private record Setting(String name, String range, java.util.function.Function<Bg96Http, Integer> get, Setter set) {}

    private interface Setter {
        void apply(Bg96Http h, CommandCall call);
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("contextid", "(1-16)", h -> h.contextId, (h, c) -> h.contextId = c.intArg(1, 1, 16)),
            new Setting(
                    "requestheader",
                    "(0,1)",
                    h -> h.requestHeader ? 1 : 0,
                    (h, c) -> h.requestHeader = c.intArg(1, 0, 1) == 1),
            new Setting(
                    "responseheader",
                    "(0,1)",
                    h -> h.responseHeader ? 1 : 0,
                    (h, c) -> h.responseHeader = c.intArg(1, 0, 1) == 1),
            new Setting("sslctxid", "(0-5)", h -> h.sslContext, (h, c) -> h.sslContext = c.intArg(1, 0, 5)),
            new Setting("contenttype", "(0-3)", h -> h.contentType, (h, c) -> h.contentType = c.intArg(1, 0, 3)));

    /**
     * 2.1 AT+QHTTPCFG="<name>"[,<value>]: "contextid" (1-16), "requestheader" (0,1),
     * "responseheader" (0,1), "sslctxid" (0-5), "contenttype" (0-3); without the value it answers
     * {@code +QHTTPCFG: "<name>",<value>}.
     */
    private static AtCommand<Bg96Session> qhttpcfg() {
        return AtCommand.<Bg96Session>named("+QHTTPCFG")
                .summary(
                        "Configure the HTTP(S) client: context, custom request header, response header output, SSL context, content type")
                .section("HTTP 2.1")
                .test(SETTINGS.stream()
                        .map(x -> "+QHTTPCFG: \"" + x.name() + "\"," + x.range())
                        .toArray(String[]::new))
                .read((s, call) -> Reply.ok(SETTINGS.stream()
                        .map(x -> "+QHTTPCFG: \"" + x.name() + "\"," + x.get().apply(s.http()))
                        .toList()))
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    String name = call.stringArg(0).toLowerCase(java.util.Locale.ROOT);
                    Setting setting = SETTINGS.stream()
                            .filter(x -> x.name().equals(name))
                            .findFirst()
                            .orElse(null);
                    if (setting == null) {
                        return Reply.cme(QuectelHttpErrors.INVALID_PARAMETER).because("no setting " + name);
                    }
                    if (!call.has(1)) {
                        return Reply.ok(
                                "+QHTTPCFG: \"" + name + "\"," + setting.get().apply(s.http()));
                    }
                    if (busy(s)) {
                        return busyError();
                    }
                    setting.set().apply(s.http(), call);
                    return Reply.ok();
                })
                .onInvalid(INVALID)
                .build();
    }

    // ---- AT+QHTTPURL ----

    /**
     * 2.2 AT+QHTTPURL=<URL_length>[,<timeout>]: CONNECT, then the URL's bytes (1-700), then OK; a
     * URL that is not http:// or https:// is 711, none within <timeout> seconds (default 60) 726.
     * AT+QHTTPURL? shows the URL.
     */
    private static AtCommand<Bg96Session> qhttpurl() {
        return AtCommand.<Bg96Session>named("+QHTTPURL")
                .summary("Set the URL of the next HTTP(S) request; the URL follows CONNECT")
                .section("HTTP 2.2")
                .test("+QHTTPURL: (1-" + MAX_URL + "),(1-65535)")
                .read((s, call) -> s.http().url == null ? Reply.ok() : Reply.ok("+QHTTPURL: " + s.http().url))
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    int length = call.intArg(0, 1, MAX_URL);
                    int timeout = call.intArg(1, 1, 65535, 60);
                    if (busy(s)) {
                        return busyError();
                    }
                    return new FileUpload(
                                    s.engine(),
                                    s.modem().scheduler(),
                                    length,
                                    Duration.ofSeconds(timeout),
                                    0,
                                    new FileUpload.Receiver() {
                                        @Override
                                        public Reply.Done complete(byte[] data) {
                                            String url = new String(data, StandardCharsets.ISO_8859_1);
                                            try {
                                                HttpUrl.parse(url);
                                            } catch (IllegalArgumentException e) {
                                                return Reply.cme(QuectelHttpErrors.URL_ERROR)
                                                        .because(e.getMessage());
                                            }
                                            s.http().url = url;
                                            return Reply.ok();
                                        }

                                        @Override
                                        public Reply.Done timedOut(byte[] data) {
                                            return Reply.cme(QuectelHttpErrors.INPUT_TIMEOUT)
                                                    .because("the URL did not come within " + timeout + " s");
                                        }

                                        @Override
                                        public void escaped(byte[] data) {}
                                    })
                            .connect();
                })
                .onInvalid(INVALID)
                .build();
    }

    // ---- requests ----

    /**
     * 2.3 AT+QHTTPGET[=<rsptime>[,<data_length>[,<input_time>]]]: OK, then {@code +QHTTPGET:
     * <err>[,<httprspcode>[,<content_length>]]} within <rsptime> seconds (default 60). With
     * "requestheader" on, the host writes the whole request (<data_length> bytes) after CONNECT.
     */
    private static AtCommand<Bg96Session> qhttpget() {
        return AtCommand.<Bg96Session>named("+QHTTPGET")
                .summary("Send a GET request to the URL; the response's status and length come as +QHTTPGET:")
                .section("HTTP 2.3")
                .test("+QHTTPGET: (1-65535),(1-2048),(1-65535)")
                .exec((s, call) -> get(s, 60, call))
                .set((s, call) -> get(s, call.intArg(0, 1, 65535, 60), call))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply get(Bg96Session s, int rsptime, CommandCall call) {
        call.atMost(3);
        Bg96Http h = s.http();
        if (h.requestHeader) {
            int length = call.intArg(1, 1, 2048);
            int input = call.intArg(2, 1, 65535, 60);
            Reply.Done refused = refusal(s);
            if (refused != null) {
                return refused;
            }
            return upload(s, length, input, raw -> send(s, "GET", null, raw, rsptime, "+QHTTPGET"));
        }
        if (call.has(1)) {
            return Reply.cme(QuectelHttpErrors.INVALID_PARAMETER).because("no custom request header is configured");
        }
        Reply.Done refused = refusal(s);
        return refused != null ? refused : send(s, "GET", null, null, rsptime, "+QHTTPGET");
    }

    /**
     * 2.4 AT+QHTTPPOST=<data_length>[,<input_time>,<rsptime>]: CONNECT, the body (or, with
     * "requestheader" on, the whole request), OK, then {@code +QHTTPPOST:
     * <err>[,<httprspcode>[,<content_length>]]}.
     */
    private static AtCommand<Bg96Session> qhttppost() {
        return AtCommand.<Bg96Session>named("+QHTTPPOST")
                .summary(
                        "Send a POST request to the URL with the body that follows CONNECT; the response's status as +QHTTPPOST:")
                .section("HTTP 2.4")
                .test("+QHTTPPOST: (1-" + MAX_POST + "),(1-65535),(1-65535)")
                .set((s, call) -> {
                    call.atLeast(1).atMost(3);
                    int length = call.intArg(0, 1, MAX_POST);
                    int input = call.intArg(1, 1, 65535, 60);
                    int rsptime = call.intArg(2, 1, 65535, 60);
                    Reply.Done refused = refusal(s);
                    if (refused != null) {
                        return refused;
                    }
                    boolean raw = s.http().requestHeader;
                    return upload(
                            s,
                            length,
                            input,
                            data -> raw
                                    ? send(s, "POST", null, data, rsptime, "+QHTTPPOST")
                                    : send(s, "POST", data, null, rsptime, "+QHTTPPOST"));
                })
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.5 AT+QHTTPPOSTFILE=<file_name>[,<rsptime>]: the file of UFS as the POST body; OK, then
     * {@code +QHTTPPOSTFILE: <err>[,<httprspcode>[,<content_length>]]}.
     */
    private static AtCommand<Bg96Session> qhttppostfile() {
        return AtCommand.<Bg96Session>named("+QHTTPPOSTFILE")
                .summary("Send a POST request with a file of UFS as its body; the response's status as +QHTTPPOSTFILE:")
                .section("HTTP 2.5")
                .test("+QHTTPPOSTFILE: <file_name>,(1-65535)")
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    int rsptime = call.intArg(1, 1, 65535, 60);
                    byte[] data;
                    try {
                        String name = s.modem().files().checkName(Bg96FileCommands.fileName(call.stringArg(0)));
                        data = s.modem().files().read(name);
                    } catch (FileRefused e) {
                        return Reply.cme(QuectelFileErrors.of(e.failure())).because(e.getMessage());
                    }
                    Reply.Done refused = refusal(s);
                    if (refused != null) {
                        return refused;
                    }
                    return s.http().requestHeader
                            ? send(s, "POST", null, data, rsptime, "+QHTTPPOSTFILE")
                            : send(s, "POST", data, null, rsptime, "+QHTTPPOSTFILE");
                })
                .onInvalid(INVALID)
                .build();
    }

    /** What stops a request before it starts: another under way, no URL. */
    private static Reply.Done refusal(Bg96Session s) {
        if (busy(s)) {
            return busyError();
        }
        if (s.http().url == null) {
            return Reply.cme(QuectelHttpErrors.EMPTY_URL).because("no URL: AT+QHTTPURL first");
        }
        return null;
    }

    private static boolean busy(Bg96Session s) {
        return s.services().busy(Services.Kind.HTTP);
    }

    private static Reply.Done busyError() {
        return Reply.cme(QuectelHttpErrors.BUSY).because("an HTTP(S) request is under way");
    }

    /** The host's bytes after CONNECT (within <input_time>), then what {@code then} answers. */
    private static Reply upload(
            Bg96Session s, int length, int inputSeconds, java.util.function.Function<byte[], Reply.Done> then) {
        return new FileUpload(
                        s.engine(),
                        s.modem().scheduler(),
                        length,
                        Duration.ofSeconds(inputSeconds),
                        0,
                        new FileUpload.Receiver() {
                            @Override
                            public Reply.Done complete(byte[] data) {
                                return then.apply(data);
                            }

                            @Override
                            public Reply.Done timedOut(byte[] data) {
                                return Reply.cme(QuectelHttpErrors.INPUT_TIMEOUT)
                                        .because("the data did not come within " + inputSeconds + " s");
                            }

                            @Override
                            public void escaped(byte[] data) {}
                        })
                .connect();
    }

    /** Starts the request: OK now, the outcome as {@code <urc>: ...} once the response's head is in. */
    private static Reply.Done send(Bg96Session s, String method, byte[] body, byte[] raw, int rsptime, String urc) {
        Bg96Http h = s.http();
        HttpUrl url;
        try {
            url = HttpUrl.parse(h.url);
        } catch (IllegalArgumentException e) {
            return Reply.cme(QuectelHttpErrors.URL_ERROR).because(e.getMessage());
        }
        TlsSettings tls = url.secure()
                ? s.modem()
                        .ssl()
                        .context(h.sslContext)
                        .settings(s.modem().files(), s.modem().clock())
                : null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        // What the module fills in itself (the manual's example of a request header, 1.1).
        headers.add(Map.entry("Accept", "*/*"));
        headers.add(Map.entry("User-Agent", "QUECTEL_MODULE"));
        headers.add(Map.entry("Connection", "Keep-Alive"));
        if (body != null) {
            headers.add(Map.entry("Content-Type", Bg96Http.CONTENT_TYPES.get(h.contentType)));
        }
        HttpExchange.Request request = new HttpExchange.Request(
                method, url, headers, body, raw, tls, Duration.ofSeconds(rsptime), null, MAX_BODY);
        PdpContext context = s.modem().network().context(h.contextId);
        s.radio().uplink();
        h.exchange = s.modem().network().http(context, request, new HttpExchange.Observer() {
            @Override
            public void head(HttpExchange exchange) {
                s.urc(urc + ": 0," + exchange.status()
                        + (exchange.contentLength() >= 0 ? "," + exchange.contentLength() : ""));
            }

            @Override
            public void finished(HttpExchange exchange) {}

            @Override
            public void failed(HttpExchange exchange, HttpExchange.Failure failure) {
                if (exchange.status() < 0) {
                    s.urc(urc + ": " + QuectelHttpErrors.of(failure));
                }
            }
        });
        return Reply.ok();
    }

    // ---- reading the response ----

    /**
     * 2.6 AT+QHTTPREAD[=<wait_time>]: CONNECT, the body (after the status line and headers with
     * "responseheader" on), OK, then {@code +QHTTPREAD: <err>}: 0 once the whole body is out, the
     * failure's code when the body broke off, 722 when it did not end within <wait_time> seconds
     * (default 60). 705 when there is no response to read.
     */
    private static AtCommand<Bg96Session> qhttpread() {
        return AtCommand.<Bg96Session>named("+QHTTPREAD")
                .summary("Read the response's body after CONNECT; +QHTTPREAD: <err> follows the OK")
                .section("HTTP 2.6")
                .test("+QHTTPREAD: (1-65535)")
                .exec((s, call) -> read(s, 60))
                .set((s, call) -> {
                    call.atMost(1);
                    return read(s, call.intArg(0, 1, 65535, 60));
                })
                .onInvalid(INVALID)
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
    private static AtCommand<Bg96Session> qhttpreadfile() {
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
                .onInvalid(INVALID)
                .build();
    }

    /** 2.8 AT+QHTTPSTOP: ends the request under way, if any; its response is gone. */
    private static AtCommand<Bg96Session> qhttpstop() {
        return AtCommand.<Bg96Session>named("+QHTTPSTOP")
                .summary("Cancel the HTTP(S) request under way")
                .section("HTTP 2.8")
                .test()
                .exec((s, call) -> {
                    HttpExchange exchange = s.http().exchange;
                    if (exchange != null) {
                        exchange.end();
                        s.http().exchange = null;
                    }
                    return Reply.ok();
                })
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
    private static Reply whenDone(
            Bg96Session s, HttpExchange exchange, int waitSeconds, java.util.function.IntFunction<Reply> reply) {
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
