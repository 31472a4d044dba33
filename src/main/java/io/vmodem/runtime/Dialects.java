package io.vmodem.runtime;

import io.vmodem.dialect.Dialect;
import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.dialect.sim7600.Sim7600Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every dialect vmodem speaks, by command-line name. */
public final class Dialects {
    private static final Map<String, Dialect> ALL =
            index(List.of(new Bg96Dialect(), new Bc260yDialect(), new Sim7600Dialect()));

    private Dialects() {}

    private static Map<String, Dialect> index(List<Dialect> dialects) {
        Map<String, Dialect> map = new LinkedHashMap<>();
        for (Dialect d : dialects) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalStateException("duplicate dialect " + d.name());
            }
        }
        return Map.copyOf(map);
    }

    /** The dialect named {@code name} (any case), or null. */
    public static Dialect find(String name) {
        return ALL.get(name.toLowerCase(Locale.ROOT));
    }

    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }

    public static List<Dialect> all() {
        return names().stream().map(ALL::get).toList();
    }
}
