package io.vmodem.runtime;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.modem.Radio;
import io.vmodem.modem.SimCard;
import io.vmodem.time.Scheduler;

/**
 * Faults of the radio, through {@link Radio} and the modem (the dialects word what it reports: {@code
 * +CEREG}, {@code +CSQ}, {@code +QIND: "csq"}, {@code +CPIN}): the registration the network grants,
 * the packet attach it takes away, the signal, fixed or wandering, and the SIM.
 */
final class RadioEffects {
    private RadioEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.REGISTRATION, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                radio(modem).registration(status(condition.choice("state")));
            }

            @Override
            public void clear(Injection condition) {
                radio(modem).registration(Radio.REGISTERED_HOME);
            }
        });
        into.effect(Fault.ATTACH_LOST, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                modem.session().modem().packetService(false);
            }

            @Override
            public void clear(Injection condition) {
                modem.session().modem().packetService(true);
            }
        });
        into.effect(Fault.SIM, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection condition) {
                modem.session()
                        .modem()
                        .simState(
                                condition.choice("state").equals("removed")
                                        ? SimCard.State.REMOVED
                                        : SimCard.State.NOT_READY);
            }

            @Override
            public void clear(Injection condition) {
                modem.session().modem().simState(SimCard.State.READY);
            }
        });
        into.effect(Fault.SIGNAL, SignalWalk::new);
        into.check(Fault.SIGNAL, c -> {
            int rssi = c.intValue("rssi");
            if (rssi > 31 && rssi != Radio.SIGNAL_UNKNOWN) {
                throw new InvalidFaultParameter("rssi", "rssi: expected 0..31 or 99, got " + rssi);
            }
            int ber = c.intValue("ber");
            if (ber > 7 && ber != Radio.SIGNAL_UNKNOWN) {
                throw new InvalidFaultParameter("ber", "ber: expected 0..7 or 99, got " + ber);
            }
        });
    }

    /** The 27.007 {@code <stat>} for the catalogue's word. */
    static int status(String state) {
        return switch (state) {
            case "searching" -> Radio.SEARCHING;
            case "denied" -> Radio.DENIED;
            case "roaming" -> Radio.REGISTERED_ROAMING;
            case "not-registered" -> Radio.NOT_REGISTERED;
            case "unknown" -> Radio.UNKNOWN;
            default -> Radio.REGISTERED_HOME;
        };
    }

    private static Radio radio(VirtualModem modem) {
        return modem.session().modem().radio();
    }

    /**
     * The signal at a level, or wandering from it: every {@code every}, the level moves by up to
     * {@code step} either way within {@code min..max}, each move drawn from the modem's generator.
     * Cleared: back to the profile's level.
     */
    private static final class SignalWalk implements FaultEffects.Effect {
        private final VirtualModem modem;
        private Scheduler.Cancellable walk = Scheduler.Cancellable.DONE;
        private int level;

        SignalWalk(VirtualModem modem) {
            this.modem = modem;
        }

        @Override
        public void set(Injection c) {
            walk.cancel();
            int rssi = c.intValue("rssi");
            int ber = c.intValue("ber");
            radio(modem).signal(rssi, ber);
            if (!c.duration("every").isZero() && rssi != Radio.SIGNAL_UNKNOWN) {
                level = rssi;
                schedule(c);
            }
        }

        private void schedule(Injection c) {
            walk = modem.session().modem().scheduler().schedule(() -> step(c), c.duration("every"));
        }

        private void step(Injection c) {
            int step = c.intValue("step");
            int low = Math.min(c.intValue("min"), c.intValue("max"));
            int high = Math.max(c.intValue("min"), c.intValue("max"));
            int move = modem.faults().random().nextInt(2 * step + 1) - step;
            level = Math.max(low, Math.min(high, level + move));
            radio(modem).signal(level, c.intValue("ber"));
            modem.watch().note("signal walks to rssi " + level);
            schedule(c);
        }

        @Override
        public void retire() {
            walk.cancel();
        }

        @Override
        public void clear(Injection c) {
            walk.cancel();
            var profile = modem.session().modem().profile();
            radio(modem).signal(profile.rssi(), profile.ber());
        }
    }
}
