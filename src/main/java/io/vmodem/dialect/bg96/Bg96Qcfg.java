package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.InvalidArgument;
import io.vmodem.at.Reply;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AT+QCFG (BG96 AT Commands Manual), the extended configuration: each item is typed as the
 * manual defines it, kept in the non-volatile store (the manual saves them) and read back in the
 * manual's format, without the {@code <effect>} the host may add to a set. The items and their test
 * lines are those a BG96MAR02A07M1G lists for {@code AT+QCFG=?}.
 */
final class Bg96Qcfg {
    /** Where an item's value is kept: {@code qcfg.<name>}, the read-back text after the name. */
    static final String NV_PREFIX = "qcfg.";

    /** One parameter of an item: parsed from what the host typed into the text the read shows. */
    sealed interface Param permits Choice, Words, Mask, ScanSequence {
        String parse(CommandCall call, int i);
    }

    /** A number from a set. */
    record Choice(Set<Integer> allowed) implements Param {
        static Choice of(Integer... values) {
            return new Choice(Set.of(values));
        }

        static Choice range(int min, int max) {
            Integer[] values = new Integer[max - min + 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = min + i;
            }
            return of(values);
        }

        @Override
        public String parse(CommandCall call, int i) {
            int v = call.intArg(i, 0, 65_535);
            if (!allowed.contains(v)) {
                throw new InvalidArgument("+QCFG: " + v + " not in " + allowed);
            }
            return String.valueOf(v);
        }
    }

    /** A quoted word from a set, read back in lower case and quoted. */
    record Words(Set<String> allowed) implements Param {
        static Words of(String... words) {
            return new Words(Set.of(words));
        }

        @Override
        public String parse(CommandCall call, int i) {
            String w = call.stringArg(i).toLowerCase(Locale.ROOT);
            if (!allowed.contains(w)) {
                throw new InvalidArgument("+QCFG: \"" + w + "\" not in " + allowed);
            }
            return "\"" + w + "\"";
        }
    }

    /**
     * A band mask in hexadecimal, with or without {@code 0x}; read back with {@code 0x}, lower case.
     * 0 leaves the mask as it was (the manual's "no change").
     */
    record Mask(BigInteger max) implements Param {
        static Mask upTo(String hex) {
            return new Mask(new BigInteger(hex, 16));
        }

        @Override
        public String parse(CommandCall call, int i) {
            String t = call.stringArg(i);
            if (t.startsWith("0x") || t.startsWith("0X")) {
                t = t.substring(2);
            }
            if (t.isEmpty() || t.length() > 32 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new InvalidArgument("+QCFG: band mask " + t);
            }
            BigInteger v = new BigInteger(t, 16);
            if (v.compareTo(max) > 0) {
                throw new InvalidArgument("+QCFG: band mask " + t + " above " + max.toString(16));
            }
            return v.signum() == 0 ? null : "0x" + v.toString(16);
        }
    }

    /**
     * {@code <scanseq>}: RATs in the order to search, two digits each (01 GSM, 02 LTE Cat-M1, 03 LTE
     * Cat-NB1), or 00 for the automatic order. The module searches every RAT its scan mode allows, so
     * a shorter sequence is completed with the RATs it leaves out, in the factory order, and reads
     * back as the whole sequence (02 reads back as 020301).
     */
    record ScanSequence(List<String> factoryOrder) implements Param {
        @Override
        public String parse(CommandCall call, int i) {
            String t = call.stringArg(i);
            if (t.equals("00") || t.equals("0")) {
                return "00";
            }
            if (t.isEmpty() || t.length() % 2 != 0 || t.length() > 2 * factoryOrder.size()) {
                throw new InvalidArgument("+QCFG: scan sequence " + t);
            }
            List<String> seq = new ArrayList<>();
            for (int k = 0; k < t.length(); k += 2) {
                String rat = t.substring(k, k + 2);
                if (!factoryOrder.contains(rat) || seq.contains(rat)) {
                    throw new InvalidArgument("+QCFG: scan sequence " + t);
                }
                seq.add(rat);
            }
            for (String rat : factoryOrder) {
                if (!seq.contains(rat)) {
                    seq.add(rat);
                }
            }
            return String.join("", seq);
        }
    }

    /**
     * One item.
     *
     * @param test the item's line of the test form, after the name
     * @param effect whether a set may end with {@code <effect>} (0 after a reboot, 1 at once)
     * @param fixed whether the host can only read it
     * @param factory the factory value as it reads back
     */
    record Item(String name, String test, List<Param> params, boolean effect, boolean fixed, String factory) {
        static Item of(String name, String test, boolean effect, String factory, Param... params) {
            return new Item(name, test, List.of(params), effect, false, factory);
        }
    }

    private static final Param OFF_ON = Choice.of(0, 1);

    /** The items, in the order of the module's test form. */
    static final Map<String, Item> ITEMS = items(
            Item.of("nwscanmode", "(0,1,3),(0,1)", true, "0", Choice.of(0, 1, 3)),
            Item.of("nwscanseq", "(00-010203),(0,1)", true, "020301", new ScanSequence(List.of("02", "03", "01"))),
            Item.of("servicedomain", "(1,2),(0,1)", true, "1", Choice.of(1, 2)),
            Item.of("roamservice", "(1,2,255),(0,1)", true, "255", Choice.of(1, 2, 255)),
            Item.of(
                    "band",
                    "(0-F),(0-100002000000000F0E189F),(0-10004200000000090E189F),(0,1)",
                    true,
                    "0xf,0x100002000000000f0e189f,0x10004200000000090e189f",
                    Mask.upTo("F"),
                    Mask.upTo("100002000000000F0E189F"),
                    Mask.upTo("10004200000000090E189F")),
            Item.of("msc", "(0-2)", false, "0", Choice.range(0, 2)),
            Item.of("sgsn", "(0-2)", false, "0", Choice.range(0, 2)),
            new Item("celevel", "(0-2)", List.of(), false, true, "0"),
            Item.of("pdp/duplicatechk", "(0,1)", false, "0", OFF_ON),
            Item.of("iotopmode", "(0-2)", true, "2", Choice.range(0, 2)),
            Item.of("psm/urc", "(0,1)", false, "0", OFF_ON),
            Item.of("ledmode", "(0,1,3)", false, "0", Choice.of(0, 1, 3)),
            Item.of("airplanecontrol", "(0,1)", false, "0", OFF_ON),
            Item.of(
                    "urc/ri/ring",
                    "(\"off\",\"pulse\",\"always\",\"auto\",\"wave\"),(1-2000),(1-10000),(1-10000),(\"off\",\"on\"),(1-5)",
                    false,
                    "\"pulse\",120,1000,5000,\"off\",1",
                    Words.of("off", "pulse", "always", "auto", "wave"),
                    Choice.range(1, 2000),
                    Choice.range(1, 10_000),
                    Choice.range(1, 10_000),
                    Words.of("off", "on"),
                    Choice.range(1, 5)),
            Item.of(
                    "urc/ri/smsincoming",
                    "(\"off\",\"pulse\",\"always\"),(1-2000),(1-5)",
                    false,
                    "\"pulse\",120,1",
                    Words.of("off", "pulse", "always"),
                    Choice.range(1, 2000),
                    Choice.range(1, 5)),
            Item.of(
                    "urc/ri/other",
                    "(\"off\",\"pulse\"),(1-2000),(1-5)",
                    false,
                    "\"pulse\",120,1",
                    Words.of("off", "pulse"),
                    Choice.range(1, 2000),
                    Choice.range(1, 5)),
            Item.of(
                    "risignaltype",
                    "(\"respective\",\"physical\")",
                    false,
                    "\"respective\"",
                    Words.of("respective", "physical")),
            Item.of("urc/delay", "(0,1)", false, "0", OFF_ON),
            Item.of("cmux/urcport", "(0-4)", false, "0", Choice.range(0, 4)),
            Item.of("apready", "(0,1),(0,1),(100-3000)", false, "0,0,500", OFF_ON, OFF_ON, Choice.range(100, 3000)),
            Item.of("psm/enter", "(0,1)", false, "0", OFF_ON));

    private Bg96Qcfg() {}

    private static Map<String, Item> items(Item... items) {
        Map<String, Item> map = new LinkedHashMap<>();
        for (Item i : items) {
            map.put(i.name(), i);
        }
        return map;
    }

    /** The value of {@code name} as it reads back (after the name and its comma). */
    static String value(Bg96Session s, String name) {
        return s.modem().nv().get(NV_PREFIX + name, ITEMS.get(name).factory());
    }

    /** A number-valued item (or its first number), such as {@code psm/urc}. */
    static int intValue(Bg96Session s, String name) {
        String v = value(s, name);
        int comma = v.indexOf(',');
        return Integer.parseInt(comma < 0 ? v : v.substring(0, comma));
    }

    static AtCommand<Bg96Session> command() {
        return AtCommand.<Bg96Session>named("+QCFG")
                .summary("Extended configuration (scan mode and sequence, bands, IoT mode, RI, PSM URC, ...): typed, "
                        + "kept in NV, read back without <effect>")
                .section("BG96 AT manual")
                .test((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    ITEMS.values().forEach(i -> lines.add("+QCFG: \"" + i.name() + "\"," + i.test()));
                    return Reply.ok(lines);
                })
                .set(Bg96Qcfg::set)
                .onInvalid((s, call) -> Reply.error())
                .build();
    }

    private static Reply set(Bg96Session s, CommandCall call) {
        Item item = ITEMS.get(call.stringArg(0).toLowerCase(Locale.ROOT));
        if (item == null) {
            return Reply.error();
        }
        String head = "+QCFG: \"" + item.name() + "\",";
        int given = call.argCount() - 1;
        if (given == 0) {
            return Reply.ok(head + value(s, item.name()));
        }
        int n = item.params().size();
        if (item.fixed() || given > n + (item.effect() ? 1 : 0) || item.effect() && given < n) {
            return Reply.error();
        }
        if (item.effect() && given == n + 1) {
            call.intArg(n + 1, 0, 1);
        }
        String[] current = splitValue(value(s, item.name()), n);
        for (int k = 0; k < Math.min(given, n); k++) {
            if (call.has(k + 1)) {
                String v = item.params().get(k).parse(call, k + 1);
                if (v != null) {
                    current[k] = v;
                }
            }
        }
        s.modem().nv().put(NV_PREFIX + item.name(), String.join(",", current));
        s.qcfgChanged(item.name());
        return Reply.ok();
    }

    /** A stored value's {@code n} fields (none of them holds a comma). */
    private static String[] splitValue(String value, int n) {
        String[] parts = value.split(",", -1);
        return parts.length == n ? parts : Arrays.copyOf(parts, n);
    }
}
