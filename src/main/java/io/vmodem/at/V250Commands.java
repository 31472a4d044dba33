package io.vmodem.at;

import java.util.List;

/**
 * The V.250 basic commands that change the engine's own settings: {@code E}, {@code V},
 * {@code Q}, {@code X}, {@code Z}, {@code &F}, {@code &W}, {@code &D}, {@code &C} and the
 * S-registers. Every dialect includes them.
 */
public final class V250Commands {
    /** V.250 answers a bad parameter to a basic command with plain ERROR, whatever +CMEE says. */
    private static final Handler<Object> PLAIN_ERROR = (c, call) -> Reply.error();

    private V250Commands() {}

    public static <C> List<AtCommand<C>> commands() {
        return List.of(
                flag("E", "Echo command characters (V.250 6.2.4)", (s, on) -> s.echo(on)),
                flag("V", "Verbose or numeric result codes (V.250 6.2.6)", (s, on) -> s.verbose(on)),
                flag("Q", "Suppress result codes (V.250 6.2.5)", (s, on) -> s.quiet(on)),
                AtCommand.<C>named("X")
                        .summary("Result code selection (V.250 6.2.7)")
                        .execOrSet((c, call) -> {
                            call.settings().resultCodeSet(call.intArg(0, 0, 4, 0));
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named("Z")
                        .summary("Restore the saved profile (V.250 6.1.1)")
                        .execOrSet((c, call) -> {
                            call.intArg(0, 0, 0, 0);
                            call.store().restoreSaved();
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named("&F")
                        .summary("Restore the factory profile (V.250 6.1.2)")
                        .execOrSet((c, call) -> {
                            call.intArg(0, 0, 0, 0);
                            call.store().restoreFactory();
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named("&W")
                        .summary("Save the current settings as the profile")
                        .execOrSet((c, call) -> {
                            call.intArg(0, 0, 0, 0);
                            call.store().save();
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named("&D")
                        .summary("What a DTR drop does (V.250 6.2.9)")
                        .execOrSet((c, call) -> {
                            int mode = call.intArg(0, 0, 2, 0);
                            call.settings().dtrMode(AtSettings.DtrMode.values()[mode]);
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named("&C")
                        .summary("DCD behaviour (V.250 6.2.8)")
                        .execOrSet((c, call) -> {
                            call.settings().dcdMode(call.intArg(0, 0, 2, 0));
                            return Reply.ok();
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build(),
                AtCommand.<C>named(CommandTable.S_REGISTERS)
                        .summary("S-registers: S3 line end, S4 response format, S5 backspace, S12 escape guard")
                        .read((c, call) -> {
                            int n = register(call);
                            return Reply.ok(
                                    String.format("%03d", call.settings().register(n)));
                        })
                        .set((c, call) -> {
                            int n = register(call);
                            int max = n == AtSettings.S_LINE_END || n == AtSettings.S_RESPONSE_FORMAT || n == 5
                                    ? 127
                                    : 255;
                            call.settings().register(n, call.intArg(0, 0, max));
                            return Reply.ok();
                        })
                        .test((c, call) -> {
                            int n = register(call);
                            return Reply.ok("S" + n + ": (0-255)");
                        })
                        .onInvalid(PLAIN_ERROR)
                        .build());
    }

    private interface Flag {
        void apply(AtSettings settings, boolean on);
    }

    private static <C> AtCommand<C> flag(String name, String summary, Flag flag) {
        return AtCommand.<C>named(name)
                .summary(summary)
                .execOrSet((c, call) -> {
                    flag.apply(call.settings(), call.intArg(0, 0, 1, 0) == 1);
                    return Reply.ok();
                })
                .onInvalid(PLAIN_ERROR)
                .build();
    }

    private static int register(CommandCall call) {
        int n = Integer.parseInt(call.name().substring(1));
        if (n > AtSettings.MAX_REGISTER) {
            throw new InvalidArgument("no register S" + n);
        }
        return n;
    }
}
