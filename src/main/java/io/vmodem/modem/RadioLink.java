package io.vmodem.modem;

import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The radio connection as the host notices it, for LTE-M and NB-IoT alike (BC260Y-CN guide 2.4,
 * notes 1-3; BG96 PSM application note): <em>connected</em>, events from the network come at once;
 * <em>idle</em>, the module listens only at its paging occasions, so an event from the network waits
 * for the next one (the DRX or eDRX cycle); <em>PSM</em>, the module hears nothing and events wait
 * until it wakes, at its periodic TAU or when the host sends. The network releases the connection
 * after {@link #INACTIVITY} without traffic (or at once, with a RAI), and PSM starts when the active
 * time T3324 has run out. Time is the modem's scheduler, so tests run it virtually.
 *
 * <p>Events wait only while the host has PSM or eDRX on ({@link PowerSaving#delaysDownlink}); with
 * the factory settings the module answers paging at once. Answers to the host's own commands never
 * wait: the command wakes the radio first, and what was waiting follows the command's answer.
 *
 * <p>An event is a {@link Runnable} that reports it (a dialect hands over "print this URC"), so this
 * class knows nothing of how a module words what happened.
 */
public final class RadioLink {
    /** The network releases the RRC connection after this long without traffic (a common value). */
    public static final Duration INACTIVITY = Duration.ofSeconds(20);

    public enum State {
        CONNECTED,
        IDLE,
        PSM
    }

    /** Told of the link's transitions; dialects word them ({@code +CSCON}, {@code PSM POWER DOWN}). */
    public interface Listener {
        /** The RRC connection was set up (true) or released (false). */
        default void connectionChanged(boolean connected) {}

        /** The active time ran out: the module sleeps until its periodic TAU or the host sends. */
        default void psmEntered() {}
    }

    private final Scheduler scheduler;
    private final List<Listener> listeners = new ArrayList<>(1);
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private PowerSaving saving = PowerSaving.OFF;
    private boolean reportTransitions;
    private State state = State.IDLE;
    private long lastActivity;
    private long idleSince;
    private Scheduler.Cancellable inactivity = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable activeTimer = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable tauTimer = Scheduler.Cancellable.DONE;
    private Scheduler.Cancellable pagingTimer = Scheduler.Cancellable.DONE;
    private boolean pagingArmed;
    private boolean flushScheduled;
    private boolean releaseAfterDownlink;
    private int generation;

    public RadioLink(Scheduler scheduler) {
        this.scheduler = scheduler;
        reset();
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Power-up: idle, nothing waiting, no timers, the factory settings. */
    public void reset() {
        generation++;
        cancelIdleTimers();
        inactivity.cancel();
        waiting.clear();
        saving = PowerSaving.OFF;
        reportTransitions = false;
        state = State.IDLE;
        lastActivity = now() - INACTIVITY.toNanos();
        idleSince = lastActivity;
        flushScheduled = false;
        releaseAfterDownlink = false;
    }

    /**
     * New settings: PSM and eDRX as granted, and whether transitions are reported ({@code
     * AT+CSCON=1}), which needs the release timer even when nothing waits.
     */
    public void configure(PowerSaving saving, boolean reportTransitions) {
        settle();
        this.saving = saving;
        this.reportTransitions = reportTransitions;
        if (state == State.CONNECTED) {
            armInactivity(Duration.ofNanos(Math.max(0, INACTIVITY.toNanos() - (now() - lastActivity))));
            return;
        }
        if (!saving.delaysDownlink()) {
            cancelIdleTimers();
            state = State.IDLE;
            if (!waiting.isEmpty()) {
                connect();
                flushNow();
            }
            return;
        }
        if (state == State.PSM && !saving.psm()) {
            state = State.IDLE;
        }
        planIdle();
    }

    public State state() {
        settle();
        return state;
    }

    /** {@code <mode>} of {@code +CSCON}: 1 connected, 0 idle (or asleep). */
    public int signallingMode() {
        return state() == State.CONNECTED ? 1 : 0;
    }

    /** Events waiting for the radio. */
    public int waiting() {
        return waiting.size();
    }

    // ---- traffic ----

    /** The host's command makes the module transmit: the radio connects now. */
    public void uplink() {
        connect();
        if (!waiting.isEmpty()) {
            scheduleFlush();
        }
    }

    /**
     * The network answers something the host started (a connection, a lookup, a ping): the radio is
     * connected, so whatever waited comes first, then the answer.
     */
    public void answer(Runnable report) {
        connect();
        flushNow();
        report.run();
    }

    /** Whether an event the network starts now is reported at once ({@link #downlink}). */
    public boolean downlinkNow() {
        settle();
        return waiting.isEmpty() && (state == State.CONNECTED || !saving.delaysDownlink());
    }

    /** An event the network started (data, a close): reported as soon as the module can hear it. */
    public void downlink(Runnable report) {
        if (downlinkNow()) {
            connect();
            report.run();
            if (releaseAfterDownlink) {
                releaseAfterDownlink = false;
                later(this::release);
            }
            return;
        }
        waiting.add(report);
        switch (state) {
            case CONNECTED -> scheduleFlush();
            case IDLE -> schedulePaging();
            case PSM -> {} // until the periodic TAU or the host sends
        }
    }

    /** {@code <rai_mode>} 1: release the connection right after this uplink. */
    public void releaseAfterUplink() {
        later(this::release);
    }

    /** {@code <rai_mode>} 2: release the connection after the next downlink packet. */
    public void releaseAfterNextDownlink() {
        releaseAfterDownlink = true;
    }

    // ---- transitions ----

    private void connect() {
        settle();
        lastActivity = now();
        cancelIdleTimers();
        if (state != State.CONNECTED) {
            state = State.CONNECTED;
            for (Listener l : listeners) {
                l.connectionChanged(true);
            }
        }
        armInactivity(INACTIVITY);
    }

    /** The network releases the RRC connection: idle, then PSM after the active time. */
    private void release() {
        if (state != State.CONNECTED) {
            return;
        }
        inactivity.cancel();
        becomeIdle(now());
    }

    private void becomeIdle(long since) {
        state = State.IDLE;
        idleSince = since;
        for (Listener l : listeners) {
            l.connectionChanged(false);
        }
        planIdle();
    }

    /** Timers of the idle module, counted from when it went idle. */
    private void planIdle() {
        cancelIdleTimers();
        if (!saving.delaysDownlink()) {
            return;
        }
        Duration idleFor = Duration.ofNanos(now() - idleSince);
        if (saving.psm() && saving.activeTime() != null && state == State.IDLE) {
            activeTimer = after(saving.activeTime().minus(idleFor), this::enterPsm);
        }
        if (saving.psm() && saving.activeTime() != null && saving.periodicTau() != null) {
            tauTimer = after(saving.periodicTau().minus(idleFor), this::periodicTau);
        }
        if (!waiting.isEmpty() && state == State.IDLE) {
            schedulePaging();
        }
    }

    private void enterPsm() {
        if (state == State.IDLE) {
            state = State.PSM;
            pagingTimer.cancel();
            pagingArmed = false;
            for (Listener l : listeners) {
                l.psmEntered();
            }
        }
    }

    /** T3412 ran out: the module wakes, updates its tracking area and gets what waited. */
    private void periodicTau() {
        connect();
        flushNow();
    }

    private void schedulePaging() {
        if (pagingArmed) {
            return;
        }
        long cycle = saving.pagingCycle().toNanos();
        long idleFor = now() - idleSince;
        long next = (idleFor / cycle + 1) * cycle;
        pagingArmed = true;
        pagingTimer = after(Duration.ofNanos(next - idleFor), this::paged);
    }

    private void paged() {
        pagingArmed = false;
        if (state == State.IDLE) {
            connect();
            flushNow();
        }
    }

    private void flushNow() {
        boolean delivered = !waiting.isEmpty();
        while (!waiting.isEmpty()) {
            waiting.poll().run();
        }
        if (delivered && releaseAfterDownlink) {
            releaseAfterDownlink = false;
            later(this::release);
        }
    }

    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        later(() -> {
            flushScheduled = false;
            if (state == State.CONNECTED) {
                flushNow();
            }
        });
    }

    /**
     * Without a reason to run timers (no PSM or eDRX, no +CSCON reports) the release is worked out
     * when someone looks, so an idle modem has no timer pending.
     */
    private void settle() {
        if (state == State.CONNECTED && !timersNeeded() && now() - lastActivity >= INACTIVITY.toNanos()) {
            inactivity.cancel();
            state = State.IDLE;
            idleSince = lastActivity + INACTIVITY.toNanos();
        }
    }

    private boolean timersNeeded() {
        return saving.delaysDownlink() || reportTransitions;
    }

    private void armInactivity(Duration left) {
        inactivity.cancel();
        if (timersNeeded()) {
            inactivity = after(left, this::release);
        }
    }

    private void cancelIdleTimers() {
        activeTimer.cancel();
        tauTimer.cancel();
        pagingTimer.cancel();
        pagingArmed = false;
    }

    private Scheduler.Cancellable after(Duration delay, Runnable task) {
        int g = generation;
        Duration d = delay.isNegative() ? Duration.ZERO : delay;
        return scheduler.schedule(
                () -> {
                    if (g == generation) {
                        task.run();
                    }
                },
                d);
    }

    private void later(Runnable task) {
        int g = generation;
        scheduler.execute(() -> {
            if (g == generation) {
                task.run();
            }
        });
    }

    private long now() {
        return scheduler.nanoTime();
    }
}
