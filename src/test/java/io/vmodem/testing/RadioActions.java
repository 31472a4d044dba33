package io.vmodem.testing;

import io.vmodem.modem.Radio;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Transcript actions that change the world around the modem through its radio's Java API, on the
 * modem's loop, as the fault model will: {@code do coverage off}, {@code do radio.signal 12,3},
 * {@code do radio.registration 5}.
 */
public final class RadioActions {
    private RadioActions() {}

    public static void addTo(Map<String, Consumer<String>> actions, ModemHarness modem) {
        actions.put("coverage", on -> onRadio(modem, radio -> radio.coverage(on.equals("on"))));
        actions.put("radio.signal", arg -> {
            String[] v = arg.split(",");
            onRadio(modem, radio -> radio.signal(Integer.parseInt(v[0].strip()), Integer.parseInt(v[1].strip())));
        });
        actions.put(
                "radio.registration",
                arg -> onRadio(modem, radio -> radio.registration(Integer.parseInt(arg.strip()))));
    }

    private static void onRadio(ModemHarness modem, Consumer<Radio> change) {
        modem.onLoop(() -> change.accept(modem.session().modem().radio()));
    }
}
