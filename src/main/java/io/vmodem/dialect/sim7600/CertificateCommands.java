package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.modem.FileRefused;
import io.vmodem.modem.FileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SIM7600's certificate files (SIM7500/SIM7600 AT Command Manual, SSL chapter: AT+CCERTDOWN,
 * AT+CCERTLIST, AT+CCERTDELE; SSL Application Note 3.7): what AT+CSSLCFG="cacert" and its kin
 * name. The store and its limits are the modem's ({@link FileStore}), the local storage C:/ that
 * AT+HTTPPOSTFILE and AT+HTTPREADFILE use too; every refusal is ERROR.
 */
final class CertificateCommands {
    /** The manual: a file name ends in .pem or .der. */
    private static final List<String> TYPES = List.of(".pem", ".der");

    /** The manual: a certificate file has 1 to 10240 bytes. */
    static final int MAX_CERTIFICATE = 10_240;

    private CertificateCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(ccertdown(), ccertlist(), ccertdele());
    }

    private static FileStore store(Sim7600Session s) {
        return s.modem().files();
    }

    /** A refusal of the file store: ERROR, with the reason for the trace. */
    private static Handler<Sim7600Session> files(Handler<Sim7600Session> h) {
        return (s, call) -> {
            try {
                return h.handle(s, call);
            } catch (FileRefused e) {
                return Reply.error().because(e.getMessage());
            }
        };
    }

    private static String certificateName(Sim7600Session s, String name) {
        store(s).checkName(name);
        if (!isCertificate(name)) {
            throw new FileRefused(FileRefused.Failure.INVALID_NAME, "a certificate file is .pem or .der: " + name);
        }
        return name;
    }

    private static boolean isCertificate(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return TYPES.stream().anyMatch(lower::endsWith);
    }

    /**
     * AT+CCERTDOWN=<filename>,<len>: a {@code >} prompt, then exactly <len> bytes (1..10240), then
     * OK. A file of that name is replaced. (The manual's other form, a file name given in hex for
     * names that are not ASCII, is not supported.)
     */
    private static AtCommand<Sim7600Session> ccertdown() {
        return AtCommand.<Sim7600Session>named("+CCERTDOWN")
                .summary("Download a certificate or key file (.pem, .der) after a > prompt, exactly <len> bytes")
                .section("SSL: AT+CCERTDOWN")
                .test()
                .set(files((s, call) -> {
                    call.atMost(2);
                    String name = certificateName(s, call.quotedArg(0));
                    FileStore f = store(s);
                    int length = call.intArg(1, 1, MAX_CERTIFICATE);
                    long room = f.free() + (f.exists(name) ? f.size(name) : 0);
                    if (length > room) {
                        return Reply.error().because(length + " bytes do not fit in the " + room + " free");
                    }
                    return Reply.prompt(DataEntry.fixed(length, data -> {
                        try {
                            f.replace(name, data);
                        } catch (FileRefused e) {
                            return Reply.error().because(e.getMessage());
                        }
                        return Reply.ok();
                    }));
                }))
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    /** AT+CCERTLIST lists the certificate files (.pem, .der): +CCERTLIST: <filename>, one line each. */
    private static AtCommand<Sim7600Session> ccertlist() {
        return AtCommand.<Sim7600Session>named("+CCERTLIST")
                .summary("List the certificate and key files")
                .section("SSL: AT+CCERTLIST")
                .test()
                .exec((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (String name : store(s).names()) {
                        if (!isCertificate(name)) {
                            continue; // a file of C:/ the HTTP(S) commands wrote
                        }
                        lines.add("+CCERTLIST: \"" + name + "\"");
                    }
                    return Reply.ok(lines);
                })
                .build();
    }

    /** AT+CCERTDELE=<filename> deletes a certificate file; ERROR when there is none. */
    private static AtCommand<Sim7600Session> ccertdele() {
        return AtCommand.<Sim7600Session>named("+CCERTDELE")
                .summary("Delete a certificate or key file")
                .section("SSL: AT+CCERTDELE")
                .test()
                .set(files((s, call) -> {
                    call.atMost(1);
                    store(s).delete(certificateName(s, call.quotedArg(0)));
                    return Reply.ok();
                }))
                .onInvalid((s, call) -> Reply.error())
                .build();
    }
}
