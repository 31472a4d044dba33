package io.vmodem.runtime;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.NetConditions;
import io.vmodem.net.PdpContext;
import java.util.Locale;

/**
 * Faults of the packet network, through {@link ModemNetwork} and its {@link NetConditions}: contexts
 * dropped by the network, activations refused or slow, name lookups answered badly. Each dialect
 * words what its module reports ({@code +QIURC: "pdpdeact"}, {@code +CIPEVENT: NETWORK CLOSED
 * UNEXPECTEDLY}, {@code +NETOPEN: 1}, {@code +QIURC: "dnsgip",565}, ...).
 */
final class NetworkEffects {
    private NetworkEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.PDP_DROP, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                ModemNetwork network = network(modem);
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
        into.effect(Fault.ACTIVATION_REFUSED, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                conditions(modem).refuseActivation(true);
            }

            @Override
            public void clear(Injection condition) {
                conditions(modem).refuseActivation(false);
            }
        });
        into.effect(Fault.ACTIVATION_DELAY, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                conditions(modem).activationDelay(condition.duration("delay"));
            }

            @Override
            public void clear(Injection condition) {
                conditions(modem).activationDelay(null);
            }
        });
        into.effect(Fault.DNS, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                conditions(modem)
                        .dns(
                                condition.key(),
                                new NetConditions.Dns(
                                        NetConditions.DnsAnswer.valueOf(
                                                condition.choice("answer").toUpperCase(Locale.ROOT)),
                                        condition.duration("delay"),
                                        condition.text("name").orElse(null)));
            }

            @Override
            public void clear(Injection condition) {
                conditions(modem).clearDns(condition.key());
            }
        });
    }

    static ModemNetwork network(VirtualModem modem) {
        return modem.session().modem().network();
    }

    /** The network's conditions, drawing their random choices from the modem's seeded generator. */
    static NetConditions conditions(VirtualModem modem) {
        NetConditions c = network(modem).conditions();
        c.random(modem.faults().random());
        return c;
    }
}
