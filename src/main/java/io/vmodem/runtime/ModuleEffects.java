package io.vmodem.runtime;

import io.vmodem.dialect.ModemSession;
import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import java.util.List;
import java.util.Map;

/**
 * Faults of the module itself, through the dialect session's power cycle: a spontaneous reset
 * (volatile state gone, the power-up URCs arrive unasked, also in a data prompt or online), and
 * power lost until the condition ends. To come here: the AT port hanging, slow answers.
 */
final class ModuleEffects {
    private ModuleEffects() {}

    static void register(Map<Fault, FaultEffects.Maker> into) {
        FaultEffects.put(into, Fault.RESET, modem -> new FaultEffects.Effect() {
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
        FaultEffects.put(into, Fault.POWER_LOSS, modem -> new FaultEffects.Effect() {
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
