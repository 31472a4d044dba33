package io.vmodem.at;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Splits the body of a command line (the text after {@code AT}) into requests. Pure: no I/O, no
 * state, so it is property-tested. Grammar, per V.250 5.3: basic commands ({@code E0}, {@code &F},
 * {@code S3=13}, {@code S0?}, {@code I}, {@code D...}) may follow each other directly; extended
 * commands ({@code +NAME}) end at {@code ;} outside quotes. Spaces outside quotes are ignored.
 * Commands named by {@code takesRestOfLine} receive everything after their {@code =} raw, because
 * their data may hold quotes and semicolons.
 */
public final class CommandLineParser {
    private static final String EXTENDED_PREFIXES = "+$%^#*";

    private CommandLineParser() {}

    public static List<AtRequest> parse(String body, Predicate<String> takesRestOfLine) {
        List<AtRequest> out = new ArrayList<>(2);
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c == ' ' || c == ';') {
                i++;
                continue;
            }
            int next;
            if (EXTENDED_PREFIXES.indexOf(c) >= 0) {
                next = parseExtended(body, i, out, takesRestOfLine);
            } else {
                next = parseBasic(body, i, out);
            }
            if (next < 0) {
                out.add(AtRequest.invalid(body.substring(i)));
                return out;
            }
            i = next;
        }
        return out;
    }

    private static int parseExtended(String body, int start, List<AtRequest> out, Predicate<String> rest) {
        int n = body.length();
        int i = start + 1;
        while (i < n && isNameChar(body.charAt(i))) {
            i++;
        }
        if (i == start + 1) {
            return -1;
        }
        String name = body.substring(start, i).toUpperCase(java.util.Locale.ROOT);
        i = skipSpaces(body, i);
        if (i >= n || body.charAt(i) == ';') {
            out.add(new AtRequest(name, AtRequest.Kind.EXEC, List.of(), ""));
            return i;
        }
        char c = body.charAt(i);
        if (c == '?') {
            int end = endOfCommand(body, i + 1);
            if (end >= 0) {
                out.add(new AtRequest(name, AtRequest.Kind.READ, List.of(), ""));
            }
            return end;
        }
        if (c != '=') {
            return -1;
        }
        int afterEq = i + 1;
        int q = skipSpaces(body, afterEq);
        if (q < n && body.charAt(q) == '?' && endOfCommand(body, q + 1) >= 0) {
            out.add(new AtRequest(name, AtRequest.Kind.TEST, List.of(), ""));
            return endOfCommand(body, q + 1);
        }
        if (rest.test(name)) {
            String raw = body.substring(afterEq);
            List<Arg> args = tokenize(raw);
            out.add(new AtRequest(name, AtRequest.Kind.SET, args != null ? args : splitLoosely(raw), raw));
            return n;
        }
        int end = findCommandEnd(body, afterEq);
        if (end < 0) {
            return -1;
        }
        String raw = body.substring(afterEq, end);
        List<Arg> args = tokenize(raw);
        if (args == null) {
            return -1;
        }
        out.add(new AtRequest(name, AtRequest.Kind.SET, args, raw));
        return end;
    }

    private static int parseBasic(String body, int start, List<AtRequest> out) {
        int n = body.length();
        int i = start;
        char c = Character.toUpperCase(body.charAt(i));
        String prefix = "";
        if (c == '&' || c == '\\') {
            prefix = String.valueOf(c);
            i++;
            if (i >= n) {
                return -1;
            }
            c = Character.toUpperCase(body.charAt(i));
        }
        if (c < 'A' || c > 'Z') {
            return -1;
        }
        i++;
        if (prefix.isEmpty() && c == 'D') {
            // Dial takes the rest of the line (V.250 6.3.1).
            String raw = body.substring(i);
            out.add(new AtRequest("D", AtRequest.Kind.SET, List.of(new Arg(raw.trim(), raw.trim(), false)), raw));
            return n;
        }
        if (prefix.isEmpty() && c == 'S') {
            int numStart = i;
            while (i < n && Character.isDigit(body.charAt(i))) {
                i++;
            }
            if (i == numStart) {
                return -1;
            }
            String name = "S" + Integer.parseInt(body.substring(numStart, Math.min(i, numStart + 4)));
            i = skipSpaces(body, i);
            if (i < n && body.charAt(i) == '?') {
                out.add(new AtRequest(name, AtRequest.Kind.READ, List.of(), ""));
                return i + 1;
            }
            if (i < n && body.charAt(i) == '=') {
                int j = skipSpaces(body, i + 1);
                if (j < n && body.charAt(j) == '?') {
                    out.add(new AtRequest(name, AtRequest.Kind.TEST, List.of(), ""));
                    return j + 1;
                }
                int k = j;
                while (k < n && Character.isDigit(body.charAt(k))) {
                    k++;
                }
                String value = body.substring(j, k);
                out.add(new AtRequest(name, AtRequest.Kind.SET, List.of(new Arg(value, value, false)), value));
                return k;
            }
            return -1;
        }
        String name = prefix + c;
        int numStart = i;
        while (i < n && Character.isDigit(body.charAt(i))) {
            i++;
        }
        if (i == numStart) {
            if (i < n && body.charAt(i) == '?') {
                out.add(new AtRequest(name, AtRequest.Kind.READ, List.of(), ""));
                return i + 1;
            }
            out.add(new AtRequest(name, AtRequest.Kind.EXEC, List.of(), ""));
            return i;
        }
        String value = body.substring(numStart, i);
        out.add(new AtRequest(name, AtRequest.Kind.SET, List.of(new Arg(value, value, false)), value));
        return i;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '!'
                || c == '%'
                || c == '-'
                || c == '.'
                || c == '/'
                || c == ':'
                || c == '_'
                || c == '&';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** After {@code ?}: only spaces may come before {@code ;} or the end. */
    private static int endOfCommand(String body, int i) {
        i = skipSpaces(body, i);
        if (i >= body.length() || body.charAt(i) == ';') {
            return i;
        }
        return -1;
    }

    /** Index of the {@code ;} (or end) that ends an extended command's parameters. */
    private static int findCommandEnd(String body, int i) {
        boolean inQuotes = false;
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ';' && !inQuotes) {
                return i;
            }
        }
        return inQuotes ? -1 : body.length();
    }

    /**
     * Splits parameters at commas outside quotes. Returns null for an unterminated string or text
     * after a closing quote, which the DCE rejects. For raw commands the tokens are best effort.
     */
    static List<Arg> tokenize(String raw) {
        List<Arg> args = new ArrayList<>(4);
        int n = raw.length();
        int i = 0;
        while (true) {
            i = skipSpaces(raw, i);
            if (i < n && raw.charAt(i) == '"') {
                int close = raw.indexOf('"', i + 1);
                if (close < 0) {
                    return null;
                }
                String value = raw.substring(i + 1, close);
                int j = skipSpaces(raw, close + 1);
                if (j < n && raw.charAt(j) != ',') {
                    return null;
                }
                args.add(new Arg(raw.substring(i, close + 1), value, true));
                if (j >= n) {
                    return args;
                }
                i = j + 1;
            } else {
                int comma = raw.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String text = raw.substring(i, end).trim();
                if (text.indexOf('"') >= 0) {
                    return null;
                }
                args.add(text.isEmpty() ? Arg.OMITTED : new Arg(text, text, false));
                if (comma < 0) {
                    return args;
                }
                i = comma + 1;
            }
        }
    }

    /** Commas outside (toggling) quotes; surrounding quotes stripped. For raw data commands only. */
    static List<Arg> splitLoosely(String raw) {
        List<Arg> args = new ArrayList<>(4);
        boolean inQuotes = false;
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || (raw.charAt(i) == ',' && !inQuotes)) {
                String text = raw.substring(start, i).trim();
                boolean quoted = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"");
                String value = quoted ? text.substring(1, text.length() - 1) : text;
                args.add(text.isEmpty() ? Arg.OMITTED : new Arg(text, value, quoted));
                start = i + 1;
            } else if (raw.charAt(i) == '"') {
                inQuotes = !inQuotes;
            }
        }
        return args;
    }
}
