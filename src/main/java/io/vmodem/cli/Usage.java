package io.vmodem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How the command line reports a mistake: one line naming the option, the value and what is wrong,
 * one line pointing to {@code --help}, exit status 2. No usage dump, never a stack trace.
 */
final class Usage {
    /** The exit status of a usage error, as picocli and most tools use it. */
    static final int USAGE_ERROR = 2;

    private Usage() {}

    /** Installs the handlers on {@code cl} and its subcommands. */
    static CommandLine install(CommandLine cl) {
        cl.setParameterExceptionHandler(Usage::usageError);
        cl.setExecutionExceptionHandler(Usage::failure);
        return cl;
    }

    /** A bad value: {@code Invalid value for option '--listen': '256.1.1.1:5000': <why>}. */
    static CommandLine.ParameterException invalid(CommandLine cl, String option, Object value, String why) {
        return new CommandLine.ParameterException(cl, invalidText("option '" + option + "'", value, why));
    }

    /** As {@link #invalid}, for a positional parameter such as {@code TRACE}. */
    static CommandLine.ParameterException invalidParameter(CommandLine cl, String label, Object value, String why) {
        return new CommandLine.ParameterException(cl, invalidText("parameter '" + label + "'", value, why));
    }

    private static String invalidText(String what, Object value, String why) {
        return "Invalid value for " + what + ": '" + value + "': " + why;
    }

    /** What went wrong with a file, in a few words: "no such file", "permission denied", ... */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it exists already";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lowerFirst(f.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : reason(m);
    }

    /** The last part of a system error's message: "bind(..) failed: Address in use" gives "address in use". */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        int colon = message.lastIndexOf(": ");
        return lowerFirst(colon >= 0 ? message.substring(colon + 2) : message);
    }

    static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = oneLine(ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        String name = cl.getCommandSpec().qualifiedName();
        PrintWriter err = cl.getErr();
        err.println(name + ": " + message);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return USAGE_ERROR;
    }

    /** Anything else that stops the program: its one-line reason; the stack trace only in the log. */
    private static int failure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(Usage.class).debug("failed", ex);
        String why = ex instanceof IOException io ? reason(io) : ex.getMessage();
        if (why == null || why.isBlank()) {
            why = ex.getClass().getSimpleName();
        }
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(why));
        err.flush();
        return 1;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
