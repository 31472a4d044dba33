package io.vmodem.fault;

import static io.vmodem.fault.Param.choice;
import static io.vmodem.fault.Param.duration;
import static io.vmodem.fault.Param.integer;
import static io.vmodem.fault.Param.range;
import static io.vmodem.fault.Param.rate;
import static io.vmodem.fault.Param.text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every fault and condition vmodem can inject, each named once: what a real network and module do
 * rarely. A fault is an event ({@code pdp-drop}); a condition is a state that lasts until it is
 * cleared or its {@code for} runs out ({@code latency}). Socket faults apply to the sockets a step's
 * {@code host}, {@code port} or {@code socket} pick, all of them when none is given. This is the
 * catalogue; what each one does lives in the layer it belongs to (net, modem, the engine, the
 * dialect's wording).
 */
public enum Fault {
    // ---- the network and the module ----
    PDP_DROP(
            "pdp-drop",
            Kind.EVENT,
            Scope.MODEM,
            "The network drops a PDP context: its sockets end and the module reports it in its words",
            integer("context", 0, 16, null, "the context; every active one when left out")
                    .optional()),
    ACTIVATION_REFUSED(
            "activation-refused",
            Kind.CONDITION,
            Scope.MODEM,
            "The network refuses to activate PDP contexts (each dialect's activation failure)"),
    ACTIVATION_DELAY(
            "activation-delay",
            Kind.CONDITION,
            Scope.MODEM,
            "Activating a PDP context takes this long",
            duration("delay", null, "how long an activation takes")),
    REGISTRATION(
            "registration",
            Kind.CONDITION,
            Scope.MODEM,
            "The registration state (+CREG/+CGREG/+CEREG URCs per their <n>); cleared: registered again",
            choice(
                    "state",
                    null,
                    "the registration state",
                    "searching",
                    "denied",
                    "roaming",
                    "not-registered",
                    "unknown",
                    "registered")),
    ATTACH_LOST(
            "attach-lost",
            Kind.CONDITION,
            Scope.MODEM,
            "Packet domain detached (+CGATT: 0); active contexts are dropped"),
    SIGNAL(
            "signal",
            Kind.CONDITION,
            Scope.MODEM,
            "The signal level (+CSQ, +QCSQ, +CESQ, +CPSI, +QIND: \"csq\"); rssi 99 is no coverage, which"
                    + " blocks opens and sends; with every: a random walk",
            integer("rssi", 0, 99, null, "0..31, or 99 for no signal"),
            integer("ber", 0, 99, 99, "bit error rate 0..7, or 99 unknown"),
            duration("every", Duration.ZERO, "walk: how often the level moves (0: it stays)"),
            integer("step", 1, 31, 2, "walk: the most it moves at once"),
            integer("min", 0, 31, 0, "walk: the lowest level"),
            integer("max", 0, 31, 31, "walk: the highest level")),
    SIM(
            "sim",
            Kind.CONDITION,
            Scope.MODEM,
            "The SIM is removed or not ready (+CPIN: NOT READY, +CME ERROR: 10); cleared: back and ready",
            choice("state", null, "what the SIM does", "removed", "not-ready")),
    RESET(
            "reset",
            Kind.EVENT,
            Scope.MODEM,
            "A spontaneous reset: volatile state gone, power-up URCs arrive unasked (also mid-prompt or online)"),
    POWER_LOSS(
            "power-loss",
            Kind.CONDITION,
            Scope.MODEM,
            "Power lost: the module is silent until the condition ends, then boots afresh"),
    PORT_HANG(
            "port-hang",
            Kind.CONDITION,
            Scope.MODEM,
            "The AT port hangs: nothing is answered while it lasts",
            choice("input", "drop", "what happens to the host's bytes meanwhile", "drop", "keep")),
    SLOW_ANSWERS(
            "slow-answers",
            Kind.CONDITION,
            Scope.MODEM,
            "Commands take longer to answer",
            duration("delay", null, "added before each answer"),
            text("command", "only commands starting with this, e.g. AT+QIOPEN (every command when left out)")),

    // ---- the UART ----
    UART_SPLIT(
            "uart-split",
            Kind.BOTH,
            Scope.UART,
            "The module's output reaches the host in pieces with gaps (as a fault: its next output only)",
            range("pieces", 1, 4096, new Param.Range(1, 8), "how many pieces each output is cut into"),
            duration("gap", Duration.ofMillis(5), "the pause between pieces")),
    UART_NOISE(
            "uart-noise",
            Kind.CONDITION,
            Scope.UART,
            "Bytes on the line are corrupted at a rate (flipped bits or inserted bytes)",
            rate("rate", null, "probability that a byte is hit"),
            choice("kind", "flip", "flip a bit, insert a byte, or either", "flip", "insert", "both"),
            choice("direction", "to-host", "which way", "to-host", "from-host", "both")),
    UART_DROP(
            "uart-drop",
            Kind.CONDITION,
            Scope.UART,
            "Bytes on the line are lost at a rate: breaks losslessness on purpose, and the trace says so",
            rate("rate", null, "probability that a byte is lost"),
            choice("direction", "to-host", "which way", "to-host", "from-host", "both")),

    // ---- sockets ----
    CONNECT_REFUSED("connect-refused", Kind.CONDITION, Scope.SOCKET, "Connects are refused (a RST answers the SYN)"),
    CONNECT_TIMEOUT(
            "connect-timeout",
            Kind.CONDITION,
            Scope.SOCKET,
            "Connects are never answered; the module gives up after its own timeout"),
    DNS(
            "dns",
            Kind.CONDITION,
            Scope.MODEM,
            "Name lookups answer badly: NXDOMAIN, SERVFAIL, nothing, or late",
            choice("answer", null, "what the DNS servers do", "nxdomain", "servfail", "none", "late"),
            duration("delay", Duration.ofSeconds(5), "late: how late"),
            text("name", "only names matching this (a glob: *.example.org); every name when left out")),
    PEER_RESET(
            "peer-reset",
            Kind.EVENT,
            Scope.SOCKET,
            "The peer resets the connection (RST)",
            integer("after", 0, Integer.MAX_VALUE, 0, "after this many more bytes have arrived")),
    PEER_CLOSE(
            "peer-close",
            Kind.EVENT,
            Scope.SOCKET,
            "The peer closes the connection (FIN)",
            integer("after", 0, Integer.MAX_VALUE, 0, "after this many more bytes have arrived")),
    PEER_VANISH(
            "peer-vanish",
            Kind.EVENT,
            Scope.SOCKET,
            "The peer vanishes without FIN or RST: sends go unacknowledged until the module gives up"),
    LATENCY(
            "latency",
            Kind.CONDITION,
            Scope.SOCKET,
            "Bytes take longer to cross the network",
            integer("ms", 0, 600_000, null, "added delay in milliseconds"),
            integer("jitter", 0, 600_000, 0, "up to this many milliseconds more, at random (order kept)"),
            choice("direction", "both", "which way", "uplink", "downlink", "both")),
    BANDWIDTH(
            "bandwidth",
            Kind.CONDITION,
            Scope.SOCKET,
            "Bytes cross the network no faster than this",
            integer("kbps", 1, 10_000_000, null, "kilobits per second"),
            choice("direction", "both", "which way", "uplink", "downlink", "both")),
    UDP_LOSS(
            "udp-loss",
            Kind.CONDITION,
            Scope.SOCKET,
            "Datagrams are lost at a rate",
            rate("rate", null, "probability that a datagram is lost"),
            choice("direction", "both", "which way", "uplink", "downlink", "both")),
    UDP_DUPLICATE(
            "udp-duplicate",
            Kind.CONDITION,
            Scope.SOCKET,
            "Datagrams arrive twice at a rate",
            rate("rate", null, "probability that a datagram is duplicated"),
            choice("direction", "both", "which way", "uplink", "downlink", "both")),
    UDP_REORDER(
            "udp-reorder",
            Kind.CONDITION,
            Scope.SOCKET,
            "Datagrams overtake each other at a rate",
            rate("rate", null, "probability that a datagram is held back behind the next"),
            choice("direction", "both", "which way", "uplink", "downlink", "both")),
    SEND_FAIL("send-fail", Kind.EVENT, Scope.SOCKET, "The next send fails (BG96 SEND FAIL, SIM7600 +CIPERROR)"),
    SEND_STALL(
            "send-stall",
            Kind.CONDITION,
            Scope.SOCKET,
            "The send buffer stops draining: sends fill it, then are refused as full"),
    CONNECT_ID_LEAK(
            "connect-id-leak",
            Kind.EVENT,
            Scope.MODEM,
            "A connect ID never frees again: every later open on it fails (BG96 +QIOPEN: <id>,563) until"
                    + " the module reboots",
            integer("socket", 0, 99, null, "the connect ID (link number) that leaks"));

    /** An event happens once; a condition holds until cleared; some can be either. */
    public enum Kind {
        EVENT,
        CONDITION,
        BOTH
    }

    /** What a fault acts on: the whole modem, its sockets (selectable), or its UART. */
    public enum Scope {
        MODEM,
        SOCKET,
        UART
    }

    /** Parameters every socket fault takes to pick its sockets. */
    private static List<Param> socketSelectors() {
        return List.of(
                text("host", "destination host: a name, an address, a glob (*.example.org) or a CIDR block"),
                integer("port", 1, 65535, null, "destination port").optional(),
                integer("socket", 0, 99, null, "the module's connect ID (link number)")
                        .optional());
    }

    private static final Map<String, Fault> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Fault::id, Function.identity()));

    private final String id;
    private final Kind kind;
    private final Scope scope;
    private final String summary;
    private final List<Param> params;

    Fault(String id, Kind kind, Scope scope, String summary, Param... params) {
        this.id = id;
        this.kind = kind;
        this.scope = scope;
        this.summary = summary;
        List<Param> all = new ArrayList<>(List.of(params));
        if (scope == Scope.SOCKET) {
            all.addAll(socketSelectors());
        }
        this.params = List.copyOf(all);
    }

    /** The name in scenarios and the API: {@code pdp-drop}. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public Scope scope() {
        return scope;
    }

    public String summary() {
        return summary;
    }

    public List<Param> params() {
        return params;
    }

    public boolean isCondition() {
        return kind != Kind.EVENT;
    }

    public boolean isEvent() {
        return kind != Kind.CONDITION;
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static Optional<Fault> byId(String id) {
        return Optional.ofNullable(BY_NAME.get(id));
    }

    /** Every name, for messages: {@code pdp-drop, activation-refused, ...}. */
    public static String ids() {
        return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
    }
}
