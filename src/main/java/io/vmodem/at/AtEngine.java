package io.vmodem.at;

import io.vmodem.time.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AT engine of one modem: bytes from the DTE in, bytes to the DTE out. It assembles and parses
 * command lines, runs them through a {@link Dispatcher}, formats every result in one place, runs
 * {@code >} data entry and online data mode, and holds URCs while a command, a prompt or a partly
 * typed line is in progress. It knows nothing of modems or networks.
 *
 * <p>Confined to the modem's thread; every entry point catches what a handler throws, so no
 * exception reaches a link and the engine keeps answering.
 */
public final class AtEngine {
    private static final Logger log = LoggerFactory.getLogger(AtEngine.class);

    /** Input held while a command runs before the link is asked to stop reading. */
    private static final int HOLD_LIMIT = 64 * 1024;

    private enum State {
        COMMAND,
        EXECUTING,
        DATA,
        ONLINE,
        OFF
    }

    private final Scheduler scheduler;
    private final DtePort port;
    private final Dispatcher dispatcher;
    private final IntFunction<String> cmeText;
    private final AtSettings factory;
    private final AtSettings saved;
    private final AtSettings settings;
    private final LineAssembler assembler;
    private final EscapeDetector escape;
    private final ByteQueue input = new ByteQueue(64);
    private final ByteQueue output = new ByteQueue(256);
    private final ArrayDeque<Urc> urcs = new ArrayDeque<>();
    private final UrcWriter urcWriter = new UrcWriter();
    private final SettingsStore store = new Store();
    private Reasons reasons = Reasons.NONE;

    private State state = State.COMMAND;
    private String id = "modem";
    private Duration commandDeadline;
    private String lastLine = "";
    private List<AtRequest> chain = List.of();
    private int chainIndex;
    /** The command whose reply is being applied, and the one whose answer is still to come. */
    private AtRequest current;

    private Pending running;
    private int generation;
    private boolean swallowCtrlZ;
    private boolean pumping;
    private boolean inputPaused;
    private boolean onlineInputPaused;
    private long faults;

    /** A command answered with a prompt or CONNECT before the byte after its CR came: see {@link #answered}. */
    private boolean lineEndOpen;

    private long answerDoneAt;

    private DataEntry entry;
    private ByteQueue entryData;
    private boolean etxPending;

    private OnlineSession online;
    private Listener listener = Listener.NONE;

    /**
     * Who hears what the engine goes through, for the fault triggers, the metrics and the control
     * API: called on the modem's thread, after the engine acted; a listener must not call back in.
     */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** Power-up done: the engine answers commands from now on. */
        default void poweredOn() {}

        /** Power removed: everything in progress was dropped. */
        default void poweredOff() {}

        /** A command line starts running: {@code AT} and the line's body, as typed. */
        default void commandStarted(String line) {}

        /** The command line reached its final result ({@code OK}, an error, {@code CONNECT}, ...). */
        default void commandFinished(String line, Final result) {}

        /** A data prompt ({@code > }) was written: the host's data comes next. */
        default void promptShown() {}

        /** Online data (transparent) mode began. */
        default void onlineEntered() {}
    }

    /**
     * @param factory the dialect's factory settings ({@code AT&F}); also the saved profile at first
     * @param cmeText the verbose text of a {@code +CME ERROR} code, for {@code AT+CMEE=2}
     */
    public AtEngine(
            Scheduler scheduler,
            DtePort port,
            Dispatcher dispatcher,
            AtSettings factory,
            IntFunction<String> cmeText,
            EscapeRule escapeRule) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.port = Objects.requireNonNull(port);
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.factory = factory.copy();
        this.saved = factory.copy();
        this.settings = factory.copy();
        this.cmeText = Objects.requireNonNull(cmeText);
        this.assembler = new LineAssembler(settings);
        this.escape = new EscapeDetector(scheduler, settings, escapeRule, new EscapeSink());
    }

    // ---- entry points from the link ----

    /** Bytes typed by the DTE. */
    public void receive(byte[] data, int offset, int length) {
        try {
            if (state == State.OFF || length == 0) {
                return;
            }
            if (lineEndOpen) {
                lineEndOpen = false;
                if (data[offset] == '\n' && port.inputArrivedAt(scheduler.nanoTime()) < answerDoneAt) {
                    offset++; // the LF of the command's CR LF, sent before the host could see the answer
                    if (--length == 0) {
                        return;
                    }
                }
            }
            if (state == State.ONLINE && input.isEmpty()) {
                feedOnline(data, offset, length);
            } else {
                input.add(data, offset, length);
            }
            pump();
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    /** The link can take output again. */
    public void outputWritable() {
        try {
            if (state == State.ONLINE && online != null) {
                online.dteWritable();
            }
            pump();
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    /** DTR changed; a drop leaves online data mode per {@code AT&D}. */
    public void dtr(boolean asserted) {
        try {
            if (!asserted && state == State.ONLINE && settings.dtrMode() != AtSettings.DtrMode.IGNORE) {
                leaveOnlineByEscape();
            }
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    // ---- entry points from the modem ----

    /** Queues an unsolicited result code; it is sent once no command, prompt or line is in progress. */
    public void urc(Urc urc) {
        if (state == State.OFF) {
            return;
        }
        urcs.add(urc);
        pump();
    }

    public void urc(String line) {
        urc(Urc.line(line));
    }

    /** Bytes from the network to the DTE while in online data mode. */
    public void toDte(byte[] data, int offset, int length) {
        if (state != State.ONLINE) {
            throw new IllegalStateException("not in online data mode");
        }
        flush();
        port.write(data, offset, length);
    }

    /** As {@link #toDte(byte[], int, int)}, from the buffer's position to its limit. */
    public void toDte(ByteBuffer data) {
        if (state != State.ONLINE) {
            throw new IllegalStateException("not in online data mode");
        }
        flush();
        port.write(data);
    }

    /** Whether {@link #toDte} may be called now without piling up output. */
    public boolean dteWritable() {
        return port.isWritable();
    }

    /** The online session asks the link to stop (or resume) reading, e.g. while its socket is full. */
    public void pauseOnlineInput(boolean paused) {
        onlineInputPaused = paused;
        updateInputFlow();
    }

    /** Ends online data mode from the network side (the connection closed): {@code NO CARRIER}. */
    public void leaveOnline(Final result) {
        leaveOnline(new Reply.Done(List.of(), result));
    }

    /**
     * Ends online data mode from the modem's side with information text and a final result: a file
     * transfer that has all its bytes answers {@code +QFUPL: <size>,<checksum>} and {@code OK}.
     */
    public void leaveOnline(Reply.Done reply) {
        leaveOnline(reply, null, 0, 0);
    }

    /**
     * As {@link #leaveOnline(Reply.Done)}, called from {@link OnlineSession#fromDte} when the data
     * ends inside the host's write: {@code rest} (the bytes after the data) is command input again,
     * read after the reply. What the host wrote after that write is command input too.
     */
    public void leaveOnline(Reply.Done reply, byte[] rest, int offset, int length) {
        if (state != State.ONLINE) {
            return;
        }
        lineEndOpen = false;
        escape.stop();
        online = null;
        state = State.COMMAND;
        explain(reply);
        writeInfo(reply.info());
        writeFinal(reply.result());
        if (rest != null && length > 0) {
            input.add(rest, offset, length);
        }
        pump();
    }

    /** Power-up: factory-fresh engine state, settings from the saved profile. */
    public void powerOn() {
        reset();
        state = State.COMMAND;
        listener.poweredOn();
        pump();
    }

    /** Power-down: everything in progress is dropped and input is ignored until {@link #powerOn}. */
    public void powerOff() {
        reset();
        state = State.OFF;
        flush();
        listener.poweredOff();
    }

    public AtSettings settings() {
        return settings;
    }

    public boolean isOnline() {
        return state == State.ONLINE;
    }

    public boolean isOff() {
        return state == State.OFF;
    }

    /** Whether nothing is in progress: no command, prompt, online mode, held input or queued URC. */
    public boolean isIdle() {
        return state == State.COMMAND && input.isEmpty() && urcs.isEmpty() && !assembler.midLine();
    }

    public void listener(Listener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Escape timing for this modem (the dialect's rule for {@code +++}). */
    public void escapeRule(EscapeRule rule) {
        escape.rule(rule);
    }

    /**
     * Exceptions thrown by handlers or by callbacks into the modem, and commands that ran past their
     * deadline; zero in a healthy modem.
     */
    public long faults() {
        return faults;
    }

    /** Who hears why a command was refused or failed: the trace. */
    public interface Reasons {
        Reasons NONE = (command, why) -> {};

        /** {@code command} as typed ({@code AT+QISEND=12,5}); {@code why} in words. */
        void refused(String command, String why);
    }

    /** Where the reason for each error goes besides the debug log (the trace's {@code why} lines). */
    public void reasons(Reasons reasons) {
        this.reasons = Objects.requireNonNull(reasons);
    }

    /** The modem's name in logs ({@code m<serial>}, as in the trace). */
    public void id(String id) {
        this.id = Objects.requireNonNull(id);
    }

    /**
     * How long a command may take to answer (a {@link Reply.Later} or {@link Reply.Delayed}) before
     * it ends with the module's error and the modem answers again; null: no limit.
     */
    public void commandDeadline(Duration deadline) {
        this.commandDeadline = deadline;
    }

    public Duration commandDeadline() {
        return commandDeadline;
    }

    /**
     * A callback into this modem threw (its guard caught it, see {@code time.GuardedScheduler}):
     * counted, logged with the command in progress, and that command ends with the module's error,
     * so the modem answers again.
     */
    public void callbackFailed(String where, RuntimeException e) {
        faults++;
        Pending p = running;
        if (p == null || p.done()) {
            log.error("{}: {} failed", id, where, e);
            return;
        }
        log.error("{}: {} failed while AT{} was running; it ends with its error", id, where, p.request.display(), e);
        p.fail(where + " failed: " + e);
    }

    // ---- the pump ----

    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            processInput();
            drainUrcs();
        } finally {
            pumping = false;
        }
        flush();
        updateInputFlow();
    }

    private void processInput() {
        while (!input.isEmpty()) {
            switch (state) {
                case COMMAND -> {
                    if (!port.isWritable()) {
                        return;
                    }
                    commandByte(input.take());
                }
                case DATA -> dataBytes();
                case ONLINE -> {
                    int n = input.size();
                    byte[] copy = new byte[n];
                    System.arraycopy(input.array(), input.head(), copy, 0, n);
                    input.clear();
                    feedOnline(copy, 0, n);
                }
                case EXECUTING, OFF -> {
                    return;
                }
            }
        }
        input.trim(1024);
    }

    private void commandByte(int b) {
        if (swallowCtrlZ) {
            swallowCtrlZ = false;
            if (b == DataEntry.CTRL_Z) {
                return;
            }
        }
        LineAssembler.Event event = assembler.accept(b);
        if (event != LineAssembler.Event.SWALLOWED && settings.echo()) {
            output.add(b);
        }
        switch (event) {
            case LINE -> runLine(assembler.line());
            case REPEAT -> runLine(lastLine);
            case TOO_LONG -> {
                explain("AT", "a line longer than " + LineAssembler.MAX_LINE + " characters");
                writeFinal(Final.ERROR);
            }
            default -> {}
        }
    }

    private void runLine(String body) {
        lastLine = body;
        chain = CommandLineParser.parse(body, dispatcher::takesRestOfLine);
        chainIndex = 0;
        listener.commandStarted("AT" + body);
        runChain();
    }

    /** Runs the rest of the chain; ends with OK unless a command stopped it. */
    private void runChain() {
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

    private Reply dispatch(AtRequest request) {
        try {
            return dispatcher.dispatch(new CommandCall(request, settings, store));
        } catch (RuntimeException e) {
            faults++;
            log.error("{}: AT{} failed", id, request.display(), e);
            return failure(request, false, "it failed inside the modem: " + e);
        }
    }

    /** The module's error for a command that cannot finish (the dialect's wording, else ERROR). */
    private Reply failure(AtRequest request, boolean deadline, String why) {
        Reply reply;
        try {
            reply = dispatcher.failed(new CommandCall(request, settings, store), deadline);
        } catch (RuntimeException e) {
            log.error("{}: the error reply of AT{} failed", id, request.display(), e);
            reply = Reply.error();
        }
        return reply instanceof Reply.Done done ? done.because(why) : reply;
    }

    /** Why a command was refused: to the trace, and to the log at debug level. */
    private void explain(String command, String why) {
        log.debug("{}: {}: {}", id, command, why);
        reasons.refused(command, why);
    }

    /** A final error's reason: the one its handler gave, or the +CME ERROR code's text. */
    private void explain(Reply.Done done) {
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
    private boolean apply(Reply reply) {
        if (reply instanceof Reply.Done done) {
            explain(done);
            writeInfo(done.info());
            Final result = done.result();
            if (result.kind() == Final.Kind.OK) {
                return true;
            }
            endChain();
            lineFinished(result);
            if (result.kind() == Final.Kind.CONNECT) {
                enterOnline(result.session());
            }
            return false;
        }
        if (reply instanceof Reply.Prompt prompt) {
            endChain();
            startDataEntry(prompt.entry());
            return false;
        }
        if (reply instanceof Reply.Later later) {
            return startLater(later);
        }
        if (reply instanceof Reply.Delayed delayed) {
            Pending pending = new Pending();
            state = State.EXECUTING;
            scheduler.schedule(
                    () -> {
                        Reply r;
                        try {
                            r = delayed.reply().get();
                        } catch (RuntimeException e) {
                            faults++;
                            log.error("{}: the delayed reply of AT{} failed", id, pending.request.display(), e);
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
        state = State.EXECUTING;
        try {
            later.start().accept(pending);
        } catch (RuntimeException e) {
            faults++;
            log.error("{}: AT{} failed to start", id, pending.request.display(), e);
            pending.fail("it failed to start inside the modem: " + e);
        }
        Reply early = pending.started();
        if (early != null) {
            state = State.COMMAND;
            return apply(early);
        }
        return false;
    }

    private void resume(Reply reply) {
        try {
            state = State.COMMAND;
            if (apply(reply)) {
                runChain();
            }
            pump();
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    private void endChain() {
        chain = List.of();
        chainIndex = 0;
    }

    // ---- data entry after "> " ----

    private void startDataEntry(DataEntry e) {
        entry = e;
        entryData = new ByteQueue(Math.min(Math.max(e.length(), 16), 2048));
        etxPending = false;
        state = State.DATA;
        lineEnd();
        output.addAscii(e.prompt());
        answered();
        listener.promptShown();
    }

    /**
     * A command has answered with a prompt or {@code CONNECT}: from here on every byte is data, save
     * the LF of a CR LF line end that reached the modem before the answer reached the host (in the
     * same read as the CR, while the command ran, or while the answer was still on a paced line).
     * A host that ends lines with a bare CR and waits for the answer may begin its data with LF.
     */
    private void answered() {
        lineEndOpen = false;
        if (!assembler.takeLineEnd()) {
            return; // no CR right before: A/, or S3 is LF itself
        }
        if (!input.isEmpty()) {
            if (input.peek() == '\n') {
                input.take();
            }
            return;
        }
        flush();
        lineEndOpen = true;
        answerDoneAt = port.outputDoneAt(scheduler.nanoTime());
    }

    private void dataBytes() {
        boolean echo = settings.echo() && entry.echo();
        while (!input.isEmpty() && state == State.DATA) {
            if (entry.mode() == DataEntry.Mode.FIXED) {
                int n = Math.min(entry.length() - entryData.size(), input.size());
                entryData.add(input.array(), input.head(), n);
                if (echo) {
                    output.add(input.array(), input.head(), n);
                }
                input.skip(n);
                if (entryData.size() == entry.length()) {
                    swallowCtrlZ = true;
                    DataEntry done = entry;
                    finishEntry(done.data(takeEntryData()));
                }
                continue;
            }
            int b = input.take();
            if (etxPending) {
                etxPending = false;
                appendData(b, echo);
            } else if (entry.mode() == DataEntry.Mode.CTRL_Z_ETX && b == DataEntry.ETX) {
                etxPending = true;
            } else if (b == DataEntry.CTRL_Z) {
                DataEntry done = entry;
                finishEntry(done.data(takeEntryData()));
            } else if (b == DataEntry.ESC) {
                DataEntry done = entry;
                takeEntryData();
                finishEntry(withReason(done.cancelled(), "the data was cancelled with ESC"));
            } else {
                appendData(b, echo);
            }
        }
    }

    private static Reply withReason(Reply reply, String why) {
        return reply instanceof Reply.Done d && d.why() == null && d.result().kind() != Final.Kind.OK
                ? d.because(why)
                : reply;
    }

    private void appendData(int b, boolean echo) {
        if (entryData.size() >= entry.length()) {
            DataEntry done = entry;
            takeEntryData();
            finishEntry(withReason(done.overflowed(), "more than " + done.length() + " bytes of data"));
            return;
        }
        entryData.add(b);
        if (echo) {
            output.add(b);
        }
    }

    private byte[] takeEntryData() {
        byte[] data = new byte[entryData.size()];
        System.arraycopy(entryData.array(), entryData.head(), data, 0, data.length);
        entry = null;
        entryData = null;
        state = State.COMMAND;
        return data;
    }

    private void finishEntry(Reply reply) {
        state = State.COMMAND;
        if (apply(reply)) {
            runChain();
        }
    }

    // ---- online data mode ----

    private void enterOnline(OnlineSession session) {
        online = session;
        state = State.ONLINE;
        onlineInputPaused = false;
        answered();
        assembler.reset();
        escape.start();
        session.entered();
        listener.onlineEntered();
    }

    /** Bytes typed in online mode. */
    private void feedOnline(byte[] data, int offset, int length) {
        escape.feed(data, offset, length);
    }

    private void leaveOnlineByEscape() {
        OnlineSession session = online;
        lineEndOpen = false;
        escape.stop();
        online = null;
        state = State.COMMAND;
        writeFinal(Final.OK);
        if (session != null) {
            session.escaped();
        }
        pump();
    }

    private final class EscapeSink implements EscapeDetector.Sink {
        @Override
        public void data(byte[] bytes, int offset, int length) {
            if (online != null) {
                online.fromDte(bytes, offset, length);
            } else if (state == State.COMMAND) {
                input.add(bytes, offset, length); // the session ended online mode inside this write
            }
        }

        @Override
        public void escape() {
            try {
                if (state == State.ONLINE) {
                    leaveOnlineByEscape();
                }
            } catch (RuntimeException e) {
                fault(e);
            }
        }
    }

    // ---- URCs ----

    private boolean urcsAllowed() {
        return state == State.COMMAND && !assembler.midLine();
    }

    private void drainUrcs() {
        while (!urcs.isEmpty() && urcsAllowed()) {
            flush();
            if (!port.isWritable()) {
                return;
            }
            Urc urc = urcs.peek();
            boolean finished;
            try {
                finished = urc.emit(urcWriter);
            } catch (RuntimeException e) {
                faults++;
                log.error("{}: a URC failed", id, e);
                finished = true;
            }
            if (!finished) {
                flush();
                return;
            }
            urcs.poll();
        }
    }

    private final class UrcWriter implements Urc.UrcOutput {
        @Override
        public void line(String text) {
            if (settings.verbose()) {
                lineEnd();
            }
            output.addAscii(text);
            lineEnd();
        }

        @Override
        public void lineAndData(String header, byte[] data, int offset, int length, boolean withLineEnd) {
            line(header);
            output.add(data, offset, length);
            if (withLineEnd) {
                lineEnd();
            }
        }

        @Override
        public void raw(byte[] data, int offset, int length) {
            output.add(data, offset, length);
        }

        /** Straight to the port, after what is gathered: a copy into the output is one too many. */
        @Override
        public void raw(ByteBuffer data) {
            flush();
            port.write(data);
        }

        @Override
        public void lineEnd() {
            AtEngine.this.lineEnd();
        }

        @Override
        public boolean writable() {
            flush();
            return port.isWritable();
        }
    }

    // ---- formatting: the one place result codes are written (V.250 5.7.1) ----

    private void writeInfo(List<Reply.Info> info) {
        boolean first = true;
        for (Reply.Info item : info) {
            if (first && settings.verbose()) {
                lineEnd();
            }
            first = false;
            if (item instanceof Reply.Line line) {
                output.addAscii(line.text());
                lineEnd();
            } else if (item instanceof Reply.Data data) {
                output.add(data.bytes(), 0, data.bytes().length);
                if (data.lineEnd()) {
                    lineEnd();
                }
            }
        }
    }

    /** The command line's final result: written, and told to the listener. */
    private void lineFinished(Final result) {
        writeFinal(result);
        listener.commandFinished("AT" + lastLine, result);
    }

    private void writeFinal(Final result) {
        if (settings.quiet()) {
            return;
        }
        String text = result.text();
        int numeric = result.numericCode();
        if (result.kind() == Final.Kind.CME) {
            switch (settings.cmee()) {
                case OFF -> {
                    text = Final.ERROR.text();
                    numeric = Final.ERROR.numericCode();
                }
                case NUMERIC -> text = "+CME ERROR: " + result.code();
                case VERBOSE -> text = "+CME ERROR: " + cmeText.apply(result.code());
            }
        }
        if (settings.verbose()) {
            lineEnd();
            output.addAscii(text);
            lineEnd();
        } else if (numeric >= 0) {
            output.addAscii(Integer.toString(numeric));
            output.add(settings.register(AtSettings.S_LINE_END));
        } else {
            output.addAscii(text);
            lineEnd();
        }
    }

    private void lineEnd() {
        output.add(settings.register(AtSettings.S_LINE_END));
        output.add(settings.register(AtSettings.S_RESPONSE_FORMAT));
    }

    private void flush() {
        if (output.isEmpty()) {
            return;
        }
        port.write(output.array(), output.head(), output.size());
        output.clear();
        if (!pumping) {
            output.trim(4096); // after a burst: an idle modem stays small
        }
    }

    private void updateInputFlow() {
        boolean pause = state == State.ONLINE
                ? onlineInputPaused
                : input.size() > HOLD_LIMIT || (state == State.COMMAND && !port.isWritable());
        if (pause != inputPaused) {
            inputPaused = pause;
            port.setInputPaused(pause);
        }
    }

    private void reset() {
        generation++;
        running = null;
        escape.stop();
        online = null;
        entry = null;
        entryData = null;
        input.clear();
        urcs.clear();
        assembler.reset();
        settings.copyFrom(saved);
        endChain();
        swallowCtrlZ = false;
        lineEndOpen = false;
        lastLine = "";
        onlineInputPaused = false;
    }

    private void fault(RuntimeException e) {
        faults++;
        log.error("{}: AT engine fault; back to command mode", id, e);
        if (state != State.OFF) {
            reset();
            state = State.COMMAND;
            explain("AT", "the engine failed inside the modem: " + e);
            writeFinal(Final.ERROR);
        }
        flush();
        updateInputFlow();
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
            resume(reply);
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
            faults++;
            log.warn(
                    "{}: AT{} had no answer within the command deadline of {} ms; it ends with its error",
                    id,
                    request.display(),
                    limit.toMillis());
            complete(failure(request, true, "no answer within the command deadline of " + limit.toMillis() + " ms"));
        }
    }

    private final class Store implements SettingsStore {
        @Override
        public void restoreSaved() {
            settings.copyFrom(saved);
        }

        @Override
        public void restoreFactory() {
            settings.copyFrom(factory);
        }

        @Override
        public void save() {
            saved.copyFrom(settings);
        }
    }
}
