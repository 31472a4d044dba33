package io.vmodem.runtime;

import io.vmodem.fault.Fault;
import io.vmodem.fault.Injection;
import io.vmodem.fault.Param;
import java.util.Locale;

/** Faults of the UART between the module and the host, through {@link UartFaults}. */
final class UartEffects {
    private UartEffects() {}

    static void register(FaultEffects.Registry into) {
        into.effect(Fault.UART_SPLIT, modem -> new FaultEffects.Effect() {
            @Override
            public void fire(Injection fault, Integer socket) {
                split(modem, fault, true);
            }

            @Override
            public void set(Injection condition) {
                split(modem, condition, false);
            }

            @Override
            public void clear(Injection condition) {
                modem.uartFaults().stopSplitting();
            }
        });
        into.effect(Fault.UART_NOISE, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection c) {
                modem.uartFaults()
                        .noise(c.rate("rate"), UartFaults.Noise.valueOf(upper(c.choice("kind"))), direction(c));
            }

            @Override
            public void clear(Injection c) {
                modem.uartFaults().noise(0, UartFaults.Noise.FLIP, UartFaults.Direction.TO_HOST);
            }
        });
        into.effect(Fault.UART_DROP, modem -> new FaultEffects.Effect() {
            @Override
            public void set(Injection c) {
                modem.uartFaults().drop(c.rate("rate"), direction(c));
                modem.watch()
                        .note("bytes on the UART will be lost on purpose: the line is not lossless while this holds");
            }

            @Override
            public void clear(Injection c) {
                modem.uartFaults().drop(0, UartFaults.Direction.TO_HOST);
            }
        });
    }

    private static void split(VirtualModem modem, Injection f, boolean once) {
        Param.Range pieces = f.range("pieces");
        modem.uartFaults().split(pieces.low(), pieces.high(), f.duration("gap"), once);
    }

    private static UartFaults.Direction direction(Injection c) {
        return UartFaults.Direction.valueOf(upper(c.choice("direction")));
    }

    private static String upper(String word) {
        return word.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
