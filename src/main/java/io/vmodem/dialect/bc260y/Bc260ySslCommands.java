package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import io.vmodem.dialect.bc260y.Bc260ySslSettings.Item;
import io.vmodem.dialect.common.Hex;
import io.vmodem.modem.SslContext;
import io.vmodem.net.NetError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The BC260Y-CN's SSL commands. No SSL note of the BC260Y-CN itself could be found; the syntax is
 * that of its NB-IoT sibling's, the Quectel BC660K-GL&BC950K-GL SSL Application Note (V1.0
 * 2021-12-29, V1.1 2023-04-25), chapter 2: AT+QSSLCFG, AT+QSSLOPEN, AT+QSSLSEND, AT+QSSLCLOSE and
 * the {@code +QSSLURC} URCs, every connection named by {@code <contextID>,<connectID>}, whose
 * ranges are 0-10 and 0-4 but of which "currently only 0 is supported". Errors answer plain {@code
 * ERROR}, as the note's tables say; the outcome of an open, a send or a close comes in a URC with
 * the note's result codes (chapter 4).
 */
final class Bc260ySslCommands {
    /** The one {@code <contextID>} and {@code <connectID>} the note says work. */
    static final int CONTEXT = 0;

    static final int CONNECTION = 0;
    static final int CONNECTIONS = CONNECTION + 1;

    private static final String IDS = "(0-10),(0-4)";
    /** {@code <send_length>} 1-1024 (2.3.3); a variable-length send takes as much. */
    static final int MAX_SEND = 1024;
    /** The note gives no limit for a certificate or key; vmodem takes up to 4 KiB of PEM. */
    static final int MAX_PEM = 4096;

    private Bc260ySslCommands() {}

    static List<AtCommand<Bc260ySession>> commands() {
        return List.of(qsslcfg(), qsslopen(), qsslsend(), qsslclose());
    }

    /** {@code <contextID>,<connectID>} from arguments 0 and 1; in range but not 0: refused. */
    private static void ids(CommandCall call) {
        int ctx = call.intArg(0, 0, 10);
        int conn = call.intArg(1, 0, 4);
        if (ctx != CONTEXT || conn != CONNECTION) {
            throw new InvalidArgument("only SSL context 0, connection 0 is supported");
        }
    }

    private static String prefix() {
        return "+QSSLCFG: " + CONTEXT + "," + CONNECTION + ",";
    }

    // ---- AT+QSSLCFG ----

    /**
     * 2.3.1 AT+QSSLCFG=<contextID>,<connectID>[,"<item>"[,<value>...]]: without an item, every setting;
     * an item alone reads it; with values sets it. "cacert", "clientcert" and "clientkey" take the PEM
     * text after a {@code >} prompt, ended by Ctrl+Z, and answer {@code +QSSLCFG: 0,0,"<item>",
     * <checksum>} (its length). Only the certificates are saved.
     */
    private static AtCommand<Bc260ySession> qsslcfg() {
        return AtCommand.<Bc260ySession>named("+QSSLCFG")
                .summary("Configure the SSL context: security level, version, data format, timeout, certificates")
                .section("BC660K-GL SSL 2.3.1")
                .test(
                        "+QSSLCFG: " + IDS + ",\"seclevel\",(0-2)",
                        "+QSSLCFG: " + IDS + ",\"sslversion\",(1-4)",
                        "+QSSLCFG: " + IDS + ",\"dataformat\",(0,1),(0,1)",
                        "+QSSLCFG: " + IDS + ",\"timeout\",(10-300)",
                        "+QSSLCFG: " + IDS + ",\"debug\",(0-4)",
                        "+QSSLCFG: " + IDS + ",\"cacert\"",
                        "+QSSLCFG: " + IDS + ",\"clientcert\"",
                        "+QSSLCFG: " + IDS + ",\"clientkey\"",
                        "+QSSLCFG: " + IDS + ",\"dtls\",(0,1)",
                        "+QSSLCFG: " + IDS + ",\"dtlsversion\",(0-2)")
                .set(Bc260ySslCommands::configure)
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    private static Reply configure(Bc260ySession s, CommandCall call) {
        call.atLeast(2);
        ids(call);
        Bc260ySslSettings ssl = s.ssl();
        SslContext c = ssl.context();
        if (!call.has(2)) {
            call.atMost(2);
            return Reply.ok(all(ssl));
        }
        String item = call.stringArg(2).toLowerCase(Locale.ROOT);
        boolean read = !call.has(3);
        switch (item) {
            case "seclevel" -> {
                if (read) {
                    return Reply.ok(line(item, c.securityLevel()));
                }
                c.securityLevel(call.atMost(4).intArg(3, 0, 2));
            }
            case "sslversion" -> {
                if (read) {
                    return Reply.ok(line(item, c.version()));
                }
                c.version(call.atMost(4).intArg(3, 1, SslContext.ALL_VERSIONS));
            }
            case "dataformat" -> {
                if (read) {
                    return Reply.ok(line(item, (ssl.sendHex ? 1 : 0) + "," + (ssl.recvHex ? 1 : 0)));
                }
                call.atLeast(5).atMost(5);
                ssl.sendHex = call.intArg(3, 0, 1) == 1;
                ssl.recvHex = call.intArg(4, 0, 1) == 1;
            }
            case "timeout" -> {
                if (read) {
                    return Reply.ok(line(item, c.negotiateSeconds()));
                }
                c.negotiateSeconds(
                        call.atMost(4).intArg(3, SslContext.MIN_NEGOTIATE_SECONDS, SslContext.MAX_NEGOTIATE_SECONDS));
            }
            case "debug" -> {
                if (read) {
                    return Reply.ok(line(item, ssl.debugLevel));
                }
                ssl.debugLevel = call.atMost(4).intArg(3, 0, 4);
            }
            case "dtls" -> {
                if (read) {
                    return Reply.ok(line(item, 0));
                }
                if (call.atMost(4).intArg(3, 0, 1) == 1) {
                    return Reply.error().because("DTLS is not emulated");
                }
            }
            case "dtlsversion" -> {
                if (read) {
                    return Reply.ok(line(item, ssl.dtlsVersion));
                }
                ssl.dtlsVersion = call.atMost(4).intArg(3, 0, 2);
            }
            case "cacert", "clientcert", "clientkey" -> {
                call.atMost(3);
                return upload(s, Item.valueOf(item.toUpperCase(Locale.ROOT)));
            }
            default -> {
                return Reply.error().because("no SSL setting " + call.arg(2).text());
            }
        }
        return Reply.ok();
    }

    private static String line(String item, Object value) {
        return prefix() + "\"" + item + "\"," + value;
    }

    /** Every setting, in the note's order (the DTLS ones as stored: DTLS itself is never on). */
    private static List<String> all(Bc260ySslSettings ssl) {
        SslContext c = ssl.context();
        List<String> lines = new ArrayList<>();
        lines.add(line("seclevel", c.securityLevel()));
        lines.add(line("sslversion", c.version()));
        lines.add(line("dataformat", (ssl.sendHex ? 1 : 0) + "," + (ssl.recvHex ? 1 : 0)));
        lines.add(line("timeout", c.negotiateSeconds()));
        lines.add(line("debug", ssl.debugLevel));
        for (Item item : Item.values()) {
            lines.add(line(item.word, ssl.checksum(item)));
        }
        lines.add(line("dtls", 0));
        lines.add(line("dtlsversion", ssl.dtlsVersion));
        return lines;
    }

    /** The PEM text after the prompt, until Ctrl+Z; saved, then {@code +QSSLCFG: 0,0,"<item>",<length>}. */
    private static Reply upload(Bc260ySession s, Item item) {
        DataEntry entry = DataEntry.untilCtrlZ(MAX_PEM, pem -> {
            if (pem.length == 0) {
                return Reply.error().because("no " + item.word + " given");
            }
            s.ssl().store(item, pem);
            return Reply.ok(line(item.word, pem.length));
        });
        return Reply.prompt(entry.prompt(Bc260yMqttCommands.RULES.prompt()));
    }

    // ---- the connection ----

    /**
     * 2.3.2 AT+QSSLOPEN=<contextID>,<connectID>,<host_name>,<port>,<connect_mode>: OK, then {@code
     * +QSSLOPEN: <contextID>,<connectID>,<err>} once the connection and the handshake are over, within
     * {@code "timeout"}. Only {@code <connect_mode>} 0 (non-transparent) exists. A connection already
     * open, or a module not attached: ERROR (the note is silent on both).
     */
    private static AtCommand<Bc260ySession> qsslopen() {
        return AtCommand.<Bc260ySession>named("+QSSLOPEN")
                .summary("Open the SSL connection: OK, then +QSSLOPEN: <ctx>,<conn>,<err>")
                .section("BC660K-GL SSL 2.3.2")
                .test("+QSSLOPEN: " + IDS + ",<host_name>,(1-65535),(0,1)")
                .read((s, call) -> Reply.ok())
                .set((s, call) -> {
                    call.atLeast(5).atMost(5);
                    ids(call);
                    String host = call.stringArg(2);
                    int port = call.intArg(3, 1, 65535);
                    if (call.intArg(4, 0, 1) != 0) {
                        return Reply.error().because("transparent mode is not supported");
                    }
                    if (host.isEmpty() || host.length() > 150) {
                        return Reply.error().because("the host name is empty or over 150 bytes");
                    }
                    if (s.sslConnection(CONNECTION) != null) {
                        return Reply.error().because("SSL connection " + CONNECTION + " is open");
                    }
                    if (!s.readyForSockets()) {
                        return Reply.error().because("the module has not attached");
                    }
                    Bc260ySslConnection c = new Bc260ySslConnection(s, CONTEXT, CONNECTION, host, port);
                    s.claimSsl(c);
                    s.radio().uplink();
                    c.open(s.modem().tls(CONTEXT));
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    /**
     * 2.3.3 AT+QSSLSEND=<contextID>,<connectID>[,<send_length>]: a {@code >} prompt, then the data
     * until Ctrl+Z or of {@code <send_length>} bytes (1-1024; twice as many hex digits with {@code
     * <send_data_format>} 1); OK, then {@code +QSSLSEND: <contextID>,<connectID>,<err>}. ERROR when
     * the connection is not established.
     */
    private static AtCommand<Bc260ySession> qsslsend() {
        return AtCommand.<Bc260ySession>named("+QSSLSEND")
                .summary("Send over the SSL connection after a prompt: OK, then +QSSLSEND: <ctx>,<conn>,<err>")
                .section("BC660K-GL SSL 2.3.3")
                .test("+QSSLSEND: " + IDS + ",(1-" + MAX_SEND + ")")
                .read((s, call) -> Reply.ok())
                .set((s, call) -> {
                    call.atLeast(2).atMost(3);
                    ids(call);
                    int length = call.intArg(2, 1, MAX_SEND, 0);
                    Bc260ySslConnection c = s.sslConnection(CONNECTION);
                    if (c == null || !c.connected()) {
                        return Reply.error().because("SSL connection " + CONNECTION + " is not established");
                    }
                    boolean hex = s.ssl().sendHex;
                    Function<byte[], Reply> send = typed -> deliver(s, c, typed, hex);
                    DataEntry entry = length == 0
                            ? DataEntry.untilCtrlZ(hex ? 2 * MAX_SEND : MAX_SEND, send)
                            : DataEntry.fixed(hex ? 2 * length : length, send);
                    return Reply.prompt(entry.prompt(Bc260yMqttCommands.RULES.prompt()));
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }

    private static Reply deliver(Bc260ySession s, Bc260ySslConnection c, byte[] typed, boolean hex) {
        byte[] data = hex ? Hex.decode(new String(typed, StandardCharsets.ISO_8859_1)) : typed;
        if (data == null || data.length == 0) {
            return Reply.error().because(hex ? "the data is not hex digits" : "no data");
        }
        if (s.sslConnection(CONNECTION) != c || !c.connected()) {
            return Reply.error().because("SSL connection " + CONNECTION + " closed meanwhile");
        }
        s.radio().uplink();
        // No service: nothing leaves the radio (README, "Faults and conditions").
        NetError error = s.modem().radio().carriesData() ? c.send(data) : NetError.IO_FAILED;
        int err = error == null
                ? 0
                : error == NetError.BUFFER_FULL || error == NetError.SEND_FAILED
                        ? Bc260ySslConnection.OTHER
                        : Bc260ySslConnection.CONNECTION;
        s.urc("+QSSLSEND: " + c.ids() + "," + err);
        return Reply.ok();
    }

    /**
     * 2.3.4 AT+QSSLCLOSE=<contextID>,<connectID>: OK, then {@code +QSSLCLOSE: <contextID>,<connectID>,
     * <err>}; the connection's IDs are free again. Where the note is silent: a connection that is not
     * open (never opened, failed, or closed by the server) closes with 0 as well.
     */
    private static AtCommand<Bc260ySession> qsslclose() {
        return AtCommand.<Bc260ySession>named("+QSSLCLOSE")
                .summary("Close the SSL connection: OK, then +QSSLCLOSE: <ctx>,<conn>,<err>")
                .section("BC660K-GL SSL 2.3.4")
                .test("+QSSLCLOSE: " + IDS)
                .read((s, call) -> Reply.ok())
                .set((s, call) -> {
                    call.atLeast(2).atMost(2);
                    ids(call);
                    Bc260ySslConnection c = s.sslConnection(CONNECTION);
                    if (c != null) {
                        s.radio().uplink();
                        c.close();
                        s.releaseSsl(c);
                    }
                    s.urc("+QSSLCLOSE: " + CONTEXT + "," + CONNECTION + ",0");
                    return Reply.ok();
                })
                .onInvalid(Bc260ySocketCommands.INVALID)
                .build();
    }
}
