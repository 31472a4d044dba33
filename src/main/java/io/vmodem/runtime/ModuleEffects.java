package io.vmodem.runtime;

import io.vmodem.dialect.ModemSession;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import java.util.List;

/**
 * Faults of the module itself, through the dialect session's power cycle: a spontaneous reset
 * (volatile state gone, the power-up URCs arrive unasked, also in a data prompt or online), and
 * power lost until the condition ends. To come here: the AT port hanging, slow answers.
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
}
