package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.ClockText;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelPingWords;
import io.vmodem.net.NtpQuery;
import io.vmodem.net.NtpResult;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingRequest;
import io.vmodem.net.Services;
import java.time.Duration;
import java.util.List;

/** AT+QPING and AT+QNTP: real ICMP echo and real NTP through a context (2.1.11, 2.1.12). */
final class Bg96PingNtpCommands {
    /** Payload of each echo request: the manual's example shows 32 bytes. */
    static final int PING_BYTES = 32;

    /** The manual's longest wait for an NTP answer. */
    static final Duration NTP_TIMEOUT = Duration.ofSeconds(125);

    private Bg96PingNtpCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qping(), qntp());
    }

    /**
     * 2.1.11 AT+QPING=<contextID>,<host>[,<timeout>[,<pingnum>]]: OK, then one +QPING: per request
     * ({@code 0,"<ip>",<bytes>,<time>,<ttl>} or its error) and the summary
     * {@code 0,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>}; or {@code +QPING: <err>} when nothing could
     * be sent.
     */
    private static AtCommand<Bg96Session> qping() {
        return AtCommand.<Bg96Session>named("+QPING")
                .summary("Ping a host with real ICMP echo; each reply and the summary come as URCs")
                .section("2.1.11")
                .test("+QPING: (1-16),<host>,(1-255),(1-10)")
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(4);
                    PdpContext context = s.modem().network().context(call.intArg(0, 1, 16));
                    String host = call.stringArg(1);
                    int timeout = call.intArg(2, 1, 255, 4);
                    int count = call.intArg(3, 1, 10, 4);
                    if (host.isEmpty()) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS);
                    }
                    if (s.services().busy(Services.Kind.PING)) {
                        return s.fail(QuectelErrors.BUSY);
                    }
                    s.services()
                            .ping(context, PingRequest.of(host, PING_BYTES, Duration.ofSeconds(timeout), count), PING);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** The address quoted, the TTL last (2.1.11). */
    private static final QuectelPingWords PING = new QuectelPingWords(true);

    /**
     * 2.1.12 AT+QNTP=<contextID>,<server>[,<port>][,<autosettime>]: OK, then
     * {@code +QNTP: 0,"<time>"} in the clock's zone, or {@code +QNTP: <err>}. With autosettime (the
     * default) the clock takes the time, so AT+CCLK? shows it. AT+QNTP? shows a query in progress.
     */
    private static AtCommand<Bg96Session> qntp() {
        return AtCommand.<Bg96Session>named("+QNTP")
                .summary("Synchronise the clock with an NTP server; the time comes as +QNTP: <err>,<time>")
                .section("2.1.12")
                .test("+QNTP: (1-16),<server>,(1-65535),(0,1)")
                .read(tcpip((s, call) -> s.services().running(Services.Kind.NTP) instanceof NtpQuery q
                        ? Reply.ok("+QNTP: \"" + q.server() + "\"," + q.port())
                        : Reply.ok()))
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(4);
                    PdpContext context = s.modem().network().context(call.intArg(0, 1, 16));
                    String server = call.stringArg(1);
                    int port = call.intArg(2, 1, 65535, 123);
                    boolean setClock = call.intArg(3, 0, 1, 1) == 1;
                    if (server.isEmpty()) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS);
                    }
                    if (s.services().busy(Services.Kind.NTP)) {
                        return s.fail(QuectelErrors.BUSY);
                    }
                    s.services().ntp(context, server, port, NTP_TIMEOUT, setClock, r -> Urc.line(ntpResult(s, r)));
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    private static String ntpResult(Bg96Session s, NtpResult r) {
        if (!r.ok()) {
            return "+QNTP: " + QuectelErrors.of(r.error());
        }
        return "+QNTP: 0,\"" + ClockText.of(r.time(), s.modem().clock().zoneQuarters(), true) + "\"";
    }
}
