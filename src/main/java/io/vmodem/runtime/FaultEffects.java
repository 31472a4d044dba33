package io.vmodem.runtime;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.ModemFaults;
import io.vmodem.fault.Scenario;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each fault does to one modem, in the layers below: the runtime's side of {@link
 * ModemFaults.Effects}. A dispatch over {@link Fault}: each area registers the faults it knows how
 * to do ({@link NetworkEffects}, {@link RadioEffects}, {@link ModuleEffects}, {@link SocketEffects},
 * {@link UartEffects}); a fault no area registered is not available yet, and is refused before it
 * reaches a modem ({@link #check}).
 *
 * <p>An area's {@link Maker} makes the fault's {@link Effect} for one modem the first time the
 * modem needs it, so an effect may keep state of its own (the timer of a random walk). Everything
 * runs on the modem's thread.
 */
public final class FaultEffects implements ModemFaults.Effects {

    /** What one fault does to one modem. An event fires; a condition is set, then cleared. */
    public interface Effect {
        /** The event happens now; {@code socket} is the connect ID a socket trigger fired for, or null. */
        default void fire(Injection fault, Integer socket) {
            throw new IllegalStateException(fault.fault().id() + " is not an event");
        }

        /** The condition comes into force, or changes its parameters. */
        default void set(Injection condition) {
            throw new IllegalStateException(condition.fault().id() + " is not a condition");
        }

        /** The condition ends. */
        default void clear(Injection condition) {}

        /** The modem is gone: stop what runs on its own (timers); nothing more will be asked. */
        default void retire() {}
    }

    /** Makes a fault's effect for one modem. */
    public interface Maker {
        Effect make(VirtualModem modem);
    }

    /**
     * Checks a fault's parameters beyond the catalogue's ranges, before it reaches a modem: what the
     * layer below accepts ({@code rssi} 0-31 or 99). Throws {@link InvalidFaultParameter}.
     */
    public interface Check {
        void check(Injection injection);
    }

    /** Where each area registers what it can do. */
    static final class Registry {
        final Map<Fault, Maker> makers = new EnumMap<>(Fault.class);
        final Map<Fault, Check> checks = new EnumMap<>(Fault.class);

        /** {@code fault} is done by what {@code maker} makes; one area per fault. */
        void effect(Fault fault, Maker maker) {
            if (makers.put(fault, maker) != null) {
                throw new IllegalStateException(fault.id() + " registered twice");
            }
        }

        /** {@code fault}'s parameters are checked by {@code check} before it reaches a modem. */
        void check(Fault fault, Check check) {
            checks.put(fault, check);
        }
    }

    private static final Registry REGISTRY = registry();
    private static final Map<Fault, Maker> MAKERS = Collections.unmodifiableMap(REGISTRY.makers);

    private static Registry registry() {
        Registry r = new Registry();
        NetworkEffects.register(r);
        RadioEffects.register(r);
        ModuleEffects.register(r);
        SocketEffects.register(r);
        UartEffects.register(r);
        return r;
    }

    public static boolean available(Fault fault) {
        return MAKERS.containsKey(fault);
    }

    public static Set<Fault> available() {
        return MAKERS.keySet();
    }

    static String availableIds() {
        return MAKERS.keySet().stream().map(Fault::id).collect(Collectors.joining(", "));
    }

    /**
     * Refuses an injection this build cannot do ({@link FaultNotAvailable}), or whose parameters the
     * layer below would not take ({@link InvalidFaultParameter}).
     */
    public static void check(Injection injection) {
        check(injection, null);
    }

    /** As {@link #check(Injection)} for every step, naming where the step is written. */
    public static void check(Scenario scenario) {
        for (Scenario.Step step : scenario.steps()) {
            check(step.action(), step.where());
        }
    }

    private static void check(Injection injection, String where) {
        if (!available(injection.fault())) {
            throw new FaultNotAvailable(injection.fault(), where);
        }
        Check c = REGISTRY.checks.get(injection.fault());
        if (c != null && !injection.clear()) {
            try {
                c.check(injection);
            } catch (InvalidFaultParameter e) {
                throw where == null ? e : new InvalidFaultParameter(e.parameter(), where + "." + e.getMessage());
            }
        }
    }

    private final java.util.function.Supplier<VirtualModem> modem;
    private final Map<Fault, Effect> effects = new EnumMap<>(Fault.class);
    private boolean retired;

    /** @param modem the modem, once made (effects are made on first use, after that) */
    FaultEffects(java.util.function.Supplier<VirtualModem> modem) {
        this.modem = modem;
    }

    private Effect effect(Fault fault) {
        Effect e = effects.get(fault);
        if (e == null) {
            Maker maker = MAKERS.get(fault);
            if (maker == null) {
                throw new FaultNotAvailable(fault, null);
            }
            e = maker.make(modem.get());
            effects.put(fault, e);
        }
        return e;
    }

    /** The modem's link is gone: effects stop, and whatever the faults still do changes nothing. */
    void retire() {
        retired = true;
        effects.values().forEach(Effect::retire);
    }

    @Override
    public void fire(Injection fault, Integer socket) {
        if (!retired) {
            effect(fault.fault()).fire(fault, socket);
        }
    }

    @Override
    public void set(Injection condition) {
        if (!retired) {
            effect(condition.fault()).set(condition);
        }
    }

    @Override
    public void clear(Injection condition) {
        if (!retired) {
            effect(condition.fault()).clear(condition);
        }
    }
}
