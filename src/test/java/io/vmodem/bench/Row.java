package io.vmodem.bench;

import java.util.List;
import java.util.Locale;

/**
 * One line of the benchmark's table: what vmodem did, what the baseline did in the same run, the
 * ratio, the target and whether it is met.
 */
record Row(String row, String vmodem, String baseline, String ratio, String target, String met) {

    /** What a row is held to. */
    sealed interface Target {
        String text();

        /** Null when the row has no target. */
        Boolean met(double vmodem, double baseline);
    }

    /** vmodem / baseline at most {@code max} (times: smaller is better). */
    record RatioAtMost(double max) implements Target {
        public String text() {
            return "≤ " + fmt(max) + "×";
        }

        public Boolean met(double vmodem, double baseline) {
            return vmodem / baseline <= max;
        }
    }

    /** vmodem / baseline at least {@code min} (rates: larger is better). */
    record RatioAtLeast(double min) implements Target {
        public String text() {
            return "≥ " + fmt(min) + "×";
        }

        public Boolean met(double vmodem, double baseline) {
            return vmodem / baseline >= min;
        }
    }

    /** vmodem's own figure at most {@code max}, in the row's unit. */
    record AtMost(double max, String unit) implements Target {
        public String text() {
            return "≤ " + fmt(max) + " " + unit;
        }

        public Boolean met(double vmodem, double baseline) {
            return vmodem <= max;
        }
    }

    /** No more than the baseline (a count that must not grow). */
    record NotAbove() implements Target {
        public String text() {
            return "≤ baseline";
        }

        public Boolean met(double vmodem, double baseline) {
            return vmodem <= baseline;
        }
    }

    /** Reported only. */
    record None() implements Target {
        public String text() {
            return "—";
        }

        public Boolean met(double vmodem, double baseline) {
            return null;
        }
    }

    static Row of(String row, double vmodem, double baseline, String unit, Target target) {
        Boolean met = target.met(vmodem, baseline);
        String u = unit.isEmpty() ? "" : " " + unit;
        return new Row(
                row,
                fmt(vmodem) + u,
                fmt(baseline) + u,
                baseline > 0 ? fmt(vmodem / baseline) + "×" : "—",
                target.text(),
                met == null ? "—" : met ? "yes" : "**no**");
    }

    static Row unavailable(String row, String why) {
        return new Row(row, "not available", "—", "—", "—", why);
    }

    /** Three significant digits or so: 1234, 123, 12.3, 1.23, 0.123; whole numbers as they are. */
    static String fmt(double v) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return Long.toString((long) v);
        }
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** The rows as a Markdown table. */
    static String table(List<Row> rows) {
        String[] head = {"row", "vmodem", "baseline (same run)", "ratio", "target", "met"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (Row r : rows) {
            String[] c = r.cells();
            for (int i = 0; i < c.length; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, head, w);
        String[] rule = new String[head.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(w[i]);
        }
        line(sb, rule, w);
        for (Row r : rows) {
            line(sb, r.cells(), w);
        }
        return sb.toString();
    }

    private String[] cells() {
        return new String[] {row, vmodem, baseline, ratio, target, met};
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ')
                    .append(cells[i])
                    .append(" ".repeat(w[i] - cells[i].length()))
                    .append(" |");
        }
        sb.append('\n');
    }
}
