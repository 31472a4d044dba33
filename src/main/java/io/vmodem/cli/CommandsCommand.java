package io.vmodem.cli;

import io.vmodem.at.AtCommand;
import io.vmodem.at.AtRequest;
import io.vmodem.dialect.Dialect;
import io.vmodem.runtime.Dialects;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmodem commands}: the command table of a dialect, the one source of the docs. */
@Command(name = "commands", mixinStandardHelpOptions = true, description = "List the AT commands a dialect supports.")
final class CommandsCommand implements Callable<Integer> {

    @Option(names = "--dialect", description = "Dialect to list (default: all).")
    String dialect;

    @Option(names = "--markdown", description = "Print Markdown tables, as in the README.")
    boolean markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Dialect> dialects = new ArrayList<>();
        if (dialect == null) {
            dialects.addAll(Dialects.all());
        } else {
            Dialect d = Dialects.find(dialect);
            if (d == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "unknown dialect '" + dialect + "'; choose from " + Dialects.names());
            }
            dialects.add(d);
        }
        for (Dialect d : dialects) {
            out.print(markdown ? markdown(d) : plain(d));
        }
        out.flush();
        return 0;
    }

    static String plain(Dialect d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.name()).append(": ").append(d.description()).append('\n');
        for (AtCommand<?> c : d.commands().commands()) {
            sb.append(String.format("  %-14s %-16s %s%n", display(c), forms(c), describe(c)));
        }
        return sb.toString();
    }

    /** One Markdown table per dialect, generated for the README. */
    static String markdown(Dialect d) {
        StringBuilder sb = new StringBuilder();
        sb.append("#### ")
                .append(d.name())
                .append(" — ")
                .append(d.description())
                .append("\n\n");
        sb.append("| Command | Forms | What it does |\n|---|---|---|\n");
        for (AtCommand<?> c : d.commands().commands()) {
            sb.append("| `")
                    .append(display(c))
                    .append("` | ")
                    .append(("`" + forms(c) + "`").replace(" ", "` `"))
                    .append(" | ")
                    .append(describe(c).replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.append('\n').toString();
    }

    private static String display(AtCommand<?> c) {
        return c.name().equals("S") ? "ATS<n>" : "AT" + c.name();
    }

    private static String describe(AtCommand<?> c) {
        return c.section().isEmpty() ? c.summary() : c.summary() + " (§" + c.section() + ")";
    }

    private static String forms(AtCommand<?> c) {
        boolean basic = !c.name().startsWith("+");
        List<String> forms = new ArrayList<>();
        for (AtRequest.Kind k : c.forms()) {
            forms.add(
                    switch (k) {
                        case TEST -> "=?";
                        case READ -> "?";
                        case SET -> basic ? "<n>" : "=";
                        case EXEC -> "exec";
                    });
        }
        return String.join(" ", forms);
    }
}
