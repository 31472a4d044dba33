package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelSocketCommands;
import io.vmodem.modem.SslContext;
import io.vmodem.net.NetError;
import io.vmodem.net.NetSocket;
import io.vmodem.net.SocketState;
import io.vmodem.net.TcpConnection;
import io.vmodem.net.TlsFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The BG96's SSL commands (Quectel BG96 SSL AT Commands Manual, chapter 2): the SSL contexts
 * (AT+QSSLCFG) and SSL clients that mirror the TCP/IP socket commands: AT+QSSLOPEN, AT+QSSLSEND,
 * AT+QSSLRECV, AT+QSSLCLOSE and AT+QSSLSTATE, in buffer, direct push and transparent access mode.
 * An SSL client is a {@link Bg96Socket} with TLS on it, numbered by its own {@code <clientID>}
 * (0–11); it reports {@code +QSSLOPEN} and {@code +QSSLURC} where a socket reports {@code +QIOPEN}
 * and {@code +QIURC}. Errors are those of the TCP/IP manual (chapter 4), as the SSL manual gives.
 */
final class Bg96SslCommands {
    static final int CONTEXTS = 6;
    static final int CLIENTS = 12;

    /** {@code <cipher_suites>} the manual lists (2.1), by their IANA codes. */
    static final List<Integer> SUITES = List.of(
            0x0035,
            0x002F,
            0x0005,
            0x0004,
            0x000A,
            0x003D,
            0xC011,
            0xC012,
            0xC013,
            0xC014,
            0xC027,
            0xC028,
            0xC02F,
            SslContext.ALL_SUITES);

    private Bg96SslCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qsslcfg(), qsslopen(), qsslsend(), qsslrecv(), qsslclose(), qsslstate());
    }

    // ---- AT+QSSLCFG ----

    /** One {@code AT+QSSLCFG="<name>",<SSL_ctxID>[,<value>]} setting: its test line, query and set. */
    private record Setting(String name, String range, Query query, Set set) {}

    private interface Query {
        String value(SslContext c);
    }

    private interface Set {
        void apply(SslContext c, CommandCall call);
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting(
                    "sslversion",
                    "(0-4)",
                    c -> String.valueOf(c.version()),
                    (c, call) -> c.version(call.intArg(2, 0, 4))),
            new Setting(
                    "ciphersuite",
                    "("
                            + String.join(
                                    ",",
                                    SUITES.stream().map(Bg96SslCommands::hex).toList()) + ")",
                    c -> String.join(
                            ":",
                            c.cipherSuites().stream().map(Bg96SslCommands::hex).toList()),
                    (c, call) -> c.cipherSuites(suites(call.arg(2).value()))),
            new Setting(
                    "cacert",
                    "<cacertpath>",
                    c -> quoted(c.caCertificate()),
                    (c, call) -> c.caCertificate(call.stringArg(2))),
            new Setting(
                    "clientcert",
                    "<client_cert_path>",
                    c -> quoted(c.clientCertificate()),
                    (c, call) -> c.clientCertificate(call.stringArg(2))),
            new Setting(
                    "clientkey",
                    "<client_key_path>",
                    c -> quoted(c.clientKey()),
                    (c, call) -> c.clientKey(call.stringArg(2))),
            new Setting(
                    "seclevel",
                    "(0-2)",
                    c -> String.valueOf(c.securityLevel()),
                    (c, call) -> c.securityLevel(call.intArg(2, 0, 2))),
            new Setting("sni", "(0,1)", c -> c.sni() ? "1" : "0", (c, call) -> c.sni(call.intArg(2, 0, 1) == 1)),
            new Setting(
                    "ignorelocaltime",
                    "(0,1)",
                    c -> c.ignoreLocalTime() ? "1" : "0",
                    (c, call) -> c.ignoreLocalTime(call.intArg(2, 0, 1) == 1)),
            new Setting(
                    "negotiatetime",
                    "(10-300)",
                    c -> String.valueOf(c.negotiateSeconds()),
                    (c, call) -> c.negotiateSeconds(call.intArg(2, 10, 300))));

    private static String hex(int code) {
        return String.format("0X%04X", code);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** {@code 0X0035}, or several joined by {@code :}; each one the manual lists. */
    private static List<Integer> suites(String text) {
        List<Integer> codes = new ArrayList<>();
        for (String part : text.split(":")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (!p.startsWith("0X")) {
                throw new InvalidArgument("a cipher suite is written 0X<hex>: " + part);
            }
            int code;
            try {
                code = Integer.parseInt(p.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new InvalidArgument("not a cipher suite: " + part);
            }
            if (!SUITES.contains(code)) {
                throw new InvalidArgument("cipher suite " + part + " is not one the module has");
            }
            codes.add(code);
        }
        return codes;
    }

    /**
     * 2.1 AT+QSSLCFG="<name>",<SSL_ctxID>[,<value>]: the value given sets, none queries ({@code
     * +QSSLCFG: "<name>",<SSL_ctxID>,<value>}). The settings are volatile.
     */
    private static AtCommand<Bg96Session> qsslcfg() {
        return AtCommand.<Bg96Session>named("+QSSLCFG")
                .summary("Configure an SSL context: version, cipher suites, certificates, security level, SNI, time")
                .section("SSL 2.1")
                .test(SETTINGS.stream()
                        .map(st -> "+QSSLCFG: \"" + st.name() + "\",(0-5)," + st.range())
                        .toArray(String[]::new))
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(3);
                    String name = call.stringArg(0).toLowerCase(Locale.ROOT);
                    int index = call.intArg(1, 0, CONTEXTS - 1);
                    for (Setting st : SETTINGS) {
                        if (st.name().equals(name)) {
                            SslContext c = s.modem().ssl().context(index);
                            if (!call.has(2)) {
                                return Reply.ok("+QSSLCFG: \"" + name + "\"," + index + ","
                                        + st.query().value(c));
                            }
                            try {
                                st.set().apply(c, call);
                            } catch (IllegalArgumentException e) {
                                throw new InvalidArgument(e.getMessage());
                            }
                            return Reply.ok();
                        }
                    }
                    return s.fail(
                            QuectelErrors.INVALID_PARAMETERS,
                            "no SSL setting " + call.arg(0).text());
                }))
                .onInvalid(INVALID)
                .build();
    }

    // ---- the SSL clients ----

    /**
     * 2.2 AT+QSSLOPEN=<pdpctxID>,<sslctxID>,<clientID>,<serveraddr>,<server_port>[,<access_mode>]:
     * OK, then {@code +QSSLOPEN: <clientID>,<err>} once the TCP connection and the handshake are over
     * (or failed); in transparent mode CONNECT or ERROR instead. A client ID in use: 563.
     */
    private static AtCommand<Bg96Session> qsslopen() {
        return AtCommand.<Bg96Session>named("+QSSLOPEN")
                .summary("Open an SSL client; the outcome comes as +QSSLOPEN: <clientID>,<err>")
                .section("SSL 2.2")
                .test("+QSSLOPEN: (1-16),(0-5),(0-11),\"<serveraddr>\",(0-65535),(0-2)")
                .set(tcpip((s, call) -> {
                    call.atLeast(5).atMost(6);
                    int cid = call.intArg(0, 1, 16);
                    int ctx = call.intArg(1, 0, CONTEXTS - 1);
                    int id = call.intArg(2, 0, CLIENTS - 1);
                    String host = call.stringArg(3);
                    int port = call.intArg(4, 0, 65535);
                    AccessMode mode = AccessMode.of(call.intArg(5, 0, 2, 0));
                    if (host.isEmpty()) {
                        return s.fail(QuectelErrors.INVALID_PARAMETERS, "no server address");
                    }
                    boolean transparent = mode == AccessMode.TRANSPARENT;
                    if (s.sslClient(id) != null) {
                        if (transparent) {
                            return s.fail(QuectelErrors.ID_IN_USE, "client ID " + id + " is in use");
                        }
                        s.urc("+QSSLOPEN: " + id + "," + QuectelErrors.ID_IN_USE);
                        return Reply.ok();
                    }
                    Bg96Socket client = Bg96Socket.sslClient(s, id, cid, ctx, host, port, mode);
                    s.claimSsl(client);
                    s.radio().uplink();
                    var tls = s.modem().tls(ctx);
                    if (transparent) {
                        return Reply.later(done -> {
                            client.answerOpenWith(done);
                            client.openTls(tls);
                        });
                    }
                    client.openTls(tls);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.3 AT+QSSLSEND=<clientID> (until Ctrl+Z) or =<clientID>,<sendlen> (1..1460): a {@code >}
     * prompt, then SEND OK once the module took the data, SEND FAIL when its buffer is full.
     */
    private static AtCommand<Bg96Session> qsslsend() {
        return AtCommand.<Bg96Session>named("+QSSLSEND")
                .summary("Send data over an SSL client: variable length (Ctrl+Z) or fixed length")
                .section("SSL 2.3")
                .test("+QSSLSEND: (0-11),(1-1460)")
                .set(tcpip((s, call) -> {
                    call.atMost(2);
                    int id = call.intArg(0, 0, CLIENTS - 1);
                    int length = call.intArg(1, 1, Bg96SocketCommands.MAX_SEND, 0);
                    Bg96Socket client = s.sslClient(id);
                    if (client == null || client.net() == null || client.net().state() != SocketState.CONNECTED) {
                        return s.fail(QuectelErrors.SOCKET_CLOSED, "SSL client " + id + " is not connected");
                    }
                    if (client.mode == AccessMode.TRANSPARENT) {
                        return s.fail(QuectelErrors.NOT_ALLOWED, "SSL client " + id + " is in transparent mode");
                    }
                    DataEntry entry = length == 0
                            ? DataEntry.untilCtrlZ(
                                    Bg96SocketCommands.MAX_SEND,
                                    data -> Bg96SocketCommands.deliver(s, client, data, null))
                            : DataEntry.fixed(length, data -> Bg96SocketCommands.deliver(s, client, data, null));
                    return Reply.prompt(entry.echo(s.dataEcho()));
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.4 AT+QSSLRECV=<clientID>[,<readlen>]: {@code +QSSLRECV: <havereadlen>}, the data, OK; at most
     * 1500 bytes; {@code +QSSLRECV: 0} when nothing waits. What a closed client received stays
     * readable until AT+QSSLCLOSE.
     */
    private static AtCommand<Bg96Session> qsslrecv() {
        return AtCommand.<Bg96Session>named("+QSSLRECV")
                .summary("Read what an SSL client received (buffer access mode)")
                .section("SSL 2.4")
                .test("+QSSLRECV: (0-11),(1-1500)")
                .set(tcpip((s, call) -> {
                    call.atMost(2);
                    int id = call.intArg(0, 0, CLIENTS - 1);
                    int length = call.intArg(1, 1, 65535, Bg96SocketCommands.MAX_READ);
                    Bg96Socket client = s.sslClient(id);
                    if (client == null || client.net() == null) {
                        return s.fail(QuectelErrors.SOCKET_CLOSED, "SSL client " + id + " is not open");
                    }
                    byte[] data = client.read(Math.min(length, Bg96SocketCommands.MAX_READ));
                    if (data.length == 0) {
                        return Reply.ok("+QSSLRECV: 0");
                    }
                    return client.readReply("+QSSLRECV: " + data.length, data);
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.5 AT+QSSLCLOSE=<clientID>[,<close_timeout>]: OK once the connection is closed (the network's
     * close delay, at most {@code <close_timeout>} seconds, 10 by default); at once for a client that
     * is not open. The client ID is free again.
     */
    private static AtCommand<Bg96Session> qsslclose() {
        return AtCommand.<Bg96Session>named("+QSSLCLOSE")
                .summary("Close an SSL client")
                .section("SSL 2.5")
                .test("+QSSLCLOSE: (0-11),(0-65535)")
                .set(tcpip((s, call) -> {
                    call.atMost(2);
                    Bg96Socket client = s.sslClient(call.intArg(0, 0, CLIENTS - 1));
                    Duration timeout = Duration.ofSeconds(call.intArg(1, 0, 65535, 10));
                    if (client == null) {
                        return Reply.ok();
                    }
                    s.radio().uplink();
                    client.close();
                    return QuectelSocketCommands.okAfterFin(s, timeout, () -> s.release(client));
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * 2.6 AT+QSSLSTATE (every SSL client) and AT+QSSLSTATE=<clientID>: a {@code +QSSLSTATE:} line
     * each, then OK; nothing but OK for a client that is not open.
     */
    private static AtCommand<Bg96Session> qsslstate() {
        return AtCommand.<Bg96Session>named("+QSSLSTATE")
                .summary("SSL client status")
                .section("SSL 2.6")
                .test((s, call) -> Reply.ok())
                .exec(tcpip((s, call) -> Reply.ok(
                        s.sslClients().stream().map(Bg96Socket::sslStateLine).toList())))
                .set(tcpip((s, call) -> {
                    call.atMost(1);
                    Bg96Socket client = s.sslClient(call.intArg(0, 0, CLIENTS - 1));
                    return client == null ? Reply.ok() : Reply.ok(client.sslStateLine());
                }))
                .onInvalid(INVALID)
                .build();
    }

    // ---- wording of failures ----

    /**
     * The {@code <err>} of a failed AT+QSSLOPEN. The SSL manual numbers its errors with the TCP/IP
     * manual's (chapter 4), which has no code of its own for a handshake: a certificate the module
     * refuses, or a server that refuses the module, is 566 (the connection could not be made), a
     * handshake that runs past {@code negotiatetime} is 569 (timeout), a server that closes during
     * it 567 (closed).
     */
    static int openError(NetSocket socket, NetError error) {
        if (error != NetError.HANDSHAKE_FAILED) {
            return QuectelErrors.of(error);
        }
        TlsFailure why = socket instanceof TcpConnection c ? c.handshakeFailure() : TlsFailure.OTHER;
        return switch (why == null ? TlsFailure.OTHER : why) {
            case TIMEOUT -> QuectelErrors.TIMEOUT;
            case PEER_CLOSED -> QuectelErrors.SOCKET_CLOSED;
            case UNTRUSTED, EXPIRED, REFUSED, NO_COMMON_PARAMETERS, BAD_CREDENTIALS, OTHER -> QuectelErrors
                    .CONNECT_FAILED;
        };
    }

    /** The reason of a failed open, for the trace. */
    static String why(NetSocket socket, NetError error) {
        if (error == NetError.HANDSHAKE_FAILED && socket instanceof TcpConnection c && c.handshakeFailure() != null) {
            return "TLS handshake failed: "
                    + c.handshakeFailure().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        return QuectelErrors.text(QuectelErrors.of(error)).toLowerCase(Locale.ROOT);
    }
}
