package io.vmodem.at;

/**
 * One comma-separated parameter as the DTE typed it: {@code text} is the trimmed raw form,
 * {@code value} the content without quotes. An omitted parameter ({@code ,,}) is empty.
 */
public record Arg(String text, String value, boolean quoted) {
    public static final Arg OMITTED = new Arg("", "", false);

    public boolean omitted() {
        return !quoted && text.isEmpty();
    }
}
