package io.vmodem.cli;

import io.vmodem.control.ControlServer;
import io.vmodem.fault.ScenarioException;
import io.vmodem.fault.ScenarioReader;
import io.vmodem.runtime.FaultNotAvailable;
import io.vmodem.runtime.FaultSetup;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.InvalidFaultParameter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The control API, the in-memory trace and the faults the modems start with. */
final class ControlOptions {

    @Option(
            names = "--control",
            paramLabel = "HOST:PORT|off",
            description = "Where the control API and dashboard listen (default: " + ControlServer.DEFAULT_ADDRESS
                    + "); off: none. Off loopback it requires a token.")
    String control;

    @Option(
            names = "--control-token",
            paramLabel = "TOKEN",
            description = "The token the control API requires (Authorization: Bearer TOKEN); generated and"
                    + " printed when the API listens off loopback without one.")
    String controlToken;

    @Option(
            names = "--trace-keep",
            defaultValue = "" + Fleet.DEFAULT_TRACE_KEEP,
            paramLabel = "LINES",
            description = "Trace lines each modem keeps in memory for the control API (default: ${DEFAULT-VALUE};"
                    + " 0: none).")
    int traceKeep;

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description = "Faults and conditions every modem runs (YAML or JSON; examples/scenarios/).")
    Path scenario;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of every random choice the faults make (default: the scenario's, else 1).")
    Long seed;

    /** The faults every modem starts with; a scenario that cannot be used is a one-line usage error. */
    FaultSetup faults() {
        if (scenario == null) {
            return new FaultSetup(null, seed);
        }
        try {
            return new FaultSetup(ScenarioReader.read(scenario), seed);
        } catch (ScenarioException | FaultNotAvailable | InvalidFaultParameter e) {
            throw new Refused("--scenario: " + e.getMessage());
        }
    }

    int traceKeep() {
        if (traceKeep < 0) {
            throw new Refused("--trace-keep: expected 0 or more lines, got " + traceKeep);
        }
        return traceKeep;
    }

    /** The API's address and token, or null with {@code --control off}. */
    ControlServer.Options options() {
        String text = control == null ? ControlServer.DEFAULT_ADDRESS : control.trim();
        if (text.equalsIgnoreCase("off")) {
            if (controlToken != null) {
                throw new Refused("--control-token: the control API is off");
            }
            return null;
        }
        int colon = text.lastIndexOf(':');
        int port;
        String host;
        try {
            host = colon <= 0 ? "" : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            port = Integer.parseInt(text.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new Refused("--control: expected HOST:PORT or off, got '" + text + "'");
        }
        if (controlToken != null && controlToken.isBlank()) {
            throw new Refused("--control-token: empty");
        }
        return new ControlServer.Options(host, port, controlToken);
    }

    /**
     * Starts the API ({@code say} tells where, the dashboard's address, and the token when one was
     * generated); null when off.
     * A token is generated when the API listens off loopback without one.
     */
    static ControlServer start(Fleet fleet, ControlServer.Options o, PrintWriter say) throws IOException {
        if (o == null) {
            return null;
        }
        boolean generated = false;
        if (o.token() == null && !o.loopback()) {
            o = new ControlServer.Options(o.host(), o.port(), ControlServer.newToken());
            generated = true;
        }
        ControlServer server = ControlServer.start(fleet, o);
        say.printf("control API on %sapi/modems%s%n", server.url(), o.token() == null ? "" : " (token required)");
        if (generated) {
            say.printf("control token: %s%n", o.token());
        }
        if (server.dashboard()) {
            // the page keeps a token given this way for its tab, and takes it out of the address bar
            String query = o.token() == null ? "" : generated ? "?token=" + o.token() : "?token=<--control-token>";
            say.printf("dashboard on %s%s%n", server.url(), query);
        }
        say.flush();
        return server;
    }

    /** A usage error: one line, exit status 2. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static CommandLine.IExecutionExceptionHandler refusedInOneLine() {
        return (e, cl, parseResult) -> {
            if (e instanceof Refused) {
                cl.getErr().println("vmodem: " + e.getMessage());
                cl.getErr().flush();
                return 2;
            }
            throw e;
        };
    }
}
