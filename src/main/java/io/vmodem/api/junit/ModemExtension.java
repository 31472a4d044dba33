package io.vmodem.api.junit;

import io.vmodem.api.ModemHandle;
import io.vmodem.api.ModemServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Virtual modems for JUnit 5 tests: starts a {@link ModemServer}, hands it (and on a pty, its modem)
 * to test methods as parameters, gives each test fresh modems, and when a test fails writes its
 * modems' trace to {@code target/vmodem-traces/<class>/<test>.trace} and names that file in the
 * failure.
 *
 * <p>In a {@code static} field the server runs for the whole class; in an instance field, for each
 * test. Either way, after each test every modem is hung up ({@link ModemServer#reset()}): the next
 * test's modems are new ones, with no conditions, sockets or commands left over.
 *
 * <pre>{@code
 * class DriverTest {
 *     @RegisterExtension
 *     static final ModemExtension vmodem = ModemExtension.of(ModemServer.builder().dialect("bg96"));
 *
 *     @Test
 *     void aRefusedConnectIsReported(ModemServer server) throws Exception {
 *         try (Bg96Driver driver = Bg96Driver.connect(server.address())) {
 *             server.awaitModem(Duration.ofSeconds(5)).inject(Injection.of(Fault.PDP_DROP).with("context", 1));
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@code @ExtendWith(ModemExtension.class)} does the same with the default server: a BG96 on a
 * free loopback port. Tests of one class run one at a time against its server (modems are handed out
 * in the order they connect); a class whose tests run concurrently uses an instance field.
 */
public final class ModemExtension
        implements BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                ParameterResolver,
                TestExecutionExceptionHandler,
                LifecycleMethodExecutionExceptionHandler {

    /** Where failed tests' traces go, under the working directory (Maven's is the project's). */
    public static final Path DEFAULT_TRACES = Path.of("target", "vmodem-traces");

    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]");

    private final ModemServer.Builder builder;
    private Path traces = DEFAULT_TRACES;
    private ModemServer server;
    /** The unique ID of the context whose start started the server: its end stops it. */
    private String startedBy;

    /** The default server: a BG96 on a free loopback port, for {@code @ExtendWith}. */
    public ModemExtension() {
        this(ModemServer.builder());
    }

    private ModemExtension(ModemServer.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** A server as {@code builder} makes it, started before the class's (or each) test. */
    public static ModemExtension of(ModemServer.Builder builder) {
        return new ModemExtension(builder);
    }

    /** Where the traces of failed tests go (default {@link #DEFAULT_TRACES}). */
    public ModemExtension traces(Path dir) {
        this.traces = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /**
     * The running server.
     *
     * @throws IllegalStateException outside the tests it runs for
     */
    public ModemServer server() {
        if (server == null) {
            throw new IllegalStateException("the modem server runs only while its tests do");
        }
        return server;
    }

    /** {@link ModemServer#awaitModem(Duration)} on the running server: the next modem, once it is on. */
    public ModemHandle awaitModem(Duration timeout) {
        return server().awaitModem(timeout);
    }

    // ---- lifecycle ----

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        startIfNone(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        startIfNone(context);
    }

    private void startIfNone(ExtensionContext context) throws IOException {
        if (server == null) {
            server = builder.start();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (server == null) {
            return;
        }
        if (context.getUniqueId().equals(startedBy)) {
            stop();
        } else {
            server.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(startedBy)) {
            stop();
        }
    }

    private void stop() {
        try {
            server.close();
        } finally {
            server = null;
            startedBy = null;
        }
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ModemServer.class || type == ModemHandle.class;
    }

    /**
     * A {@link ModemServer} parameter is the running server; a {@link ModemHandle} parameter, on a
     * pty server, is its one modem (it powers on when the firmware opens the tty). On the TCP link a
     * modem comes with each connection: connect, then {@link ModemServer#awaitModem(Duration)}.
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ModemServer s = server();
        if (parameter.getParameter().getType() == ModemServer.class) {
            return s;
        }
        if (s.link() != ModemServer.Link.PTY) {
            throw new ParameterResolutionException("a ModemHandle parameter needs a pty server: on the TCP link a"
                    + " modem comes with each connection (connect, then server.awaitModem(timeout))");
        }
        List<ModemHandle> modems = s.modems();
        if (modems.isEmpty()) {
            throw new ParameterResolutionException("the pty server has no modem");
        }
        return modems.get(modems.size() - 1);
    }

    // ---- failures ----

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withTrace(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withTrace(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withTrace(context, failure);
    }

    /** Writes the test's trace and names it in {@code failure}, as a suppressed exception. */
    private Throwable withTrace(ExtensionContext context, Throwable failure) {
        if (server == null || server.modems().isEmpty()) {
            return failure;
        }
        Path file = traceFile(context);
        try {
            server.writeTrace(
                    file,
                    context.getDisplayName() + " in "
                            + context.getRequiredTestClass().getName());
            failure.addSuppressed(new TraceWritten("vmodem trace of " + names() + ": " + file.toAbsolutePath()));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(
                    new TraceWritten("vmodem trace of " + names() + " not written to " + file + ": " + e, e));
        }
        return failure;
    }

    private String names() {
        return String.join(", ", server.modems().stream().map(ModemHandle::name).toList());
    }

    /** {@code <traces>/<class>/<method>.trace}; a repeated or parameterized test's run adds {@code -<n>}. */
    Path traceFile(ExtensionContext context) {
        String test = context.getTestMethod().map(m -> m.getName()).orElse("class");
        Matcher m = INVOCATION.matcher(context.getUniqueId());
        String run = "";
        while (m.find()) {
            run = "-" + m.group(1);
        }
        String name = (test + run).replaceAll("[^A-Za-z0-9_.$-]", "_");
        return traces.resolve(context.getRequiredTestClass().getName()).resolve(name + ".trace");
    }

    /** Names the trace file in a failure; its stack would say nothing. */
    static final class TraceWritten extends Exception {
        private static final long serialVersionUID = 1L;

        TraceWritten(String message) {
            this(message, null);
        }

        TraceWritten(String message, Throwable cause) {
            super(message, cause, true, false);
        }
    }
}
