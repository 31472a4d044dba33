package io.vmodem.cli;

import ch.qos.logback.classic.Level;
import io.vmodem.control.ControlServer;
import io.vmodem.dialect.Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.modem.NvStore;
import io.vmodem.net.HostNetwork;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.Dialects;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.trace.TraceLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmodem}: a virtual cellular module on a link, carrying its sockets over the host's network. */
@Command(
        name = "vmodem",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = "A virtual cellular module on a link: firmware drives it with AT commands, and it carries"
                + " the TCP/UDP sockets they open over this host's real network.",
        subcommands = {CommandsCommand.class, TranscriptCommand.class})
public final class Main implements Callable<Integer> {

    @Option(
            names = "--dialect",
            defaultValue = "bg96",
            description = "Module to emulate: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = DialectNames.class)
    String dialect;

    @Option(
            names = "--rx-buffer",
            defaultValue = "16384",
            paramLabel = "BYTES",
            description =
                    "Receive buffer per socket, 1..65535; when full the socket stops reading (default: ${DEFAULT-VALUE}).")
    int rxBuffer;

    @Option(
            names = "--ip-pool",
            paramLabel = "CIDR",
            converter = CidrBlock.class,
            description = "Addresses given to PDP contexts (default: " + HostNetwork.LINUX_POOL + " on Linux).")
    String ipPool;

    @Option(
            names = "--activation-delay",
            defaultValue = "100",
            paramLabel = "MS",
            description = "How long the network takes to activate a PDP context (AT+QIACT, up to 150 s on a module;"
                    + " default: ${DEFAULT-VALUE} ms).")
    long activationDelayMs;

    @Option(
            names = "--deactivation-delay",
            defaultValue = "50",
            paramLabel = "MS",
            description = "How long the network takes to deactivate one (AT+QIDEACT, up to 40 s on a module;"
                    + " default: ${DEFAULT-VALUE} ms).")
    long deactivationDelayMs;

    @Option(
            names = "--open-delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "How long the network takes to open a socket, on top of the real connect (AT+QIOPEN,"
                    + " up to 150 s; default: ${DEFAULT-VALUE} ms).")
    long openDelayMs;

    @Option(
            names = "--close-delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "How long closing a connection takes (AT+QICLOSE, up to 10 s; default: ${DEFAULT-VALUE} ms).")
    long closeDelayMs;

    @Option(
            names = "--dns-delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "How long a host name lookup takes, on top of the real query (AT+QIDNSGIP, up to 60 s;"
                    + " default: ${DEFAULT-VALUE} ms).")
    long dnsDelayMs;

    @Option(
            names = "--ntp-delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "How long an NTP exchange takes, on top of the real one (AT+QNTP, up to 125 s;"
                    + " default: ${DEFAULT-VALUE} ms).")
    long ntpDelayMs;

    @Option(
            names = "--boot-time",
            defaultValue = "300",
            paramLabel = "MS",
            description = "How long the module takes to boot: its power-up URCs (RDY, ...) come this long after the"
                    + " link connects or the tty is opened, and what the host sends before then is lost, as on a"
                    + " module's UART (a real module takes seconds; default: ${DEFAULT-VALUE} ms).")
    long bootTimeMs;

    @Option(
            names = "--response-delay",
            defaultValue = "0",
            paramLabel = "MS",
            description = "How long the module takes to answer each command (default: ${DEFAULT-VALUE} ms).")
    long responseDelayMs;

    @Option(
            names = "--command-deadline",
            paramLabel = "MS",
            description = "How long a command may go without its answer before it ends with the module's error and"
                    + " the modem answers again (default: the longest maximum response time in the module's manual"
                    + " plus 60 s for a real connect: BG96 and BC260Y-CN 210 s, SIM7600 180 s).")
    Long commandDeadlineMs;

    @Option(
            names = "--dns-port",
            defaultValue = "53",
            paramLabel = "PORT",
            description = "Port of the DNS servers a module names by address, e.g. AT+QIDNSCFG"
                    + " (default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Keep each modem's non-volatile settings here, across restarts (default: memory only).")
    Path stateDir;

    @Option(
            names = "--first-serial",
            defaultValue = "1",
            paramLabel = "N",
            description = "Serial number of the first modem; IMEIs follow from it (default: ${DEFAULT-VALUE}).")
    long firstSerial;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "Event loop threads serving all modems (default: one per core).")
    int threads;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log what the program does to stderr.")
    boolean verbose;

    @CommandLine.ArgGroup(
            validate = false,
            heading = "%nLink to the firmware (TCP unless one of --pty, --serial, --stdio):%n")
    LinkOptions link = new LinkOptions();

    @CommandLine.ArgGroup(validate = false, heading = "%nWhere modems may reach (default: anywhere):%n")
    PolicyOptions policy = new PolicyOptions();

    @CommandLine.ArgGroup(validate = false, heading = "%nControl API and faults:%n")
    ControlOptions control = new ControlOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@code main} runs it: usage errors in one line, exit status 2. */
    static CommandLine commandLine() {
        return Usage.install(new CommandLine(new Main()));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (verbose) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.vmodem")).setLevel(Level.DEBUG);
        }
        Dialect d = Dialects.find(dialect);
        if (d == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--dialect': unknown dialect '" + dialect + "'; choose from "
                            + String.join(", ", Dialects.names()));
        }
        link.validate(spec.commandLine());
        ModemSettings settings = modemSettings();
        PrintWriter say = link.stdoutIsTheLink()
                ? spec.commandLine().getErr()
                : spec.commandLine().getOut();
        try {
            Fleet fleet = new Fleet(control.faults(), control.traceKeep());
            return serve(d, settings, say, fleet, control.options());
        } catch (ControlOptions.Refused e) {
            spec.commandLine().getErr().println("vmodem: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    /** The modems' settings from the options; a value out of range is a usage error naming its option. */
    ModemSettings modemSettings() {
        NetSettings net = NetSettings.defaults();
        net = option(net, "--rx-buffer", rxBuffer, n -> n.withRxBuffer(rxBuffer));
        net = option(net, "--activation-delay", activationDelayMs, n -> n.withActivationDelay(ms(activationDelayMs)));
        net = option(
                net,
                "--deactivation-delay",
                deactivationDelayMs,
                n -> n.withDeactivationDelay(ms(deactivationDelayMs)));
        net = option(net, "--open-delay", openDelayMs, n -> n.withOpenDelay(ms(openDelayMs)));
        net = option(net, "--close-delay", closeDelayMs, n -> n.withCloseDelay(ms(closeDelayMs)));
        net = option(net, "--dns-delay", dnsDelayMs, n -> n.withDnsDelay(ms(dnsDelayMs)));
        net = option(net, "--ntp-delay", ntpDelayMs, n -> n.withNtpDelay(ms(ntpDelayMs)));
        net = option(net, "--dns-port", dnsPort, n -> n.withDnsPort(dnsPort));
        ModemSettings settings = ModemSettings.defaults().withNet(net).withStateDir(stateDir);
        settings = option(settings, "--boot-time", bootTimeMs, m -> m.withBootDelay(ms(bootTimeMs)));
        settings = option(settings, "--response-delay", responseDelayMs, m -> m.withResponseDelay(ms(responseDelayMs)));
        return commandDeadlineMs == null
                ? settings
                : option(
                        settings,
                        "--command-deadline",
                        commandDeadlineMs,
                        m -> m.withCommandDeadline(ms(commandDeadlineMs)));
    }

    private static Duration ms(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("a delay cannot be negative");
        }
        return Duration.ofMillis(millis);
    }

    /** {@code apply} with the option's value; what it refuses is a usage error naming the option. */
    private <T> T option(T settings, String name, Object value, UnaryOperator<T> apply) {
        try {
            return apply.apply(settings);
        } catch (IllegalArgumentException e) {
            throw Usage.invalid(spec.commandLine(), name, value, e.getMessage());
        }
    }

    /** Runs the link until it ends by itself or the program is stopped; the exit status. */
    private int serve(Dialect d, ModemSettings settings, PrintWriter say, Fleet fleet, ControlServer.Options api)
            throws InterruptedException {
        TraceLog trace = link.openTrace(spec.commandLine());
        HostNetwork host = HostNetwork.start(threads, ipPool, policy.policy());
        ModemFactory factory =
                new ModemFactory(host, d, settings, firstSerial, link.layers(trace), EventLoopScheduler::new, fleet);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger();
        AutoCloseable linkRunning;
        try {
            linkRunning = link.start(spec.commandLine(), factory, d, System.in, System.out, say, code -> {
                status.set(code);
                stop.countDown();
            });
        } catch (IOException e) {
            spec.commandLine().getErr().println("vmodem: " + e.getMessage());
            host.close();
            if (trace != null) {
                trace.close();
            }
            return 1;
        } catch (RuntimeException e) { // a usage error found while starting: reported by the caller
            host.close();
            if (trace != null) {
                trace.close();
            }
            throw e;
        }
        ControlServer controlServer;
        try {
            controlServer = ControlOptions.start(fleet, api, say);
        } catch (IOException e) {
            spec.commandLine()
                    .getErr()
                    .println("vmodem: control API: " + e.getMessage() + " (--control off runs without it)");
            closeQuietly(linkRunning);
            host.close();
            if (trace != null) {
                trace.close();
            }
            return 1;
        }
        AutoCloseable running = () -> {
            closeQuietly(linkRunning);
            if (controlServer != null) {
                controlServer.close();
            }
        };
        Runnable shutdown = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    running.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(Main.class).debug("closing the link: {}", e.toString());
                }
                host.close();
                if (!NvStore.awaitWritten(Duration.ofSeconds(5))) {
                    LoggerFactory.getLogger(Main.class).warn("non-volatile settings not all written in time");
                }
                if (trace != null) {
                    trace.close();
                }
            }
        };
        Thread hook = new Thread(() -> {
            shutdown.run();
            stop.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        shutdown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return status.get();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(Main.class).debug("closing the link: {}", e.toString());
        }
    }

    /** The dialect names, for help and completion. */
    static final class DialectNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Dialects.names().iterator();
        }
    }

    /** The version Maven stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        static String text() {
            try (InputStream in = Main.class.getResourceAsStream("/io/vmodem/version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        @Override
        public String[] getVersion() {
            return new String[] {"vmodem " + text()};
        }
    }
}
