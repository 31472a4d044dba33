package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.QuectelFileErrors;
import io.vmodem.dialect.quectel.QuectelHttpErrors;
import io.vmodem.modem.FileRefused;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.HttpRequestSpec;
import io.vmodem.net.HttpUrl;
import io.vmodem.net.PdpContext;
import io.vmodem.net.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The BG96's HTTP(S) requests (HTTP(S) AT Commands Manual 2.3 to 2.5, 2.8): AT+QHTTPGET,
 * AT+QHTTPPOST, AT+QHTTPPOSTFILE and AT+QHTTPSTOP. Each answers OK and starts an {@link
 * HttpExchange} of the network; {@code +QHTTPGET: <err>[,<httprspcode>[,<content_length>]]} (or
 * POST's, POSTFILE's) follows once the response's head is in. Apart from {@link Bg96HttpCommands}
 * (the settings) and {@link Bg96HttpReads} (the response) because making a request is a concern of
 * its own: its refusals, its body and the headers the module adds.
 */
final class Bg96HttpRequests {
    /**
     * The most bytes of a response's body held at once until AT+QHTTPREAD takes them: the module
     * streams the body to the host, so its length has no limit; past this the connection is read no
     * further and TCP holds the server back.
     */
    static final int WINDOW = 16 * 1024;

    /** The most bytes of a POST body (2.4). */
    static final int MAX_POST = 1024000;

    private Bg96HttpRequests() {}

    /**
     * 2.3 AT+QHTTPGET[=<rsptime>[,<data_length>[,<input_time>]]]: OK, then {@code +QHTTPGET:
     * <err>[,<httprspcode>[,<content_length>]]} within <rsptime> seconds (default 60). With
     * "requestheader" on, the host writes the whole request (<data_length> bytes) after CONNECT.
     */
    static AtCommand<Bg96Session> qhttpget() {
        return AtCommand.<Bg96Session>named("+QHTTPGET")
                .summary("Send a GET request to the URL; the response's status and length come as +QHTTPGET:")
                .section("HTTP 2.3")
                .test("+QHTTPGET: (1-65535),(1-2048),(1-65535)")
                .exec((s, call) -> get(s, 60, call))
                .set((s, call) -> get(s, call.intArg(0, 1, 65535, 60), call))
                .onInvalid(Bg96HttpCommands.INVALID)
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
            return Bg96HttpCommands.upload(
                    s, length, input, "the data", raw -> send(s, "GET", null, raw, rsptime, "+QHTTPGET"));
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
    static AtCommand<Bg96Session> qhttppost() {
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
                    return Bg96HttpCommands.upload(
                            s,
                            length,
                            input,
                            "the data",
                            data -> raw
                                    ? send(s, "POST", null, data, rsptime, "+QHTTPPOST")
                                    : send(s, "POST", data, null, rsptime, "+QHTTPPOST"));
                })
                .onInvalid(Bg96HttpCommands.INVALID)
                .build();
    }

    /**
     * 2.5 AT+QHTTPPOSTFILE=<file_name>[,<rsptime>]: the file of UFS as the POST body; OK, then
     * {@code +QHTTPPOSTFILE: <err>[,<httprspcode>[,<content_length>]]}.
     */
    static AtCommand<Bg96Session> qhttppostfile() {
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
                .onInvalid(Bg96HttpCommands.INVALID)
                .build();
    }

    /** What stops a request before it starts: another under way, no URL. */
    private static Reply.Done refusal(Bg96Session s) {
        if (Bg96HttpCommands.busy(s)) {
            return Bg96HttpCommands.busyError();
        }
        if (s.http().url == null) {
            return Reply.cme(QuectelHttpErrors.EMPTY_URL).because("no URL: AT+QHTTPURL first");
        }
        return null;
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
        TlsSettings tls = url.secure() ? s.modem().tls(h.sslContext) : null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        // What the module fills in itself (the manual's example of a request header, 1.1).
        headers.add(Map.entry("Accept", "*/*"));
        headers.add(Map.entry("User-Agent", "QUECTEL_MODULE"));
        headers.add(Map.entry("Connection", "Keep-Alive"));
        if (body != null) {
            headers.add(Map.entry("Content-Type", Bg96Http.CONTENT_TYPES.get(h.contentType)));
        }
        HttpRequestSpec request = new HttpRequestSpec(
                method, url, headers, body, raw, tls, null, Duration.ofSeconds(rsptime), null, WINDOW, true);
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

    /** 2.8 AT+QHTTPSTOP: ends the request under way, if any; its response is gone. */
    static AtCommand<Bg96Session> qhttpstop() {
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
}
