package io.vmodem.runtime;

import io.vmodem.dialect.ModemSession;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import java.util.List;

/**
 * Faults of the module itself: through the dialect session's power cycle, a spontaneous reset
 * (volatile state gone, the power-up URCs arrive unasked, also in a data prompt or online) and power
 * lost until the condition ends; through the AT engine, the port hanging (nothing answered, input
 * lost or kept) and slow answers (a delay before the answers of the commands a prefix picks); and a
 * connect ID that never frees until the module reboots.
 */
final class ModuleEffects {
    private ModuleEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.RESET, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                ModemSession session = modem.session();
                if (!session.powered() && !session.booting()) {
                    modem.watch().note("the module is off: nothing to reset");
                    return;
                }
                session.reboot(List.of());
            }
        });
        into.effect(Fault.PORT_HANG, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                boolean keep = condition.choice("input").equals("keep");
                modem.session().engine().hang(keep);
                modem.watch().note("the AT port answers nothing; the host's input is " + (keep ? "kept" : "lost"));
            }

            @Override
            public void clear(Injection condition) {
                modem.session().engine().stopHanging();
            }
        });
        into.effect(Fault.SLOW_ANSWERS, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                modem.session().slowAnswers(prefix(condition), condition.duration("delay"));
            }

            @Override
            public void clear(Injection condition) {
                modem.session().slowAnswers(prefix(condition), null);
            }
        });
        into.effect(Fault.CONNECT_ID_LEAK, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                int id = fault.optionalInt("socket").orElse(socket == null ? -1 : socket);
                int ids = modem.session().connectIds();
                if (id < 0 || id >= ids) {
                    modem.watch().note("no connect ID " + id + " on this module (0-" + (ids - 1) + "): nothing leaks");
                    return;
                }
                modem.session().modem().connectIdLeaks().leak(id);
            }
        });
        into.effect(Fault.POWER_LOSS, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                modem.session().powerOff();
            }

            @Override
            public void clear(Injection condition) {
                modem.session().powerOn();
            }
        });
    }

    /** The command prefix a slow-answers condition picks ({@code AT} prepended when left out); all when none. */
    private static String prefix(Injection condition) {
        String p = condition.text("command").orElse("").strip();
        return p.isEmpty() || p.regionMatches(true, 0, "AT", 0, 2) ? p : "AT" + p;
    }
}
