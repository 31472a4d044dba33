package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.HttpRequestSpec;
import io.vmodem.net.HttpUrl;
import io.vmodem.net.PdpContext;
import io.vmodem.net.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SIM7600's HTTP(S) client (SIM7500/SIM7600 Series AT Command Manual, HTTP(S) chapter, and its
 * HTTP(S) application note): AT+HTTPINIT, AT+HTTPPARA, AT+HTTPDATA, AT+HTTPACTION, AT+HTTPHEAD,
 * AT+HTTPREAD and AT+HTTPTERM. A request is an {@link HttpExchange} of the network: OK, then
 * {@code +HTTPACTION: <method>,<statuscode>,<datalen>} once the whole response is in, or with one
 * of the manual's 7xx codes in place of the status (and 0) when it failed. Refusals are plain
 * {@code ERROR}.
 */
final class HttpCommands {
    /** The most body bytes a response may have here. */
    static final int MAX_BODY = 1024 * 1024;

    /** The most bytes of AT+HTTPDATA. */
    static final int MAX_DATA = 153600;

    static final List<String> METHODS = List.of("GET", "POST", "HEAD", "DELETE", "PUT");

    // <statuscode> for a failure (the manual's table).
    static final int UNKNOWN = 702;
    static final int BUSY = 703;
    static final int CONNECTION_CLOSED = 704;
    static final int TIMEOUT = 705;
    static final int SOCKET_DATA_FAILED = 706;
    static final int MEMORY = 707;
    static final int NETWORK_ERROR = 709;
    static final int DNS_FAILED = 713;
    static final int CONNECT_FAILED = 714;
    static final int HANDSHAKE_FAILED = 715;
    static final int NO_NETWORK = 717;

    private HttpCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(httpinit(), httpterm(), httppara(), httpdata(), httpaction(), httphead(), httpread());
    }

    /** AT+HTTPINIT: starts the service, its PDP context activated; ERROR when it runs already. */
    private static AtCommand<Sim7600Session> httpinit() {
        return AtCommand.<Sim7600Session>named("+HTTPINIT")
                .summary("Start the HTTP(S) service (activates its PDP context)")
                .section("HTTP(S): AT+HTTPINIT")
                .test()
                .exec((s, call) -> {
                    HttpService h = s.http();
                    if (h.started || h.starting) {
                        return Reply.error().because("the HTTP service has started");
                    }
                    h.starting = true;
                    PdpContext context = s.socketContext();
                    return Reply.later(done -> s.modem().network().activate(context, error -> {
                        if (!h.starting) {
                            return; // a power-off came first
                        }
                        h.starting = false;
                        h.started = error == null;
                        done.complete(
                                error == null ? Reply.ok() : Reply.error().because("the context did not activate"));
                    }));
                })
                .build();
    }

    /** AT+HTTPTERM: ends the service, a request under way and its response. */
    private static AtCommand<Sim7600Session> httpterm() {
        return AtCommand.<Sim7600Session>named("+HTTPTERM")
                .summary("Stop the HTTP(S) service")
                .section("HTTP(S): AT+HTTPTERM")
                .test()
                .exec((s, call) -> {
                    if (!s.http().started) {
                        return Reply.error().because("the HTTP service is not started");
                    }
                    s.http().stop();
                    s.resetHttp();
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+HTTPPARA="<param>",<value>: "URL", "CONNECTTO" (20-120 s: how long reaching the server,
     * lookup, connect and TLS handshake, may take; 705 past it), "RECVTO" (2-120 s), "CONTENT"
     * (a POST's Content-Type), "ACCEPT", "SSLCFG" (0-9), "USERDATA" (header lines joined by \r\n),
     * "READMODE" (0,1).
     */
    private static AtCommand<Sim7600Session> httppara() {
        return AtCommand.<Sim7600Session>named("+HTTPPARA")
                .summary(
                        "Set a parameter of the next request: URL, CONNECTTO, RECVTO, CONTENT, ACCEPT, SSLCFG, USERDATA, READMODE")
                .section("HTTP(S): AT+HTTPPARA")
                .test(
                        "+HTTPPARA: \"URL\",\"CONNECTTO\",\"RECVTO\",\"CONTENT\",\"ACCEPT\",\"SSLCFG\",\"USERDATA\",\"READMODE\"")
                .set((s, call) -> {
                    HttpService h = s.http();
                    if (!h.started) {
                        return Reply.error().because("the HTTP service is not started");
                    }
                    call.atLeast(2).atMost(2);
                    String name = call.stringArg(0).toUpperCase(Locale.ROOT);
                    switch (name) {
                        case "URL" -> {
                            String url = call.stringArg(1);
                            try {
                                HttpUrl.parse(url);
                            } catch (IllegalArgumentException e) {
                                return Reply.error().because(e.getMessage());
                            }
                            h.url = url;
                        }
                        case "CONNECTTO" -> h.connectTimeout = call.intArg(1, 20, 120);
                        case "RECVTO" -> h.receiveTimeout = call.intArg(1, 2, 120);
                        case "CONTENT" -> h.contentType = call.stringArg(1);
                        case "ACCEPT" -> h.accept = call.stringArg(1);
                        case "SSLCFG" -> h.sslContext = call.intArg(1, 0, SslCommands.CONTEXTS - 1);
                        case "USERDATA" -> h.userData = call.stringArg(1);
                        case "READMODE" -> h.readMode = call.intArg(1, 0, 1);
                        default -> {
                            return Reply.error().because("no parameter " + name);
                        }
                    }
                    return Reply.ok();
                })
                .build();
    }

    /** AT+HTTPDATA=<size>,<time>: DOWNLOAD, then <size> bytes, the body of the next POST or PUT; OK. */
    private static AtCommand<Sim7600Session> httpdata() {
        return AtCommand.<Sim7600Session>named("+HTTPDATA")
                .summary("Give the body of the next POST after DOWNLOAD")
                .section("HTTP(S): AT+HTTPDATA")
                .test("+HTTPDATA: (1-" + MAX_DATA + "),(1-65535)")
                .set((s, call) -> {
                    HttpService h = s.http();
                    call.atLeast(2).atMost(2);
                    int size = call.intArg(0, 1, MAX_DATA);
                    call.intArg(1, 1, 65535);
                    if (!h.started) {
                        return Reply.error().because("the HTTP service is not started");
                    }
                    return Reply.prompt(DataEntry.fixed(size, data -> {
                                h.data = data;
                                return Reply.ok();
                            })
                            .prompt("DOWNLOAD\r\n"));
                })
                .build();
    }

    /**
     * AT+HTTPACTION=<method> (0 GET, 1 POST, 2 HEAD, 3 DELETE, 4 PUT): OK, then {@code +HTTPACTION:
     * <method>,<statuscode>,<datalen>}.
     */
    private static AtCommand<Sim7600Session> httpaction() {
        return AtCommand.<Sim7600Session>named("+HTTPACTION")
                .summary("Send the request; +HTTPACTION: <method>,<statuscode>,<datalen> once the response is in")
                .section("HTTP(S): AT+HTTPACTION")
                .test("+HTTPACTION: (0-4)")
                .set((s, call) -> {
                    HttpService h = s.http();
                    call.atMost(1);
                    int method = call.intArg(0, 0, METHODS.size() - 1);
                    if (!h.started || h.url == null) {
                        return Reply.error().because(h.started ? "no URL" : "the HTTP service is not started");
                    }
                    boolean withBody = method == 1 || method == 4;
                    byte[] body = withBody ? (h.data == null ? new byte[0] : h.data) : null;
                    start(
                            s,
                            method,
                            body,
                            null,
                            (status, length) -> "+HTTPACTION: " + method + "," + status + "," + length);
                    return Reply.ok();
                })
                .build();
    }

    /** How a request's outcome is worded: its URC line for a status (or 7xx code) and body length. */
    interface Outcome {
        String line(int status, int length);
    }

    /**
     * Starts a request with the parameters of AT+HTTPPARA: {@code body} (or null) after the headers
     * the module adds, or {@code raw}, the whole request as the host wrote it; {@code outcome} words
     * its URC. A request under way is answered with {@link #BUSY} and left alone.
     */
    static void start(Sim7600Session s, int method, byte[] body, byte[] raw, Outcome outcome) {
        HttpService h = s.http();
        if (h.busy()) {
            s.urc(outcome.line(BUSY, 0));
            return;
        }
        HttpUrl url = HttpUrl.parse(h.url);
        TlsSettings tls = url.secure() ? s.modem().tls(h.sslContext) : null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Accept", h.accept));
        headers.add(Map.entry("User-Agent", "SIMCOM_MODULE"));
        if (body != null) {
            headers.add(Map.entry("Content-Type", h.contentType));
        }
        for (String line : h.userData.split("\\\\r\\\\n|\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip()));
            }
        }
        Duration receive = Duration.ofSeconds(h.receiveTimeout);
        HttpRequestSpec request = new HttpRequestSpec(
                METHODS.get(method),
                url,
                headers,
                body,
                raw,
                tls,
                Duration.ofSeconds(h.connectTimeout),
                receive,
                receive,
                MAX_BODY,
                false);
        h.readFrom = 0;
        h.exchange = s.modem().network().http(s.socketContext(), request, new HttpExchange.Observer() {
            @Override
            public void finished(HttpExchange exchange) {
                s.urc(outcome.line(exchange.status(), Math.toIntExact(exchange.bodyLength())));
            }

            @Override
            public void failed(HttpExchange exchange, HttpExchange.Failure failure) {
                s.urc(outcome.line(code(failure), 0));
            }
        });
    }

    static int code(HttpExchange.Failure failure) {
        return switch (failure) {
            case CONTEXT_INACTIVE -> NO_NETWORK;
            case CONTEXT_LOST -> NETWORK_ERROR;
            case DNS_FAILED -> DNS_FAILED;
            case CONNECT_FAILED -> CONNECT_FAILED;
            case HANDSHAKE_FAILED -> HANDSHAKE_FAILED;
            case TIMEOUT -> TIMEOUT;
            case CLOSED -> CONNECTION_CLOSED;
            case BAD_RESPONSE -> SOCKET_DATA_FAILED;
            case TOO_LARGE -> MEMORY;
        };
    }

    /** The response that AT+HTTPHEAD and AT+HTTPREAD read, or null. */
    private static HttpExchange response(Sim7600Session s) {
        HttpExchange e = s.http().exchange;
        return e != null && e.complete() ? e : null;
    }

    /** AT+HTTPHEAD: {@code +HTTPHEAD: <data_len>}, the status line and headers, OK. */
    private static AtCommand<Sim7600Session> httphead() {
        return AtCommand.<Sim7600Session>named("+HTTPHEAD")
                .summary("Read the response's status line and headers")
                .section("HTTP(S): AT+HTTPHEAD")
                .test()
                .exec((s, call) -> {
                    HttpExchange e = response(s);
                    if (e == null) {
                        return Reply.error().because("no response");
                    }
                    byte[] head = e.headText().getBytes(StandardCharsets.ISO_8859_1);
                    return Reply.builder()
                            .line("+HTTPHEAD: " + head.length)
                            .rawData(head)
                            .ok();
                })
                .build();
    }

    /**
     * AT+HTTPREAD? gives {@code +HTTPREAD: LEN,<len>}; AT+HTTPREAD=[<start_offset>,]<byte_size>
     * answers OK, then {@code +HTTPREAD: DATA,<n>}, the bytes, and {@code +HTTPREAD: 0}. Without an
     * offset the read goes on from where the last one ended.
     */
    private static AtCommand<Sim7600Session> httpread() {
        return AtCommand.<Sim7600Session>named("+HTTPREAD")
                .summary("Read the response's body: +HTTPREAD: DATA,<len> and the bytes, then +HTTPREAD: 0")
                .section("HTTP(S): AT+HTTPREAD")
                .test("+HTTPREAD: (0-" + MAX_BODY + "),(1-" + MAX_BODY + ")")
                .read((s, call) -> {
                    HttpExchange e = response(s);
                    return e == null
                            ? Reply.error().because("no response")
                            : Reply.ok("+HTTPREAD: LEN," + e.bodyLength());
                })
                .set((s, call) -> read(s, call))
                .build();
    }

    private static Reply read(Sim7600Session s, CommandCall call) {
        call.atLeast(1).atMost(2);
        HttpExchange e = response(s);
        HttpService h = s.http();
        int from = call.argCount() == 2 ? call.intArg(0, 0, MAX_BODY) : h.readFrom;
        int size = call.intArg(call.argCount() - 1, 1, MAX_BODY);
        if (e == null) {
            return Reply.error().because("no response");
        }
        byte[] body = e.body();
        if (from > body.length || (from == body.length && body.length > 0)) {
            return Reply.error().because("nothing left to read from " + from);
        }
        int n = Math.min(size, body.length - from);
        h.readFrom = from + n;
        byte[] piece = java.util.Arrays.copyOfRange(body, from, from + n);
        if (n > 0) {
            s.urc((Urc) out -> {
                out.lineAndData("+HTTPREAD: DATA," + n, piece, 0, n, true);
                return true;
            });
        }
        s.urc("+HTTPREAD: 0");
        return Reply.ok();
    }
}
