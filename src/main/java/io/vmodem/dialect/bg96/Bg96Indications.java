package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.modem.NvStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AT+QINDCFG (BG96 AT Commands Manual): which URC indications the module gives. Each type is on or
 * off; a set with {@code <savetonvram>} 1 is kept in the non-volatile store, otherwise it lasts until
 * the next power-up. Of the indications, {@code "csq"} is modelled: {@code +QIND: "csq",<rssi>,<ber>}
 * whenever the signal changes, while {@code "all"} (the main switch) is on too.
 */
final class Bg96Indications {
    /** The types and their factory setting (1 on), in the order of the test form. */
    private static final Map<String, Integer> FACTORY = new LinkedHashMap<>();

    static {
        FACTORY.put("all", 1);
        FACTORY.put("csq", 0);
        FACTORY.put("smsfull", 0);
        FACTORY.put("ring", 1);
        FACTORY.put("smsincoming", 1);
    }

    private static final String NV_PREFIX = "qindcfg.";

    private final NvStore nv;
    private final Map<String, Integer> current = new LinkedHashMap<>();

    Bg96Indications(NvStore nv) {
        this.nv = nv;
        load();
    }

    /** Power-up: what was saved, else the factory setting. */
    void load() {
        FACTORY.forEach((type, on) -> current.put(type, nv.getInt(NV_PREFIX + type, on)));
    }

    boolean enabled(String type) {
        return current.getOrDefault(type, 0) == 1;
    }

    /** AT+QINDCFG=<urctype>[,<enable>[,<savetonvram>]]: the type alone queries it. */
    static AtCommand<Bg96Session> command() {
        return AtCommand.<Bg96Session>named("+QINDCFG")
                .summary("URC indications: all, csq (+QIND: \"csq\" on signal changes), smsfull, ring, smsincoming; "
                        + "optionally kept in NV")
                .section("BG96 AT manual")
                .test((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    FACTORY.keySet().forEach(type -> lines.add("+QINDCFG: \"" + type + "\",(0,1),(0,1)"));
                    return Reply.ok(lines);
                })
                .set((s, call) -> {
                    call.atMost(3);
                    String type = call.stringArg(0).toLowerCase(Locale.ROOT);
                    Bg96Indications ind = s.indications();
                    if (!FACTORY.containsKey(type)) {
                        return Reply.error();
                    }
                    if (!call.has(1)) {
                        if (call.argCount() > 1) {
                            return Reply.error();
                        }
                        return Reply.ok("+QINDCFG: \"" + type + "\"," + ind.current.get(type));
                    }
                    int enable = call.intArg(1, 0, 1);
                    boolean save = call.intArg(2, 0, 1, 0) == 1;
                    ind.current.put(type, enable);
                    if (save) {
                        ind.nv.put(NV_PREFIX + type, String.valueOf(enable));
                    }
                    return Reply.ok();
                })
                .build();
    }
}
