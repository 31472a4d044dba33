package io.vmodem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A session written down the way the manuals write their examples, run against a real modem:
 *
 * <pre>
 * # 3.2.1 Set up a TCP client connection
 * &gt; AT+QIOPEN=1,0,"TCP","${ECHO_HOST}",${ECHO_PORT},0,0     the host types a line (CR LF added)
 * &lt; OK                                                      the modem answers a line
 * &lt; +QIOPEN: 0,0
 * &gt;&gt; test1\x1a                                            raw bytes, escapes \r \n \xHH \\
 * &lt;&lt; \r\n&gt; \                                                 raw bytes expected exactly
 * wait 2s                                                   what is under way ends, then 2 s of virtual time pass
 * do peer.send hello                                        the test's peers act
 * silence                                                   nothing more is said
 * </pre>
 *
 * In expected lines {@code ${NAME}} is a variable, {@code {*}} matches anything and
 * {@code {name}} captures a value into the variable {@code name} for later lines. Echo is off:
 * the runner sends {@code ATE0} before the first step. The same format is what {@code --trace}
 * files turn into.
 */
public final class Transcript {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
    private static final Pattern HOLE = Pattern.compile("\\{(\\*|[A-Za-z_][A-Za-z0-9_.]*)}");

    private static final Pattern REQUIRES = Pattern.compile("(?m)^#\\s*requires:\\s*(.+)$");

    private final String name;
    private final List<Step> steps;
    private final List<String> requires;

    private record Step(int line, String kind, String text) {}

    private Transcript(String name, List<Step> steps, List<String> requires) {
        this.name = name;
        this.steps = steps;
        this.requires = requires;
    }

    /**
     * Whether a {@code # requires: <what>} line names {@code what}: something of the host a
     * transcript needs (such as {@code icmp}), so the runner can skip it where the host lacks it.
     */
    public boolean requires(String what) {
        return requires.contains(what);
    }

    public String name() {
        return name;
    }

    public static Transcript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String kind;
            String rest;
            if (line.startsWith(">>") || line.startsWith("<<")) {
                kind = line.substring(0, 2);
                rest = raw.substring(raw.indexOf(kind) + 2);
                rest = rest.startsWith(" ") ? rest.substring(1) : rest;
            } else if (line.startsWith(">") || line.startsWith("<")) {
                kind = line.substring(0, 1);
                rest = raw.substring(raw.indexOf(kind) + 1).stripTrailing();
                rest = rest.startsWith(" ") ? rest.substring(1) : rest;
            } else {
                int sp = line.indexOf(' ');
                kind = sp < 0 ? line : line.substring(0, sp);
                rest = sp < 0 ? "" : line.substring(sp + 1).strip();
                if (!List.of("wait", "do", "silence").contains(kind)) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": cannot read '" + line + "'");
                }
            }
            steps.add(new Step(i + 1, kind, rest));
        }
        List<String> requires = new ArrayList<>();
        Matcher r = REQUIRES.matcher(text);
        while (r.find()) {
            for (String w : r.group(1).split("[ ,]+")) {
                requires.add(w.strip());
            }
        }
        return new Transcript(name, steps, requires);
    }

    /** Loads {@code /transcripts/...} from the test resources. */
    public static Transcript resource(String path) {
        try (InputStream in = Transcript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + path);
            }
            return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the transcript on a booted modem.
     *
     * @param variables values for {@code ${NAME}}; captures are added to it
     * @param actions what {@code do NAME arg} does
     */
    public void run(ModemHarness modem, Map<String, String> variables, Map<String, Consumer<String>> actions) {
        Map<String, String> vars = new HashMap<>(variables);
        modem.send("ATE0");
        while (!modem.nextLine().equals("OK")) {
            // the echo of ATE0 itself
        }
        for (Step step : steps) {
            try {
                runStep(modem, step, vars, actions);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        name + ":" + step.line + ": " + step.kind + " " + step.text + "\n" + e.getMessage()
                                + "\nsession so far:\n" + modem.transcript(),
                        e);
            }
        }
    }

    private static void runStep(
            ModemHarness modem, Step step, Map<String, String> vars, Map<String, Consumer<String>> actions) {
        switch (step.kind) {
            case ">" -> modem.send(substitute(step.text, vars));
            case ">>" -> modem.sendRaw(unescape(substitute(step.text, vars)));
            case "<" -> expectLine(modem, step.text, vars);
            case "<<" -> {
                String want = unescape(substitute(step.text, vars));
                if (!want.startsWith("\r") && !want.startsWith("\n")) {
                    modem.skipLineBreaks();
                }
                modem.expectRaw(want);
            }
            case "wait" -> modem.settle().advance(duration(step.text));
            case "silence" -> modem.expectSilence();
            case "do" -> {
                int sp = step.text.indexOf(' ');
                String action = sp < 0 ? step.text : step.text.substring(0, sp);
                String arg = sp < 0 ? "" : unescape(substitute(step.text.substring(sp + 1), vars));
                Consumer<String> a = actions.get(action);
                if (a == null) {
                    throw new IllegalArgumentException("no action '" + action + "'; have " + actions.keySet());
                }
                a.accept(arg);
            }
            default -> throw new IllegalStateException(step.kind);
        }
    }

    private static void expectLine(ModemHarness modem, String pattern, Map<String, String> vars) {
        String expected = substitute(pattern, vars);
        String actual = modem.nextLine();
        StringBuilder regex = new StringBuilder();
        List<String> captures = new ArrayList<>();
        Matcher m = HOLE.matcher(expected);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start())));
            if (m.group(1).equals("*")) {
                regex.append(".*");
            } else {
                regex.append("([^,\"\\r\\n]*)");
                captures.add(m.group(1));
            }
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher match = Pattern.compile(regex.toString()).matcher(actual);
        if (!match.matches()) {
            throw new AssertionError("expected line: " + expected + "\n     got line: " + actual);
        }
        for (int i = 0; i < captures.size(); i++) {
            vars.put(captures.get(i), match.group(i + 1));
        }
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no variable ${" + m.group(1) + "}; have " + vars.keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** {@code \r \n \t \\ \xHH}, and a trailing {@code \} that keeps a final space visible. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                if (!(c == '\\' && i + 1 >= s.length())) {
                    sb.append(c);
                }
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '\\' -> sb.append('\\');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    static Duration duration(String text) {
        String t = text.strip();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(
                    Long.parseLong(t.substring(0, t.length() - 2).strip()));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(
                    Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
        }
        throw new IllegalArgumentException("a duration is like 150ms or 2s: " + text);
    }
}
