package io.vmodem.at;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a command handler answers: information text and a final result, a data prompt, or work that
 * completes later. Handlers never write bytes themselves (oFono's send_info / send_final).
 */
public sealed interface Reply {

    /**
     * Information text, then a final result code; {@code why}, when not null, says why a command was
     * refused or failed (which parameter, what range, what was given) for the trace and the log. It
     * never reaches the host, which gets exactly what the module says.
     */
    record Done(List<Info> info, Final result, String why) implements Reply {
        public Done(List<Info> info, Final result) {
            this(info, result, null);
        }

        /** The same answer, with the reason behind it. */
        public Done because(String reason) {
            return new Done(info, result, reason);
        }
    }

    /** A {@code >} prompt and the data entry that follows it. */
    record Prompt(DataEntry entry) implements Reply {}

    /** Work that calls {@link Deferred#complete} later, on the modem's thread. */
    record Later(Consumer<Deferred> start) implements Reply {}

    /** A reply that takes {@code delay} (a module's response time), run in the scheduler's time. */
    record Delayed(Duration delay, Supplier<Reply> reply) implements Reply {}

    /** One item of information text. */
    sealed interface Info {}

    /** A line of text, framed by the engine. */
    record Line(String text) implements Info {}

    /** Raw bytes (received data), then a line end when {@code lineEnd}. */
    record Data(byte[] bytes, boolean lineEnd) implements Info {}

    Done OK = new Done(List.of(), Final.OK);
    Done ERROR = new Done(List.of(), Final.ERROR);

    static Done ok() {
        return OK;
    }

    static Done ok(String... lines) {
        return of(Final.OK, lines);
    }

    static Done ok(List<String> lines) {
        return of(Final.OK, lines.toArray(String[]::new));
    }

    static Done error() {
        return ERROR;
    }

    static Done cme(int code) {
        return new Done(List.of(), Final.cme(code));
    }

    /** A module-specific final such as {@code SEND OK}. */
    static Done text(String finalText) {
        return new Done(List.of(), Final.text(finalText));
    }

    static Done of(Final result, String... lines) {
        if (lines.length == 0) {
            return new Done(List.of(), result);
        }
        Info[] info = new Info[lines.length];
        for (int i = 0; i < lines.length; i++) {
            info[i] = new Line(Objects.requireNonNull(lines[i]));
        }
        return new Done(Arrays.asList(info), result);
    }

    static Done connect(String suffix, OnlineSession session) {
        return new Done(List.of(), Final.connect(suffix, session));
    }

    static Prompt prompt(DataEntry entry) {
        return new Prompt(entry);
    }

    static Later later(Consumer<Deferred> start) {
        return new Later(start);
    }

    static Delayed after(Duration delay, Supplier<Reply> reply) {
        return new Delayed(delay, reply);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects information lines and data blocks, then a final result. */
    final class Builder {
        private final List<Info> info = new ArrayList<>(4);

        public Builder line(String text) {
            info.add(new Line(text));
            return this;
        }

        public Builder lines(List<String> texts) {
            texts.forEach(this::line);
            return this;
        }

        /** Raw bytes followed by a line end. */
        public Builder data(byte[] bytes) {
            info.add(new Data(bytes, true));
            return this;
        }

        public Builder data(String text) {
            return data(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Builder rawData(byte[] bytes) {
            info.add(new Data(bytes, false));
            return this;
        }

        public boolean isEmpty() {
            return info.isEmpty();
        }

        public Done then(Final result) {
            return new Done(List.copyOf(info), result);
        }

        public Done ok() {
            return then(Final.OK);
        }
    }
}
