package io.vmodem.at;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One AT command: its upper-case name and up to four entry points (test, read, set, exec). An entry
 * point left out answers {@code ERROR}, as modules do for unsupported forms (esp-at's
 * {@code esp_at_cmd_t}). Summary and manual section feed the generated command list.
 */
public final class AtCommand<C> {
    private final String name;
    private final String summary;
    private final String section;
    private final Handler<? super C> test;
    private final Handler<? super C> read;
    private final Handler<? super C> set;
    private final Handler<? super C> exec;
    private final Handler<? super C> onInvalid;
    private final boolean restOfLine;

    private AtCommand(Builder<C> b) {
        this.name = b.name;
        this.summary = b.summary;
        this.section = b.section;
        this.test = b.test;
        this.read = b.read;
        this.set = b.set;
        this.exec = b.exec;
        this.onInvalid = b.onInvalid;
        this.restOfLine = b.restOfLine;
    }

    public static <C> Builder<C> named(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    /** The manual section that specifies this command, or empty. */
    public String section() {
        return section;
    }

    public boolean restOfLine() {
        return restOfLine;
    }

    /** The handler for a form, or null when the form is unsupported. */
    public Handler<? super C> handler(AtRequest.Kind kind) {
        return switch (kind) {
            case TEST -> test;
            case READ -> read;
            case SET -> set;
            case EXEC -> exec;
        };
    }

    /** The reply to an invalid parameter for this command, or null for the table's default. */
    public Handler<? super C> onInvalid() {
        return onInvalid;
    }

    public Set<AtRequest.Kind> forms() {
        Set<AtRequest.Kind> forms = EnumSet.noneOf(AtRequest.Kind.class);
        for (AtRequest.Kind k : AtRequest.Kind.values()) {
            if (handler(k) != null) {
                forms.add(k);
            }
        }
        return forms;
    }

    public static final class Builder<C> {
        private final String name;
        private String summary = "";
        private String section = "";
        private Handler<? super C> test;
        private Handler<? super C> read;
        private Handler<? super C> set;
        private Handler<? super C> exec;
        private Handler<? super C> onInvalid;
        private boolean restOfLine;

        private Builder(String name) {
            this.name = name.toUpperCase(Locale.ROOT);
        }

        public Builder<C> summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder<C> section(String section) {
            this.section = section;
            return this;
        }

        public Builder<C> test(Handler<? super C> h) {
            this.test = h;
            return this;
        }

        /** A test form that answers fixed lines and {@code OK}. */
        public Builder<C> test(String... lines) {
            Reply.Done reply = Reply.ok(lines);
            this.test = (c, call) -> reply;
            return this;
        }

        public Builder<C> read(Handler<? super C> h) {
            this.read = h;
            return this;
        }

        public Builder<C> set(Handler<? super C> h) {
            this.set = h;
            return this;
        }

        public Builder<C> exec(Handler<? super C> h) {
            this.exec = h;
            return this;
        }

        /** The same handler for the exec and set forms (basic commands with optional number). */
        public Builder<C> execOrSet(Handler<? super C> h) {
            this.exec = h;
            this.set = h;
            return this;
        }

        /** Answers {@code OK} to every form: a setting drivers send that changes nothing here. */
        public Builder<C> acceptAnything() {
            Handler<Object> ok = (c, call) -> Reply.ok();
            this.test = ok;
            this.read = ok;
            this.set = ok;
            this.exec = ok;
            return this;
        }

        public Builder<C> onInvalid(Handler<? super C> h) {
            this.onInvalid = h;
            return this;
        }

        /** The set form receives the rest of the line raw: data may hold quotes and semicolons. */
        public Builder<C> restOfLine() {
            this.restOfLine = true;
            return this;
        }

        public AtCommand<C> build() {
            Objects.requireNonNull(name);
            return new AtCommand<>(this);
        }
    }
}
