package io.vmodem.cli;

import io.vmodem.trace.TraceTranscript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmodem transcript}: a recorded trace as a transcript, ready to become a test. */
@Command(
        name = "transcript",
        mixinStandardHelpOptions = true,
        description = "Turn a --trace file into a transcript for the test suite's transcript runner.")
final class TranscriptCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TRACE", description = "A file written by --trace.")
    Path trace;

    @Option(names = "--modem", paramLabel = "ID", description = "Which modem (m1, m2, ...; default: the first).")
    String modem;

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description = "Write each VALUE as $${NAME}, e.g. --var ECHO_PORT=40123 (repeatable).")
    Map<String, String> variables = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(trace, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw Usage.invalidParameter(spec.commandLine(), "TRACE", trace, "not a trace: not UTF-8 text");
        } catch (IOException e) {
            throw Usage.invalidParameter(spec.commandLine(), "TRACE", trace, "cannot read it: " + Usage.reason(e));
        }
        List<String> modems = TraceTranscript.modems(text);
        if (modems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), trace + " holds no trace events");
        }
        if (modem != null && !modems.contains(modem)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "no modem " + modem + " in " + trace + "; it has " + modems);
        }
        spec.commandLine().getOut().print(TraceTranscript.convert(text, modem, variables));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
