package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.FileUpload;
import io.vmodem.dialect.quectel.QuectelHttpErrors;
import io.vmodem.net.HttpExchange;
import io.vmodem.net.HttpUrl;
import io.vmodem.net.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The BG96's HTTP(S) client (Quectel BG96 HTTP(S) AT Commands Manual, chapter 2): AT+QHTTPCFG,
 * AT+QHTTPURL, AT+QHTTPGET, AT+QHTTPPOST, AT+QHTTPPOSTFILE, AT+QHTTPREAD, AT+QHTTPREADFILE and
 * AT+QHTTPSTOP. A request is an {@link HttpExchange} of the network: OK first, then {@code
 * +QHTTPGET: <err>[,<httprspcode>[,<content_length>]]} once the response's head is in; the body is
 * read once, after {@code CONNECT}, by AT+QHTTPREAD ({@code +QHTTPREAD: <err>} after the OK) or into
 * a file by AT+QHTTPREADFILE. Errors are chapter 4's codes, as {@code +CME ERROR: <err>}.
 *
 * <p>This class holds the settings (AT+QHTTPCFG, AT+QHTTPURL) and what the others share; the
 * requests are {@link Bg96HttpRequests}, the reading of their responses {@link Bg96HttpReads}.
 */
final class Bg96HttpCommands {
    /** The manual's longest URL (2.2). */
    static final int MAX_URL = 700;

    /** An argument out of range or malformed: 730, as every HTTP command answers it. */
    static final Handler<Bg96Session> INVALID =
            (s, call) -> Reply.cme(QuectelHttpErrors.INVALID_PARAMETER).because("invalid parameter");

    private Bg96HttpCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(
                qhttpcfg(),
                qhttpurl(),
                Bg96HttpRequests.qhttpget(),
                Bg96HttpRequests.qhttppost(),
                Bg96HttpRequests.qhttppostfile(),
                Bg96HttpReads.qhttpread(),
                Bg96HttpReads.qhttpreadfile(),
                Bg96HttpRequests.qhttpstop());
    }

    // ---- AT+QHTTPCFG ----

    /** One setting of AT+QHTTPCFG: its range and how to read and write it. */
    private record Setting(String name, String range, Function<Bg96Http, Integer> get, Setter set) {}

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
                    return upload(s, length, timeout, "the URL", data -> {
                        String url = new String(data, StandardCharsets.ISO_8859_1);
                        try {
                            HttpUrl.parse(url);
                        } catch (IllegalArgumentException e) {
                            return Reply.cme(QuectelHttpErrors.URL_ERROR).because(e.getMessage());
                        }
                        s.http().url = url;
                        return Reply.ok();
                    });
                })
                .onInvalid(INVALID)
                .build();
    }

    static boolean busy(Bg96Session s) {
        return s.services().busy(Services.Kind.HTTP);
    }

    static Reply.Done busyError() {
        return Reply.cme(QuectelHttpErrors.BUSY).because("an HTTP(S) request is under way");
    }

    /**
     * The host's bytes after CONNECT (within <input_time>, else 726 saying {@code what} did not
     * come), then what {@code then} answers.
     */
    static Reply upload(Bg96Session s, int length, int inputSeconds, String what, Function<byte[], Reply.Done> then) {
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
                                        .because(what + " did not come within " + inputSeconds + " s");
                            }

                            @Override
                            public void escaped(byte[] data) {}
                        })
                .connect();
    }
}
