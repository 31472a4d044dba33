package io.vmodem.at;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dialect's commands: one immutable map keyed by upper-case name, assembled from features that
 * each export their commands; duplicates fail at build time (SubEthaSMTP's CommandRegistry). The
 * table is built once per dialect and bound to each modem's state with {@link #bind}.
 */
public final class CommandTable<C> {
    /** Name under which one handler serves every {@code Sn} register command. */
    public static final String S_REGISTERS = "S";

    /** The module's answer to a command that cannot finish (see {@link Dispatcher#failed}). */
    @FunctionalInterface
    public interface Failure<C> {
        Reply failed(C context, CommandCall call, boolean pastDeadline);
    }

    private final Map<String, AtCommand<? super C>> commands;
    private final Handler<? super C> onInvalid;
    private final Failure<? super C> onFailure;

    private CommandTable(
            Map<String, AtCommand<? super C>> commands, Handler<? super C> onInvalid, Failure<? super C> onFailure) {
        this.commands = Map.copyOf(commands);
        this.onInvalid = onInvalid;
        this.onFailure = onFailure;
    }

    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    public AtCommand<? super C> find(String name) {
        AtCommand<? super C> cmd = commands.get(name);
        if (cmd == null && isRegisterName(name)) {
            cmd = commands.get(S_REGISTERS);
        }
        return cmd;
    }

    /** Every command, sorted by name: the source of {@code vmodem commands} and the docs. */
    public List<AtCommand<? super C>> commands() {
        List<AtCommand<? super C>> list = new ArrayList<>(commands.values());
        list.sort(Comparator.comparing(AtCommand::name));
        return list;
    }

    public Dispatcher bind(C context) {
        return new Dispatcher() {
            @Override
            public Reply dispatch(CommandCall call) {
                AtCommand<? super C> cmd = find(call.name());
                if (cmd == null) {
                    return Reply.error().because("unknown command " + call.name());
                }
                Handler<? super C> h = cmd.handler(call.kind());
                if (h == null) {
                    return Reply.error().because(call.name() + " has no " + form(call.kind()));
                }
                try {
                    return h.handle(context, call);
                } catch (InvalidArgument e) {
                    Handler<? super C> invalid = cmd.onInvalid() != null ? cmd.onInvalid() : onInvalid;
                    Reply reply = invalid.handle(context, call);
                    // The parameter's fault says more than the module's generic answer to it.
                    return reply instanceof Reply.Done d ? d.because(e.getMessage()) : reply;
                }
            }

            @Override
            public boolean takesRestOfLine(String name) {
                AtCommand<? super C> cmd = commands.get(name);
                return cmd != null && cmd.restOfLine();
            }

            @Override
            public Reply failed(CommandCall call, boolean pastDeadline) {
                return onFailure.failed(context, call, pastDeadline);
            }
        };
    }

    private static String form(AtRequest.Kind kind) {
        return switch (kind) {
            case TEST -> "test form (=?)";
            case READ -> "read form (?)";
            case SET -> "set form (=...)";
            case EXEC -> "form without parameters";
        };
    }

    private static boolean isRegisterName(String name) {
        if (name.length() < 2 || name.charAt(0) != 'S') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static final class Builder<C> {
        private final Map<String, AtCommand<? super C>> commands = new HashMap<>();
        private Handler<? super C> onInvalid = (c, call) -> Reply.error();
        private Failure<? super C> onFailure = (c, call, pastDeadline) -> Reply.error();

        public Builder<C> add(AtCommand<? super C> command) {
            AtCommand<? super C> old = commands.putIfAbsent(command.name(), command);
            if (old != null) {
                throw new IllegalStateException("duplicate command " + command.name());
            }
            return this;
        }

        public Builder<C> addAll(Collection<? extends AtCommand<? super C>> list) {
            list.forEach(this::add);
            return this;
        }

        /** Replaces a command a shared feature registered with the dialect's own version. */
        public Builder<C> replace(AtCommand<? super C> command) {
            if (commands.put(command.name(), command) == null) {
                throw new IllegalStateException("nothing to replace: " + command.name());
            }
            return this;
        }

        public Builder<C> remove(String name) {
            if (commands.remove(name) == null) {
                throw new IllegalStateException("nothing to remove: " + name);
            }
            return this;
        }

        /** The reply to an invalid parameter where a command does not say otherwise. */
        public Builder<C> onInvalidArgument(Handler<? super C> h) {
            this.onInvalid = Objects.requireNonNull(h);
            return this;
        }

        /** The answer to a command that cannot finish, where the module says more than ERROR. */
        public Builder<C> onFailure(Failure<? super C> f) {
            this.onFailure = Objects.requireNonNull(f);
            return this;
        }

        public CommandTable<C> build() {
            return new CommandTable<>(commands, onInvalid, onFailure);
        }
    }
}
