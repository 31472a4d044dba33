package io.vmodem.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one modem's trace into a transcript (the format of the test suite's transcript runner), so
 * that a session recorded against vmodem, or a driver's real session, becomes a test:
 *
 * <ul>
 *   <li>a line the DTE sent with CR LF becomes {@code > line}; other input becomes {@code >>} raw
 *       bytes;
 *   <li>the modem's output becomes {@code < line} for each CR LF terminated line, and {@code <<}
 *       raw bytes for what has no line end (a prompt, data);
 *   <li>a pause of {@link #WAIT_THRESHOLD_MILLIS} or more before the DTE speaks becomes
 *       {@code wait}, so that guard times ({@code +++}) hold in the replay;
 *   <li>what the modem said before the DTE first spoke (its boot URCs), link and network events
 *       become comments;
 *   <li>literal values (a peer's address and port) become variables, given as name to value.
 * </ul>
 *
 * The runner turns echo off before a transcript starts; when the recorded modem echoed, the
 * transcript begins by turning it back on, and the echoes are expected as lines.
 */
public final class TraceTranscript {
    /** Pauses shorter than this are not kept. */
    public static final long WAIT_THRESHOLD_MILLIS = 200;

    private static final Pattern LINE =
            Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{1,9}) (\\S+) (\\S+) ?(.*)$");
    private static final Pattern HOLE = Pattern.compile("\\{(\\*|[A-Za-z_][A-Za-z0-9_.]*)}");
    private static final long DAY_NANOS = 86_400_000_000_000L;

    private TraceTranscript() {}

    /** One event of the trace. */
    public record Event(long nanoOfDay, String modem, String kind, String text) {
        boolean input() {
            return kind.startsWith(">");
        }

        boolean output() {
            return kind.startsWith("<");
        }

        byte[] bytes() {
            return TraceText.unescape(text);
        }
    }

    /** The events of a trace, in order; lines that are not events (comments) are skipped. */
    public static List<Event> parse(String trace) {
        List<Event> events = new ArrayList<>();
        for (String raw : trace.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String frac = (m.group(4) + "000000000").substring(0, 9);
            long nanos =
                    ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3)))
                                    * 1_000_000_000L
                            + Long.parseLong(frac);
            events.add(new Event(nanos, m.group(5), m.group(6), m.group(7)));
        }
        return events;
    }

    /** The modems a trace names, in order of appearance. */
    public static List<String> modems(String trace) {
        return parse(trace).stream().map(Event::modem).distinct().toList();
    }

    /**
     * The transcript of {@code modem} (null: the first one in the trace).
     *
     * @param variables name to literal value: each occurrence of the value becomes {@code ${name}}
     */
    public static String convert(String trace, String modem, Map<String, String> variables) {
        List<Event> all = parse(trace);
        String id = modem != null
                ? modem
                : all.stream().map(Event::modem).findFirst().orElse(null);
        return ofEvents(id, all.stream().filter(e -> e.modem().equals(id)).toList(), variables);
    }

    /**
     * The transcript of {@code events}, all of one modem: a trace already picked apart, such as the
     * lines a modem keeps in memory for the control API.
     *
     * @param modem the modem's name in the trace ({@code m7}), for the heading
     */
    public static String ofEvents(String modem, List<Event> events, Map<String, String> variables) {
        return new Writer(modem, variables).write(events);
    }

    private static final class Writer {
        private final StringBuilder out = new StringBuilder();
        private final Map<String, String> literals = new LinkedHashMap<>();
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final List<String> deferred = new ArrayList<>();
        private boolean started;
        /** Bytes of output still to come that belong to the boot URCs. */
        private int preamble;

        private long lastAt = -1;

        Writer(String modem, Map<String, String> variables) {
            variables.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty())
                    .sorted(Comparator.comparingInt((Map.Entry<String, String> e) ->
                                    e.getValue().length())
                            .reversed())
                    .forEach(e -> literals.put(e.getValue(), "${" + e.getKey() + "}"));
            out.append("# Transcript of ").append(modem).append(", made from its trace by vmodem.\n");
        }

        String write(List<Event> events) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                if (e.output()) {
                    byte[] b = e.bytes();
                    int n = Math.min(preamble, b.length);
                    if (n > 0) {
                        preamble -= n;
                        boolean was = started;
                        started = false; // the end of the boot URCs: comments, as the rest of them
                        output.write(b, 0, n);
                        flushOutput();
                        output.reset();
                        started = was;
                    }
                    output.write(b, n, b.length - n);
                } else if (e.input()) {
                    flushOutput();
                    if (!started) {
                        started = true;
                        int echo = echoAt(events, i);
                        if (echo >= 0) {
                            preamble = echo;
                            out.append("# the recorded modem echoed its input\n> ATE1\n< OK\n");
                        }
                    } else if (lastAt >= 0) {
                        long gapMillis = Math.floorMod(e.nanoOfDay() - lastAt, DAY_NANOS) / 1_000_000;
                        if (gapMillis >= WAIT_THRESHOLD_MILLIS) {
                            out.append("wait ").append(gapMillis).append("ms\n");
                        }
                    }
                    input(e.bytes());
                } else {
                    comment(e.kind() + " " + e.text());
                }
                lastAt = e.nanoOfDay();
            }
            flushOutput();
            deferred.forEach(this::commentNow);
            return out.toString();
        }

        /**
         * Where, in what the modem said after the first input, the echo of that input starts; -1
         * when it did not echo. The echo starts a line: what comes before it is the tail of the
         * boot URCs, still crossing a paced link while the DTE typed.
         */
        private static int echoAt(List<Event> events, int first) {
            byte[] typed = events.get(first).bytes();
            int cr = indexOf(typed, (byte) '\r');
            if (cr < 0) {
                return -1;
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int i = first + 1; i < events.size() && answer.size() < 65536; i++) {
                if (events.get(i).output()) {
                    answer.writeBytes(events.get(i).bytes());
                }
            }
            byte[] a = answer.toByteArray();
            for (int at = 0; at + cr < a.length; at++) {
                if (at > 0 && a[at - 1] != '\n') {
                    continue;
                }
                boolean same = true;
                for (int k = 0; k <= cr && same; k++) {
                    same = a[at + k] == typed[k];
                }
                if (same) {
                    return at;
                }
            }
            return -1;
        }

        private void input(byte[] bytes) {
            int n = bytes.length;
            if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                String body = new String(bytes, 0, n - 2, StandardCharsets.ISO_8859_1);
                if (plain(body)) {
                    step(">", literal(body));
                    return;
                }
            }
            step(">>", raw(bytes));
        }

        /**
         * The modem's output since the last input, cut the way the runner reads it: each run up to
         * CR LF is a line (leading line breaks and an echo's trailing CR aside); what is left
         * without a line end is raw. Line breaks alone wait for the next output.
         */
        private void flushOutput() {
            byte[] b = output.toByteArray();
            output.reset();
            int i = 0;
            while (i < b.length) {
                int start = i;
                while (start < b.length && (b[start] == '\r' || b[start] == '\n')) {
                    start++;
                }
                if (start == b.length) {
                    output.write(b, i, b.length - i); // framing only: it belongs to what comes next
                    break;
                }
                int crlf = -1;
                for (int k = start; k + 1 < b.length; k++) {
                    if (b[k] == '\r' && b[k + 1] == '\n') {
                        crlf = k;
                        break;
                    }
                }
                if (crlf < 0) {
                    byte[] rest = java.util.Arrays.copyOfRange(b, i, b.length);
                    step("<<", raw(rest));
                    break;
                }
                int end = crlf;
                while (end > start && b[end - 1] == '\r') {
                    end--;
                }
                String text = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
                if (plain(text) && !HOLE.matcher(text).find()) {
                    step("<", literal(text));
                } else {
                    step("<<", raw(java.util.Arrays.copyOfRange(b, start, crlf + 2)));
                }
                i = crlf + 2;
            }
            deferred.forEach(this::commentNow);
            deferred.clear();
        }

        private void step(String kind, String text) {
            if (!started) {
                commentNow("before the first command: " + kind + " " + text);
                return;
            }
            out.append(kind).append(' ').append(text).append('\n');
        }

        private void comment(String text) {
            if (output.size() == 0) {
                commentNow(text);
            } else {
                deferred.add(text); // after the output it came with, which is still being gathered
            }
        }

        private void commentNow(String text) {
            out.append("# ").append(text).append('\n');
        }

        /** Printable ASCII with no escapes, no trailing space, no variable syntax. */
        private static boolean plain(String s) {
            if (s.isEmpty() || s.endsWith(" ") || s.contains("$") || s.contains("\\")) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7f) {
                    return false;
                }
            }
            return true;
        }

        private String literal(String s) {
            for (Map.Entry<String, String> e : literals.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            return s;
        }

        private String raw(byte[] bytes) {
            String escaped = TraceText.escape(bytes).replace("$", "\\x24");
            return literal(escaped);
        }

        private static int indexOf(byte[] a, byte b) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
