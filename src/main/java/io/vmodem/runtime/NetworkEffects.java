package io.vmodem.runtime;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.PdpContext;

/**
 * Faults of the packet network: contexts dropped by the network (each dialect words the loss:
 * {@code +QIURC: "pdpdeact"}, {@code +CIPEVENT: NETWORK CLOSED UNEXPECTEDLY}, ...). To come here:
 * activation refused or slow, attach lost, DNS answering badly.
 */
final class NetworkEffects {
    private NetworkEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.PDP_DROP, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                ModemNetwork network = modem.session().modem().network();
                var context = fault.optionalInt("context");
                if (context.isPresent()) {
                    PdpContext c = network.context(context.get());
                    if (!c.active()) {
                        modem.watch().note("context " + c.id() + " is not active: nothing to drop");
                    }
                    network.dropContext(c);
                    return;
                }
                for (PdpContext c : network.contexts()) {
                    network.dropContext(c);
                }
            }
        });
    }
}
