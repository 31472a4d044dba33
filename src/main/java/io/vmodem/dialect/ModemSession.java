package io.vmodem.dialect;

import io.vmodem.at.AtEngine;
import io.vmodem.at.AtSettings;
import io.vmodem.at.Dispatcher;
import io.vmodem.at.DtePort;
import io.vmodem.at.EscapeRule;
import io.vmodem.modem.Modem;
import io.vmodem.modem.Radio;
import io.vmodem.modem.SimCard;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One modem speaking one dialect: the AT engine, the modem's state, and the dialect's own state on
 * top (subclasses). The link hands it bytes; it answers through the engine. Confined to the
 * modem's event loop.
 */
public abstract class ModemSession {
    protected final Modem modem;
    protected final AtEngine engine;
    private Scheduler.Cancellable boot = Scheduler.Cancellable.DONE;
    private boolean powered;
    private boolean booting;

    /** {@code AT+CREG}, {@code AT+CGREG}, {@code AT+CEREG} report modes (the {@code <n>}). */
    private final int[] registrationModes = new int[3];

    /** The {@code <stat>} each of them last had, so that a URC says only what changed. */
    private final int[] registrationSeen = new int[3];

    /** {@code AT+CGEREP}'s {@code <mode>} and {@code <bfr>}. */
    private int packetEventMode;

    private int packetEventBuffer;

    /** Commands that wait for {@code slow-answers}: a command prefix (upper case) and its delay. */
    private final java.util.Map<String, Duration> slowAnswers = new java.util.LinkedHashMap<>();

    private int copsFormat;

    protected ModemSession(
            Modem modem, DtePort port, AtSettings factory, IntFunction<String> cmeText, EscapeRule escapeRule) {
        this.modem = modem;
        Dispatcher lazy = new Dispatcher() {
            @Override
            public io.vmodem.at.Reply dispatch(io.vmodem.at.CommandCall call) {
                io.vmodem.at.Reply reply = dispatcher().dispatch(call);
                // The module's own response time: the command acts now, its answer comes later.
                Duration delay = modem.settings().responseDelay().plus(slowAnswer(call));
                return delay.isZero() ? reply : io.vmodem.at.Reply.after(delay, () -> reply);
            }

            @Override
            public boolean takesRestOfLine(String name) {
                return dispatcher().takesRestOfLine(name);
            }

            @Override
            public io.vmodem.at.Reply failed(io.vmodem.at.CommandCall call, boolean pastDeadline) {
                return dispatcher().failed(call, pastDeadline);
            }
        };
        this.engine = new AtEngine(modem.scheduler(), port, lazy, factory, cmeText, escapeRule);
        this.engine.id("m" + modem.identity().serial());
        this.engine.powerOff();
        // A callback that throws ends the command in progress with its error; see GuardedScheduler.
        modem.guard().onFault(engine::callbackFailed);
        modem.radio().addListener(new Radio.Listener() {
            @Override
            public void registrationChanged(int status) {
                ModemSession.this.registrationChanged(status);
            }

            @Override
            public void detachedByNetwork(boolean detached) {
                if (detached) {
                    packetEvent("NW DETACH");
                }
            }
        });
        modem.sim().addListener(this::simChanged);
    }

    /** The command table bound to this session. */
    protected abstract Dispatcher dispatcher();

    /**
     * The URCs the module prints when it has booted, in order ({@code RDY}, ...), up to its SIM's:
     * those follow, {@link #simReadyUrcs()} or, without a ready SIM, {@link #simLostUrcs}.
     */
    protected abstract List<String> bootUrcs();

    /** What the module says once its SIM is ready, at power-up and when the card comes back. */
    protected List<String> simReadyUrcs() {
        return List.of("+CPIN: READY");
    }

    /**
     * What the module says when its SIM goes or stops answering, and at power-up without a ready one
     * (Quectel: {@code +CPIN: NOT READY}).
     */
    protected List<String> simLostUrcs(SimCard.State state) {
        return List.of("+CPIN: NOT READY");
    }

    /** AT+CGEREP's {@code <mode>} at power-up (27.007 10.1.19: 0, no reports). */
    protected int factoryPacketEventMode() {
        return 0;
    }

    /** Resets the dialect's own state for a fresh power-up. */
    protected void resetState() {}

    /**
     * The longest maximum response time the module's manual gives a command: the default deadline
     * after which a command still without its answer ends with the module's error.
     */
    protected abstract Duration longestResponseTime();

    /**
     * The deadline in force: the settings' own; else the manual's longest maximum response time plus
     * the time a real connect may take on top of the simulated delays (which may reach that maximum).
     */
    public Duration commandDeadline() {
        Duration configured = modem.settings().commandDeadline();
        return configured != null
                ? configured
                : longestResponseTime().plus(modem.network().settings().connectTimeout());
    }

    public Modem modem() {
        return modem;
    }

    public AtEngine engine() {
        return engine;
    }

    public boolean powered() {
        return powered;
    }

    /** Whether power is applied and the module has not finished booting yet. */
    public boolean booting() {
        return booting;
    }

    /** How many connect IDs (link numbers) the module has, numbered from 0. */
    public abstract int connectIds();

    /** The module's sockets by their IDs, for the control API; the dialects list theirs. */
    public List<ModuleSocket> moduleSockets() {
        return List.of();
    }

    // ---- life cycle ----

    /** Power applied now: after the boot delay the module prints its boot URCs and answers commands. */
    public void powerOn() {
        powerOn(modem.scheduler().nanoTime());
    }

    /**
     * Power applied at {@code since} (the modem's {@code nanoTime()} when its link came up): the boot
     * URCs come the boot delay after that, however long the program took to get here.
     */
    public void powerOn(long since) {
        long elapsed = Math.max(0, modem.scheduler().nanoTime() - since);
        powerOn(modem.settings().bootDelay().minusNanos(elapsed));
    }

    private void powerOn(Duration delay) {
        boot.cancel();
        booting = true;
        boot = modem.scheduler().schedule(this::booted, delay);
    }

    private void booted() {
        booting = false;
        powered = true;
        modem.radio().reset();
        modem.connectIdLeaks().clear(); // a leaked connect ID frees only with a reboot
        modem.files().closeAll(); // the files stay; which were open the module forgets
        modem.ssl().reset();
        registrationModes[0] = registrationModes[1] = registrationModes[2] = 0;
        for (int i = 0; i < registrationSeen.length; i++) {
            registrationSeen[i] = registrationStatus(i);
        }
        copsFormat = 0;
        packetEventMode = factoryPacketEventMode();
        packetEventBuffer = 0;
        resetState();
        engine.commandDeadline(commandDeadline());
        engine.powerOn();
        for (String urc : bootUrcs()) {
            engine.urc(urc);
        }
        SimCard.State sim = modem.sim().state();
        for (String urc : sim == SimCard.State.READY ? simReadyUrcs() : simLostUrcs(sim)) {
            engine.urc(urc);
        }
    }

    /** Power removed (or the link closed): everything stops, every socket is released. */
    public void powerOff() {
        modem.guard().nextEpoch(); // what the modem started before is dropped when it comes back
        boot.cancel();
        booting = false;
        powered = false;
        engine.powerOff();
        modem.radio().link().reset();
        modem.network().shutdown();
    }

    /**
     * A reboot the host asked for: the reply (OK) has been sent; {@code shutdownUrcs} follow, the
     * module is silent for the reboot delay, then boots again.
     */
    public void reboot(List<String> shutdownUrcs) {
        modem.scheduler().execute(() -> {
            for (String urc : shutdownUrcs) {
                engine.urc(urc);
            }
            // In the same task: a host that reacts to the URCs must find the module already off.
            powerOff();
            powerOn(modem.settings().rebootDelay());
        });
    }

    /** A power-down the host asked for ({@code AT+QPOWD}, {@code AT+CPOF}): silent until power-cycled. */
    public void shutdown(List<String> shutdownUrcs) {
        modem.scheduler().execute(() -> {
            for (String urc : shutdownUrcs) {
                engine.urc(urc);
            }
            powerOff();
        });
    }

    // ---- the link ----

    public void received(byte[] data, int offset, int length) {
        engine.receive(data, offset, length);
    }

    public void linkWritable() {
        engine.outputWritable();
    }

    public void dtr(boolean asserted) {
        engine.dtr(asserted);
    }

    // ---- wording of the general commands; dialects override what their module says differently ----

    /** {@code ATI}: manufacturer, model and revision lines. */
    public List<String> identification() {
        var p = modem.profile();
        return List.of(p.manufacturer(), p.model(), "Revision: " + p.revision());
    }

    /** {@code AT+CGMI} / {@code AT+GMI}. */
    public String manufacturerReply() {
        return modem.profile().manufacturer();
    }

    /** {@code AT+CGMM} / {@code AT+GMM}. */
    public String modelReply() {
        return modem.profile().model();
    }

    /** {@code AT+CGMR} / {@code AT+GMR}. */
    public String revisionReply() {
        return modem.profile().revision();
    }

    /** {@code AT+CCLK?} time text: {@code yy/MM/dd,hh:mm:ss±zz}. */
    public String clockText() {
        return ClockText.of(modem.clock().localTime(), modem.clock().zoneQuarters(), false);
    }

    /** What the module prints between the reply to a reboot command and its boot URCs. */
    public List<String> rebootUrcs() {
        return List.of();
    }

    // ---- registration reporting, shared by every dialect ----

    /** The {@code <n>} of {@code AT+CREG} (0), {@code AT+CGREG} (1) or {@code AT+CEREG} (2). */
    public int registrationMode(int which) {
        return registrationModes[which];
    }

    public void registrationMode(int which, int n) {
        registrationModes[which] = n;
    }

    /** {@code AT+COPS=3,<format>}: 0 long name, 1 short name, 2 numeric. */
    public int copsFormat() {
        return copsFormat;
    }

    public void copsFormat(int format) {
        copsFormat = format;
    }

    /**
     * The {@code <stat>} of {@code AT+CREG} (0: the registration), {@code AT+CGREG} (1) or {@code
     * AT+CEREG} (2): the packet domain's, 0 or 2 while detached.
     */
    public int registrationStatus(int which) {
        return which == 0 ? modem.radio().status() : modem.radio().packetStatus();
    }

    /**
     * The registration URC words, per 27.007: {@code +CEREG: <stat>} (the URC has no {@code <n>}),
     * each command's when its own {@code <stat>} changed.
     */
    protected void registrationChanged(int status) {
        String[] names = {"+CREG", "+CGREG", "+CEREG"};
        for (int i = 0; i < names.length; i++) {
            int stat = registrationStatus(i);
            if (stat == registrationSeen[i]) {
                continue;
            }
            registrationSeen[i] = stat;
            if (registrationModes[i] > 0 && reportsRegistration(i)) {
                engine.urc(names[i] + ": " + stat + registrationDetail(i, registrationModes[i], stat));
            }
        }
    }

    // ---- the SIM ----

    /** The card changed while the module runs: the dialect's words for it. */
    private void simChanged(SimCard.State state) {
        if (!powered()) {
            return; // a module that is off or booting says it with its boot URCs
        }
        for (String urc : state == SimCard.State.READY ? simReadyUrcs() : simLostUrcs(state)) {
            engine.urc(urc);
        }
    }

    /**
     * Whether a command that needs the SIM may run; else the module's refusal (27.007 9.2): {@code
     * +CME ERROR: 10} without a card, {@code 14} (SIM busy) while it is not ready.
     */
    public io.vmodem.at.Reply.Done simRefusal() {
        return switch (modem.sim().state()) {
            case READY -> null;
            case REMOVED -> io.vmodem.at.Reply.cme(io.vmodem.dialect.common.CmeErrors.SIM_NOT_INSERTED)
                    .because("no SIM");
            case NOT_READY -> io.vmodem.at.Reply.cme(io.vmodem.dialect.common.CmeErrors.SIM_BUSY)
                    .because("the SIM is not ready");
        };
    }

    // ---- packet domain event reports (AT+CGEREP) ----

    public int packetEventMode() {
        return packetEventMode;
    }

    public int packetEventBuffer() {
        return packetEventBuffer;
    }

    public void packetEvents(int mode, int buffer) {
        packetEventMode = mode;
        packetEventBuffer = buffer;
    }

    /** {@code +CGEV: <event>} (27.007 10.1.19) while AT+CGEREP's mode asks for reports. */
    protected void packetEvent(String event) {
        if (packetEventMode > 0 && powered()) {
            engine.urc("+CGEV: " + event);
        }
    }

    // ---- slow answers (a fault) ----

    /**
     * Commands starting with {@code prefix} ({@code AT+QIOPEN}; empty: every command) answer
     * {@code delay} later than they would; a null delay ends it.
     */
    public void slowAnswers(String prefix, Duration delay) {
        String key = prefix.toUpperCase(java.util.Locale.ROOT);
        if (delay == null) {
            slowAnswers.remove(key);
        } else {
            slowAnswers.put(key, delay);
        }
    }

    /** The longest slow-answer delay whose prefix the command's text starts with. */
    private Duration slowAnswer(io.vmodem.at.CommandCall call) {
        if (slowAnswers.isEmpty()) {
            return Duration.ZERO;
        }
        String text = ("AT" + call.request().display()).toUpperCase(java.util.Locale.ROOT);
        Duration longest = Duration.ZERO;
        for (var e : slowAnswers.entrySet()) {
            if (text.startsWith(e.getKey()) && e.getValue().compareTo(longest) > 0) {
                longest = e.getValue();
            }
        }
        return longest;
    }

    /**
     * The power saving settings changed ({@code AT+CPSMS}, {@code AT+CEDRXS}, ...): the session tells
     * the radio link what they now grant. Nothing to do for a module without power saving.
     */
    public void powerSavingChanged() {}

    /** Whether this module has the registration command {@code which} (all three by default). */
    protected boolean reportsRegistration(int which) {
        return true;
    }

    /** Location details appended for {@code <n>} = 2 and above: tac/lac, ci and AcT. */
    public String registrationDetail(int which, int n, int status) {
        if (n < 2 || status != Radio.REGISTERED_HOME && status != Radio.REGISTERED_ROAMING) {
            return "";
        }
        String ci = String.format("%07X", 0x29A7DF4 + (int) (modem.identity().serial() % 0xFF));
        return ",\"5650\",\"" + ci + "\"," + modem.profile().accessTechnology();
    }
}
