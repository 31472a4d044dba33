package io.vmodem.api;

import io.vmodem.trace.TraceRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The modems' in-memory trace written as a {@code --trace} file has it, so {@code vmodem
 * transcript} reads what a test leaves: one format, for the server's file and a handle's text.
 */
final class TraceFile {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private TraceFile() {}

    /** As {@link ModemServer#writeTrace(Path, String)}, for {@code modems} (not empty). */
    static void write(List<ModemHandle> modems, Path file, String title) throws IOException {
        record Named(String name, TraceRing.Line line) {}
        List<Named> all = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (ModemHandle h : modems) {
            for (TraceRing.Line l : h.traceLines()) {
                all.add(new Named(h.name(), l));
            }
            names.append(names.length() == 0 ? "" : ", ").append(h);
        }
        all.sort(Comparator.comparingLong((Named n) -> n.line().epochNanos()));
        StringBuilder out = new StringBuilder();
        out.append("# vmodem trace: ").append(title).append("; modems ").append(names);
        out.append("; times are ").append(ZONE).append('\n');
        for (Named n : all) {
            out.append(line(n.name(), n.line())).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** One line as the trace file has it: {@code 10:15:02.123456 m1 > AT\r}. */
    static String line(String modem, TraceRing.Line l) {
        String time = TIME.format(LocalTime.ofInstant(Instant.ofEpochSecond(0, l.epochNanos()), ZONE));
        return time + " " + modem + " " + l.kind() + " " + l.text();
    }
}
