package io.vmodem.at;

import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs command lines for the engine: a line becomes a chain of requests, each dispatched and its
 * reply applied (information and a final result, a prompt, online mode, or a command that answers
 * later); a command that answers later holds the chain, has a deadline, and resumes the chain
 * when it completes. Why a command failed goes to the {@link Reasons}.
 */
final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(AtEngine.class);

    /** What a command's reply does to the engine around it. */
    interface Engine {
        /** A command is running (true) or the engine takes commands again (false). */
        void executing(boolean running);

        void prompt(DataEntry entry);

        void online(OnlineSession session);

        /** A command that answered later has its reply: the engine applies it and goes on. */
        void completed(Reply reply);
    }

    private final Engine engine;
    private final Supplier<String> id;
    private final Runnable counted;
    private final Dispatcher dispatcher;
    private final DteOutput output;
    private final AtSettings settings;
    private final SettingsStore store;
    private final Scheduler scheduler;
    private final IntFunction<String> cmeText;
    private Reasons reasons = Reasons.NONE;
    private EngineListener listener = EngineListener.NONE;
    private Duration commandDeadline;
    private String lastLine = "";
    private List<AtRequest> chain = List.of();
    private int chainIndex;
    /** The command whose reply is being applied, and the one whose answer is still to come. */
    private AtRequest current;

    private Pending running;
    private int generation;

    /**
     * @param id the modem's name in logs
     * @param counted counts a fault caught here
     */
    CommandRunner(
            Engine engine,
            Supplier<String> id,
            Runnable counted,
            Dispatcher dispatcher,
            DteOutput output,
            AtSettings settings,
            SettingsStore store,
            Scheduler scheduler,
            IntFunction<String> cmeText) {
        this.engine = engine;
        this.id = id;
        this.counted = counted;
        this.dispatcher = dispatcher;
        this.output = output;
        this.settings = settings;
        this.store = store;
        this.scheduler = scheduler;
        this.cmeText = cmeText;
    }

    void listener(EngineListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    void reasons(Reasons reasons) {
        this.reasons = Objects.requireNonNull(reasons);
    }

    void commandDeadline(Duration deadline) {
        this.commandDeadline = deadline;
    }

    Duration commandDeadline() {
        return commandDeadline;
    }

    String lastLine() {
        return lastLine;
    }

    /** Power, a reset or a fault: nothing in progress completes any more. */
    void reset() {
        generation++;
        running = null;
        endChain();
        lastLine = "";
    }

    /** A callback into the modem failed: the command in progress, if any, ends with its error. */
    void callbackFailed(String where, RuntimeException e) {
        Pending p = running;
        if (p == null || p.done()) {
            log.error("{}: {} failed", id.get(), where, e);
            return;
        }
        log.error(
                "{}: {} failed while AT{} was running; it ends with its error",
                id.get(),
                where,
                p.request.display(),
                e);
        p.fail(where + " failed: " + e);
    }

    void runLine(String body) {
        lastLine = body;
        chain = CommandLineParser.parse(body, dispatcher::takesRestOfLine);
        chainIndex = 0;
        listener.commandStarted("AT" + body);
        runChain();
    }

    /** Runs the rest of the chain; ends with OK unless a command stopped it. */
    void runChain() {
        while (chainIndex < chain.size()) {
            AtRequest request = chain.get(chainIndex++);
            if (request.isInvalid()) {
                endChain();
                explain("AT" + lastLine, "cannot parse from here: " + request.raw());
                lineFinished(Final.ERROR);
                return;
            }
            current = request;
            if (!apply(dispatch(request))) {
                return;
            }
        }
        endChain();
        lineFinished(Final.OK);
    }

    /** The line's final result: written, and told to the engine's listener. */
    private void lineFinished(Final result) {
        output.result(result);
        listener.commandFinished("AT" + lastLine, result);
    }

    private Reply dispatch(AtRequest request) {
        try {
            return dispatcher.dispatch(new CommandCall(request, settings, store));
        } catch (RuntimeException e) {
            counted.run();
            log.error("{}: AT{} failed", id.get(), request.display(), e);
            return failure(request, false, "it failed inside the modem: " + e);
        }
    }

    /** The module's error for a command that cannot finish (the dialect's wording, else ERROR). */
    private Reply failure(AtRequest request, boolean deadline, String why) {
        Reply reply;
        try {
            reply = dispatcher.failed(new CommandCall(request, settings, store), deadline);
        } catch (RuntimeException e) {
            log.error("{}: the error reply of AT{} failed", id.get(), request.display(), e);
            reply = Reply.error();
        }
        return reply instanceof Reply.Done done ? done.because(why) : reply;
    }

    /** Why a command was refused: to the trace, and to the log at debug level. */
    void explain(String command, String why) {
        log.debug("{}: {}: {}", id.get(), command, why);
        reasons.refused(command, why);
    }

    /** A final error's reason: the one its handler gave, or the +CME ERROR code's text. */
    void explainFinal(Reply.Done done) {
        Final result = done.result();
        String why = done.why();
        if (why == null && result.kind() == Final.Kind.CME) {
            why = cmeText.apply(result.code());
        } else if (why == null && result.kind() == Final.Kind.ERROR) {
            why = "no reason recorded";
        }
        if (why != null) {
            explain(current == null ? "AT" : "AT" + current.display(), why);
        }
    }

    /** Writes what a reply says; true when the chain may go on (the reply ended in OK). */
    boolean apply(Reply reply) {
        if (reply instanceof Reply.Done done) {
            explainFinal(done);
            output.info(done.info());
            Final result = done.result();
            if (result.kind() == Final.Kind.OK) {
                return true;
            }
            endChain();
            lineFinished(result);
            if (result.kind() == Final.Kind.CONNECT) {
                engine.online(result.session());
            }
            return false;
        }
        if (reply instanceof Reply.Prompt prompt) {
            endChain();
            engine.prompt(prompt.entry());
            return false;
        }
        if (reply instanceof Reply.Later later) {
            return startLater(later);
        }
        if (reply instanceof Reply.Delayed delayed) {
            Pending pending = new Pending();
            engine.executing(true);
            scheduler.schedule(
                    () -> {
                        Reply r;
                        try {
                            r = delayed.reply().get();
                        } catch (RuntimeException e) {
                            counted.run();
                            log.error("{}: the delayed reply of AT{} failed", id.get(), pending.request.display(), e);
                            r = failure(pending.request, false, "its reply failed inside the modem: " + e);
                        }
                        pending.complete(r);
                    },
                    delayed.delay());
            pending.started();
            return false;
        }
        throw new IllegalStateException("unknown reply " + reply);
    }

    private boolean startLater(Reply.Later later) {
        Pending pending = new Pending();
        engine.executing(true);
        try {
            later.start().accept(pending);
        } catch (RuntimeException e) {
            counted.run();
            log.error("{}: AT{} failed to start", id.get(), pending.request.display(), e);
            pending.fail("it failed to start inside the modem: " + e);
        }
        Reply early = pending.started();
        if (early != null) {
            engine.executing(false);
            return apply(early);
        }
        return false;
    }

    private void endChain() {
        chain = List.of();
        chainIndex = 0;
    }

    /**
     * A command in progress; completes once, and not at all after a reset. Past the command
     * deadline it ends with the module's error.
     */
    private final class Pending implements Deferred {
        private final int gen = generation;
        private final AtRequest request = current;
        private boolean starting = true;
        private boolean done;
        private Reply early;
        private Scheduler.Cancellable deadline = Scheduler.Cancellable.DONE;

        /** The command is running from here: a fault while it starts ends it too. */
        Pending() {
            running = this;
        }

        @Override
        public void complete(Reply reply) {
            if (done) {
                return;
            }
            done = true;
            deadline.cancel();
            if (running == this) {
                running = null;
            }
            if (gen != generation) {
                return;
            }
            if (starting) {
                early = reply;
                return;
            }
            engine.completed(reply);
        }

        @Override
        public boolean done() {
            return done || gen != generation;
        }

        /** No answer will come: the module's error instead, for {@code why}. */
        void fail(String why) {
            if (!done()) {
                complete(failure(request, false, why));
            }
        }

        /**
         * The start call returned: an early completion is handed back; otherwise the command is
         * running, and its deadline starts (after its own timers, so that one due at the same time
         * comes first).
         */
        Reply started() {
            starting = false;
            if (!done) {
                if (commandDeadline != null) {
                    Duration limit = commandDeadline;
                    deadline = scheduler.schedule(() -> deadlinePassed(limit), limit);
                }
            }
            return early;
        }

        private void deadlinePassed(Duration limit) {
            if (done()) {
                return;
            }
            counted.run();
            log.warn(
                    "{}: AT{} had no answer within the command deadline of {} ms; it ends with its error",
                    id.get(),
                    request.display(),
                    limit.toMillis());
            complete(failure(request, true, "no answer within the command deadline of " + limit.toMillis() + " ms"));
        }
    }
}
