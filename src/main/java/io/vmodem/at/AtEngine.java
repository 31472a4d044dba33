package io.vmodem.at;

import io.vmodem.time.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AT engine of one modem: bytes from the DTE in, bytes to the DTE out. It hands each byte to
 * the mode it is in: command mode ({@link CommandMode}, whose lines {@link CommandRunner} runs),
 * {@code >} data entry ({@link DataEntryMode}) or online data mode ({@link OnlineMode}); it writes
 * every result in one place ({@link DteOutput}) and holds URCs while a command, a prompt or a
 * partly typed line is in progress. It knows nothing of modems or networks.
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
    private final HangingPort port;
    private final Profiles profiles;
    private final AtSettings settings;
    private final LineAssembler assembler;
    private final ByteQueue input = new ByteQueue(64);
    private final DteOutput output;
    private final UrcQueue urcs;
    private final CommandRunner commands;
    private final DataEntryMode data;
    private final CommandMode command;
    private final OnlineMode online;

    private State state = State.COMMAND;
    private String id = "modem";
    private boolean pumping;
    private long faults;
    private final AnswerLineEnd answerLineEnd;
    private EngineListener listener = EngineListener.NONE;

    /**
     * @param factory the dialect's factory settings ({@code AT&F}), the saved profile at first
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
        this.port = new HangingPort(Objects.requireNonNull(port));
        this.profiles = new Profiles(factory);
        this.settings = profiles.current();
        this.assembler = new LineAssembler(settings);
        this.output = new DteOutput(this.port, settings, Objects.requireNonNull(cmeText));
        this.urcs = new UrcQueue(this.port, output);
        this.answerLineEnd = new AnswerLineEnd(scheduler, this.port, assembler, input, output);
        this.commands = new CommandRunner(
                new Runner(),
                () -> id,
                () -> faults++,
                Objects.requireNonNull(dispatcher),
                output,
                settings,
                profiles,
                scheduler,
                cmeText);
        this.data = new DataEntryMode(input, output, settings, () -> state = State.COMMAND, this::goOn);
        this.command = new CommandMode(assembler, data, commands, output, settings);
        this.online = new OnlineMode(scheduler, settings, escapeRule, this::escaped, input::add);
    }

    // ---- entry points from the link ----

    /** Bytes typed by the DTE. */
    public void receive(byte[] bytes, int offset, int length) {
        try {
            if (state == State.OFF || length == 0) {
                return;
            }
            if (port.hanging()) {
                if (port.keepsInput()) {
                    input.add(bytes, offset, length);
                    updateInputFlow();
                }
                return;
            }
            if (answerLineEnd.isLineEnd(bytes[offset])) {
                offset++; // the LF of the command's CR LF, sent before the host could see the answer
                if (--length == 0) {
                    return;
                }
            }
            if (state == State.ONLINE && input.isEmpty()) {
                online.feed(bytes, offset, length);
            } else {
                input.add(bytes, offset, length);
            }
            pump();
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    /** The link can take output again. */
    public void outputWritable() {
        try {
            if (state == State.ONLINE) {
                online.dteWritable();
            }
            pump();
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    /** DTR changed; a drop leaves online data mode per {@code AT&D}. */
    public void dtr(boolean asserted) {
        if (!asserted && settings.dtrMode() != AtSettings.DtrMode.IGNORE) {
            escaped();
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
    public void toDte(byte[] bytes, int offset, int length) {
        requireOnline();
        port.write(bytes, offset, length);
    }

    /** As {@link #toDte(byte[], int, int)}, from the buffer's position to its limit. */
    public void toDte(ByteBuffer bytes) {
        requireOnline();
        port.write(bytes);
    }

    /** Online mode; what the engine gathered before goes first. */
    private void requireOnline() {
        if (state != State.ONLINE) {
            throw new IllegalStateException("not in online data mode");
        }
        flush();
    }

    /** Whether {@link #toDte} may be called now without piling up output. */
    public boolean dteWritable() {
        return port.isWritable();
    }

    /** The online session asks the link to stop (or resume) reading, e.g. while its socket is full. */
    public void pauseOnlineInput(boolean paused) {
        online.pauseInput(paused);
        updateInputFlow();
    }

    /** Ends online data mode from the network side (the connection closed): {@code NO CARRIER}. */
    public void leaveOnline(Final result) {
        leaveOnline(new Reply.Done(java.util.List.of(), result), null, 0, 0);
    }

    /**
     * Ends online data mode from the modem's side with information and a result (a file upload:
     * {@code +QFUPL: <size>,<checksum>}, {@code OK}). From {@link OnlineSession#fromDte}, {@code
     * rest} (the bytes after the data, if any) is command input again, as is what the host writes.
     */
    public void leaveOnline(Reply.Done reply, byte[] rest, int offset, int length) {
        if (state == State.ONLINE) {
            commands.explainFinal(reply);
            output.info(reply.info());
            left(reply.result());
            if (rest != null && length > 0) {
                input.add(rest, offset, length);
            }
            pump();
        }
    }

    /**
     * The AT port hangs: nothing more is answered or reported; what the host types is lost, or kept
     * ({@code keepInput}) for when it answers again. Outlives a power cycle, until {@link #stopHanging}.
     */
    public void hang(boolean keepInput) {
        port.hang(keepInput);
        updateInputFlow();
    }

    /** The port answers again: what waited goes out, kept input runs, held URCs follow. */
    public void stopHanging() {
        if (port.hanging()) {
            port.release();
            outputWritable();
        }
    }

    public boolean hanging() {
        return port.hanging();
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
        port.forget();
        listener.poweredOff();
    }

    public AtSettings settings() {
        return settings;
    }

    public boolean isOnline() {
        return state == State.ONLINE;
    }

    /** Whether nothing is in progress: no command, prompt, online mode, held input or queued URC. */
    public boolean isIdle() {
        return state == State.COMMAND && input.isEmpty() && urcs.isEmpty() && !assembler.midLine();
    }

    /** Bytes a URC queued now writes at once before the link is full: none unless {@link #isIdle}. */
    public int urcRoom() {
        return isIdle() ? urcs.room() : 0;
    }

    public void listener(EngineListener listener) {
        this.listener = Objects.requireNonNull(listener);
        commands.listener(listener);
    }

    /** Handlers' and callbacks' exceptions, and commands past their deadline: 0 in a healthy modem. */
    public long faults() {
        return faults;
    }

    /** Where the reason for each error goes besides the debug log (the trace's {@code why} lines). */
    public void reasons(Reasons reasons) {
        commands.reasons(reasons);
    }

    /** The modem's name in logs ({@code m<serial>}, as in the trace). */
    public void id(String id) {
        this.id = Objects.requireNonNull(id);
    }

    /** How long a command that answers later may take before it ends with its error; null: no limit. */
    public void commandDeadline(Duration deadline) {
        commands.commandDeadline(deadline);
    }

    public Duration commandDeadline() {
        return commands.commandDeadline();
    }

    /** A callback into the modem threw (its guard caught it): counted, and the command in progress ends. */
    public void callbackFailed(String where, RuntimeException e) {
        faults++;
        commands.callbackFailed(where, e);
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
        while (!input.isEmpty() && !port.hanging()) {
            switch (state) {
                case COMMAND -> {
                    if (!port.isWritable()) {
                        return;
                    }
                    command.take(input.take());
                }
                case DATA -> data.take();
                case ONLINE -> online.feed(input);
                case EXECUTING, OFF -> {
                    return;
                }
            }
        }
        input.trim(1024);
    }

    /** A command's reply came after its line (its data, its later answer): applied, and the chain goes on. */
    private void goOn(Reply reply) {
        state = State.COMMAND;
        if (commands.apply(reply)) {
            commands.runChain();
        }
    }

    // ---- online data mode ----

    /** The escape (or a DTR drop): back to command mode with OK; the session hears of it after. */
    private void escaped() {
        try {
            if (state == State.ONLINE) {
                OnlineSession session = left(Final.OK);
                if (session != null) {
                    session.escaped();
                }
                pump();
            }
        } catch (RuntimeException e) {
            fault(e);
        }
    }

    /** Online mode ends with {@code result}; the session it had, or null. */
    private OnlineSession left(Final result) {
        answerLineEnd.close();
        OnlineSession session = online.leave();
        state = State.COMMAND;
        output.result(result);
        return session;
    }

    // ---- URCs ----

    private void drainUrcs() {
        urcs.drain(() -> state == State.COMMAND && !assembler.midLine(), e -> {
            faults++;
            log.error("{}: a URC failed", id, e);
        });
    }

    private void flush() {
        output.flush(!pumping);
    }

    /** The link stops reading while online mode asks it to, or while input piles up or output cannot go. */
    private void updateInputFlow() {
        boolean pause = state == State.ONLINE && !port.hanging()
                ? online.inputPaused()
                : input.size() > HOLD_LIMIT || (state == State.COMMAND && !port.isWritable() && !port.hanging());
        port.setInputPaused(pause);
    }

    private void reset() {
        commands.reset();
        online.reset();
        data.reset();
        input.clear();
        urcs.clear();
        assembler.reset();
        profiles.restoreSaved();
        answerLineEnd.close();
    }

    private void fault(RuntimeException e) {
        faults++;
        log.error("{}: AT engine fault; back to command mode", id, e);
        if (state != State.OFF) {
            reset();
            state = State.COMMAND;
            commands.explain("AT", "the engine failed inside the modem: " + e);
            output.result(Final.ERROR);
        }
        flush();
        updateInputFlow();
    }

    /** What the commands' replies do to the engine. */
    private final class Runner implements CommandRunner.Engine {
        @Override
        public void executing(boolean running) {
            state = running ? State.EXECUTING : State.COMMAND;
        }

        /** Data entry after "> ". */
        @Override
        public void prompt(DataEntry entry) {
            data.start(entry);
            state = State.DATA;
            answerLineEnd.answered();
            listener.promptShown();
        }

        @Override
        public void online(OnlineSession session) {
            online.enter(session);
            state = State.ONLINE;
            answerLineEnd.answered();
            assembler.reset();
            online.begin();
            listener.onlineEntered();
        }

        @Override
        public void completed(Reply reply) {
            try {
                goOn(reply);
                pump();
            } catch (RuntimeException e) {
                fault(e);
            }
        }
    }
}
