package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Reply;
import io.vmodem.modem.FileRefused;
import io.vmodem.modem.FileStore;
import io.vmodem.net.HttpExchange;
import java.util.List;

/**
 * The SIM7600's HTTP(S) commands on files (SIM7500/SIM7600 Series HTTP(S) AT Command Manual,
 * AT+HTTPPOSTFILE and AT+HTTPREADFILE): a file of the module's storage as a request's body (or as
 * the whole request), and a response's body saved to a file. The files are the modem's {@link
 * FileStore}, which is the module's local storage C:/ ({@code <path>} 1) and holds the certificate
 * files of AT+CCERTDOWN too. {@code <path>} 2 is the SD card, D:/, which this module has none of:
 * ERROR. Refusals of the command are plain {@code ERROR}; what goes wrong once it is accepted is a
 * 7xx code of the manual's table in its URC.
 */
final class HttpFileCommands {
    /** {@code <path>}: 1 the local storage C:/, 2 the SD card D:/. */
    private static final int LOCAL = 1;

    private static final int SD_CARD = 2;

    private HttpFileCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(httppostfile(), httpreadfile());
    }

    /** The file's name, checked, on the storage {@code <path>} names; ERROR (with the reason) when none. */
    private static String fileName(Sim7600Session s, CommandCall call, int pathArg) {
        String name = call.stringArg(0);
        int path = call.intArg(pathArg, LOCAL, SD_CARD, LOCAL);
        if (path == SD_CARD) {
            throw new FileRefused(FileRefused.Failure.NOT_FOUND, "no SD card (D:/) in this module");
        }
        return s.modem().files().checkName(name);
    }

    /**
     * AT+HTTPPOSTFILE=<filename>[,<path>[,<method>[,<send_header>]]]: sends the file to the URL of
     * AT+HTTPPARA with <method> (0 GET, 1 POST (the default), 2 HEAD, 3 DELETE, 4 PUT): with
     * <send_header> 0 (the default) the file is the body after the module's headers, with 1 it is the
     * whole request, head and body, as it goes on the wire. OK, then {@code +HTTPPOSTFILE:
     * <statuscode>,<datalen>} once the response is in (AT+HTTPHEAD and AT+HTTPREAD read it), or a 7xx
     * code and 0: 707 when there is no such file.
     */
    private static AtCommand<Sim7600Session> httppostfile() {
        return AtCommand.<Sim7600Session>named("+HTTPPOSTFILE")
                .summary("Send a file of the module's storage as the request's body (or whole request); "
                        + "+HTTPPOSTFILE: <statuscode>,<datalen>")
                .section("HTTP(S): AT+HTTPPOSTFILE")
                .test("+HTTPPOSTFILE: <filename>,(1-2),(0-4),(0-1)")
                .set((s, call) -> {
                    call.atLeast(1).atMost(4);
                    int method = call.intArg(2, 0, HttpCommands.METHODS.size() - 1, 1);
                    boolean wholeRequest = call.intArg(3, 0, 1, 0) == 1;
                    HttpService h = s.http();
                    if (!h.started || h.url == null) {
                        return Reply.error().because(h.started ? "no URL" : "the HTTP service is not started");
                    }
                    String name;
                    try {
                        name = fileName(s, call, 1);
                    } catch (FileRefused e) {
                        return Reply.error().because(e.getMessage());
                    }
                    HttpCommands.Outcome outcome = (status, length) -> "+HTTPPOSTFILE: " + status + "," + length;
                    FileStore files = s.modem().files();
                    if (!files.exists(name)) {
                        s.urc(outcome.line(HttpCommands.MEMORY, 0));
                        return Reply.ok().because("no file " + name);
                    }
                    byte[] file = files.read(name);
                    HttpCommands.start(s, method, wholeRequest ? null : file, wholeRequest ? file : null, outcome);
                    return Reply.ok();
                })
                .build();
    }

    /**
     * AT+HTTPREADFILE=<filename>[,<path>]: saves the body of the last response to the file (replacing
     * one of that name); OK, then {@code +HTTPREADFILE: 0}, or 707 when the storage has no room for it
     * and 703 while the request is still under way. ERROR when there is no response.
     */
    private static AtCommand<Sim7600Session> httpreadfile() {
        return AtCommand.<Sim7600Session>named("+HTTPREADFILE")
                .summary("Save the response's body to a file of the module's storage; +HTTPREADFILE: <errcode>")
                .section("HTTP(S): AT+HTTPREADFILE")
                .test("+HTTPREADFILE: <filename>,(1-2)")
                .set((s, call) -> {
                    call.atLeast(1).atMost(2);
                    String name;
                    try {
                        name = fileName(s, call, 1);
                    } catch (FileRefused e) {
                        return Reply.error().because(e.getMessage());
                    }
                    HttpExchange e = s.http().exchange;
                    if (!s.http().started || e == null || (e.over() && !e.complete())) {
                        return Reply.error().because("no response");
                    }
                    if (!e.complete()) {
                        s.urc("+HTTPREADFILE: " + HttpCommands.BUSY);
                        return Reply.ok().because("the response is not in yet");
                    }
                    try {
                        s.modem().files().replace(name, e.body());
                    } catch (FileRefused refused) {
                        s.urc("+HTTPREADFILE: " + HttpCommands.MEMORY);
                        return Reply.ok().because(refused.getMessage());
                    }
                    s.urc("+HTTPREADFILE: 0");
                    return Reply.ok();
                })
                .build();
    }
}
