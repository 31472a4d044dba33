package io.vmodem.cli;

import io.vmodem.dialect.Dialect;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.UartPacing;
import io.vmodem.trace.TraceLog;
import io.vmodem.transport.pty.PtyLink;
import io.vmodem.transport.serial.SerialLink;
import io.vmodem.transport.stdio.StdioLink;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the firmware reaches its modem: the link (TCP by default, or a pty, a serial port, the
 * terminal), UART pacing and the trace. Kept apart from the modem's own settings so that help
 * shows them together.
 */
final class LinkOptions {
    static final String DEFAULT_LISTEN = "127.0.0.1:5555";
    static final int DEFAULT_SERIAL_BAUD = 115_200;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            converter = HostPort.class,
            description =
                    "TCP link, the default: each connection is one fresh modem (default: " + DEFAULT_LISTEN + ").")
    InetSocketAddress listen;

    @Option(
            names = "--pty",
            description = "Pseudo-terminal link: one modem on a new pty, whose path is printed. It powers on when"
                    + " the tty is first opened and outlives the firmware closing and reopening it.")
    boolean pty;

    @Option(
            names = "--pty-link",
            paramLabel = "PATH",
            description = "With --pty: keep a symbolic link PATH to the pty, for configs that name a fixed device.")
    Path ptyLink;

    @Option(
            names = "--serial",
            paramLabel = "DEVICE",
            description = "Serial port link: one modem on DEVICE (a USB-serial adapter), 8N1.")
    String serial;

    @Option(
            names = "--baud",
            paramLabel = "N",
            description = "With --serial: the port's speed (default: " + DEFAULT_SERIAL_BAUD + "). On other links:"
                    + " bytes cross both ways no faster than a UART at N baud, 10 bits a byte (default: no pacing).")
    Integer baud;

    @Option(names = "--flow", paramLabel = "rtscts|none", description = "With --serial: flow control (default: none).")
    String flow;

    @Option(
            names = "--stdio",
            description = "Terminal link: one modem on stdin and stdout, for trying commands by hand or piping a"
                    + " script; CR or LF ends a line; logs go to stderr. Ends with the input.")
    boolean stdio;

    @Option(
            names = "--trace",
            paramLabel = "FILE|-",
            description = "Write every byte each modem sends and receives, with a timestamp, and its socket events,"
                    + " to FILE (- for stderr). 'vmodem transcript FILE' makes a test of it.")
    String trace;

    /** Refuses combinations that make no sense, before anything starts. */
    void validate(CommandLine cl) {
        int links = (listen != null ? 1 : 0) + (pty ? 1 : 0) + (serial != null ? 1 : 0) + (stdio ? 1 : 0);
        if (links > 1) {
            throw new CommandLine.ParameterException(cl, "choose one link: --listen, --pty, --serial or --stdio");
        }
        if (ptyLink != null && !pty) {
            throw new CommandLine.ParameterException(cl, "--pty-link goes with --pty");
        }
        if (ptyLink != null) {
            checkPtyLink(cl);
        }
        if (flow != null) {
            if (serial == null) {
                throw new CommandLine.ParameterException(cl, "--flow goes with --serial");
            }
            if (!flow.equalsIgnoreCase("rtscts") && !flow.equalsIgnoreCase("none")) {
                throw new CommandLine.ParameterException(cl, "--flow is rtscts or none, not '" + flow + "'");
            }
        }
        if (baud != null && (baud < 1 || baud > UartPacing.MAX_BAUD)) {
            throw new CommandLine.ParameterException(cl, "--baud must be 1.." + UartPacing.MAX_BAUD);
        }
    }

    /** The folder must take the link, and nothing but an old link may be in its place. */
    private void checkPtyLink(CommandLine cl) {
        Path parent = ptyLink.toAbsolutePath().getParent();
        if (parent == null) {
            throw Usage.invalid(cl, "--pty-link", ptyLink, "not a path a link can be made at");
        }
        if (!Files.exists(parent)) {
            throw Usage.invalid(cl, "--pty-link", ptyLink, "no folder " + parent);
        }
        if (!Files.isDirectory(parent)) {
            throw Usage.invalid(cl, "--pty-link", ptyLink, parent + " is not a folder");
        }
        if (!Files.isWritable(parent)) {
            throw Usage.invalid(cl, "--pty-link", ptyLink, "cannot write in " + parent + ": permission denied");
        }
        if (Files.exists(ptyLink, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(ptyLink)) {
            throw Usage.invalid(cl, "--pty-link", ptyLink, "it exists and is not a symbolic link; not replacing it");
        }
    }

    private SerialLink.Flow flow() {
        return flow != null && flow.equalsIgnoreCase("rtscts") ? SerialLink.Flow.RTSCTS : SerialLink.Flow.NONE;
    }

    /** The trace to open, or null; a file that cannot be written is a usage error. */
    TraceLog openTrace(CommandLine cl) {
        if (trace == null) {
            return null;
        }
        try {
            return TraceLog.open(trace);
        } catch (IOException e) {
            throw Usage.invalid(cl, "--trace", trace, "cannot write it: " + Usage.reason(e));
        }
    }

    /** Pacing and trace for every modem; a serial port paces itself. */
    LinkLayers layers(TraceLog log) {
        int pacing = serial == null && baud != null ? baud : 0;
        return new LinkLayers(pacing, log);
    }

    /** Where the program's own announcements go: not stdout when stdout is the link. */
    boolean stdoutIsTheLink() {
        return stdio;
    }

    /**
     * Starts the link and says where it is on {@code say}; {@code ended} runs if the link ends by
     * itself (the end of stdin, a serial adapter unplugged) with the exit status.
     */
    AutoCloseable start(
            CommandLine cl,
            ModemFactory factory,
            Dialect dialect,
            InputStream stdin,
            OutputStream stdout,
            PrintWriter say,
            java.util.function.IntConsumer ended)
            throws IOException {
        String pacing = serial == null && baud != null ? ", paced at " + baud + " baud" : "";
        String what = "vmodem " + Main.Version.text() + ": " + dialect.description();
        if (pty) {
            PtyLink link = new PtyLink(factory, ptyLink);
            String path;
            try {
                path = link.start();
            } catch (PtyLink.SymlinkException e) {
                throw Usage.invalid(cl, "--pty-link", ptyLink, "cannot make the link: " + Usage.reason(e.cause()));
            }
            say.printf(
                    "%s on %s%s%s - open it as the modem's serial device%n",
                    what, path, ptyLink == null ? "" : " (" + ptyLink + ")", pacing);
            say.flush();
            return link;
        }
        if (serial != null) {
            int speed = baud != null ? baud : DEFAULT_SERIAL_BAUD;
            SerialLink link = new SerialLink(factory, serial, speed, flow());
            link.onEnd(() -> ended.accept(1));
            link.start();
            say.printf(
                    "%s on %s at %d baud, 8N1, flow control %s%n",
                    what, serial, speed, flow().name().toLowerCase(Locale.ROOT));
            say.flush();
            return link;
        }
        if (stdio) {
            StdioLink link = new StdioLink(factory, stdin, stdout);
            link.onEnd(() -> ended.accept(0));
            say.printf("%s on this terminal%s - type AT commands; end with Ctrl+D%n", what, pacing);
            say.flush();
            link.start();
            return link;
        }
        TcpLinkServer server = new TcpLinkServer(factory);
        InetSocketAddress address = listen != null ? listen : HostPort.parse(DEFAULT_LISTEN);
        InetSocketAddress bound;
        try {
            bound = server.start(address);
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            String why = "cannot listen there: " + Usage.reason(e.getMessage());
            throw Usage.invalid(
                    cl, "--listen", text(address), listen == null ? why + " (the default; choose another)" : why);
        }
        say.printf(
                "%s on tcp://%s%s (each connection is a fresh modem) - type AT commands with: %s%n",
                what, text(bound), pacing, terminalCommand(bound));
        say.flush();
        return server;
    }

    /**
     * The command that lets a person type at a modem on the TCP link, as the README gives it: the
     * terminal raw, so Enter sends the CR the module ends a line with (and Ctrl+Z reaches a data
     * prompt); the modem echoes what is typed; Ctrl+C leaves.
     */
    static String terminalCommand(InetSocketAddress address) {
        return "socat -,rawer,escape=0x03 TCP:" + text(address);
    }

    private static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
