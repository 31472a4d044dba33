package io.vmodem.dialect;

import io.vmodem.at.AtEngine;
import io.vmodem.at.AtSettings;
import io.vmodem.at.Dispatcher;
import io.vmodem.at.DtePort;
import io.vmodem.at.EscapeRule;
import io.vmodem.modem.Modem;
import io.vmodem.modem.Radio;
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

    private int copsFormat;

    protected ModemSession(
            Modem modem, DtePort port, AtSettings factory, IntFunction<String> cmeText, EscapeRule escapeRule) {
        this.modem = modem;
        Dispatcher lazy = new Dispatcher() {
            @Override
            public io.vmodem.at.Reply dispatch(io.vmodem.at.CommandCall call) {
                io.vmodem.at.Reply reply = dispatcher().dispatch(call);
                // The module's own response time: the command acts now, its answer comes later.
                Duration delay = modem.settings().responseDelay();
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
        modem.radio().addListener(this::registrationChanged);
    }

    /** The command table bound to this session. */
    protected abstract Dispatcher dispatcher();

    /** The URCs the module prints when it has booted, in order ({@code RDY}, ...). */
    protected abstract List<String> bootUrcs();

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
        modem.files().closeAll(); // the files stay; which were open the module forgets
        modem.ssl().reset();
        registrationModes[0] = registrationModes[1] = registrationModes[2] = 0;
        copsFormat = 0;
        resetState();
        engine.commandDeadline(commandDeadline());
        engine.powerOn();
        for (String urc : bootUrcs()) {
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

    /** The registration URC words, per 27.007: {@code +CEREG: <stat>} (the URC has no {@code <n>}). */
    protected void registrationChanged(int status) {
        String[] names = {"+CREG", "+CGREG", "+CEREG"};
        for (int i = 0; i < names.length; i++) {
            if (registrationModes[i] > 0 && reportsRegistration(i)) {
                engine.urc(names[i] + ": " + status + registrationDetail(i, registrationModes[i], status));
            }
        }
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
