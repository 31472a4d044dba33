package io.vmodem.api;

import io.vmodem.control.ControlServer;
import io.vmodem.dialect.Dialect;
import io.vmodem.fault.Scenario;
import io.vmodem.modem.ModemSettings;
import io.vmodem.net.AddressPool;
import io.vmodem.net.NetPolicy;
import io.vmodem.net.NetSettings;
import io.vmodem.runtime.Dialects;
import io.vmodem.runtime.FaultEffects;
import io.vmodem.runtime.FaultSetup;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.time.Scheduler;
import io.vmodem.trace.TraceLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The values behind {@link ModemServer.Builder}, each checked as the command line checks it, and
 * how they become the runtime's settings. Kept apart so the public builder is only its documented
 * methods.
 */
final class ServerOptions {
    Dialect dialect = Dialects.find("bg96");
    ModemServer.Link link = ModemServer.Link.TCP;
    InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    Path ptySymlink;
    Path trace;
    ControlServer.Options control;
    int threads;
    long firstSerial = 1;
    Function<io.netty.channel.EventLoop, Scheduler> clock = EventLoopScheduler::new;
    private int baud;
    private NetSettings net = NetSettings.defaults();
    private ModemSettings modem = ModemSettings.defaults();
    private String ipPool;
    private final List<NetPolicy.Rule> rules = new ArrayList<>();
    private NetPolicy.PortRange listenPorts = NetPolicy.PortRange.ALL;
    private Scenario scenario;
    private Long seed;
    private int traceKeep = Fleet.DEFAULT_TRACE_KEEP;

    // ---- what the runtime gets ----

    /** The fleet the server's modems join: its faults and the trace lines each keeps. */
    Fleet fleet() {
        return new Fleet(new FaultSetup(scenario, seed), traceKeep);
    }

    ModemSettings modemSettings() {
        return modem.withNet(net);
    }

    LinkLayers layers(TraceLog to) {
        return new LinkLayers(baud, to);
    }

    String ipPool() {
        return ipPool;
    }

    NetPolicy policy() {
        return new NetPolicy(rules, listenPorts);
    }

    // ---- each option, checked ----

    void dialect(String name) {
        Dialect d = Dialects.find(Objects.requireNonNull(name, "dialect"));
        if (d == null) {
            throw new IllegalArgumentException(
                    "dialect: unknown '" + name + "'; choose from " + String.join(", ", Dialects.names()));
        }
        dialect = d;
    }

    void baud(int baud) {
        check("baud", baud, () -> new LinkLayers(baud, null));
        this.baud = baud;
    }

    void ipPool(String cidr) {
        check("ipPool", cidr, () -> AddressPool.of(cidr, false));
        ipPool = cidr;
    }

    /** A network setting, named {@code option} in the message when {@code apply} rejects its value. */
    void net(String option, Object value, Function<NetSettings, NetSettings> apply) {
        net = check(option, value, () -> apply.apply(net));
    }

    /** A module setting, as {@link #net}. */
    void modem(String option, Object value, Function<ModemSettings, ModemSettings> apply) {
        modem = check(option, value, () -> apply.apply(modem));
    }

    void stateDir(Path dir) {
        modem = modem.withStateDir(Objects.requireNonNull(dir, "stateDir"));
    }

    void firstSerial(long serial) {
        if (serial < 0) {
            throw new IllegalArgumentException("firstSerial: expected 0 or more, got " + serial);
        }
        firstSerial = serial;
    }

    void threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads: expected 0 or more, got " + threads);
        }
        this.threads = threads;
    }

    void rule(boolean allow, String rule) {
        rules.add(check(allow ? "allow" : "deny", rule, () -> NetPolicy.Rule.parse(allow, rule)));
    }

    void listenPorts(String range) {
        listenPorts = check("listenPorts", range, () -> NetPolicy.PortRange.parse(range));
    }

    void scenario(Scenario scenario) {
        FaultEffects.check(Objects.requireNonNull(scenario, "scenario"));
        this.scenario = scenario;
    }

    void seed(long seed) {
        this.seed = seed;
    }

    void traceKeep(int lines) {
        check("traceKeep", lines, () -> new Fleet(FaultSetup.NONE, lines));
        traceKeep = lines;
    }

    void controlApi(String host, int port, String token) {
        ControlServer.Options o =
                check("controlApi", host + ":" + port, () -> new ControlServer.Options(host, port, token));
        if (!o.loopback() && token == null) {
            throw new IllegalArgumentException("controlApi: off loopback the control API needs a token");
        }
        control = o;
    }

    /** {@code apply}'s result, or its complaint as the option's: {@code rxBuffer(0): ...}. */
    private static <T> T check(String option, Object value, Supplier<T> apply) {
        try {
            return apply.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + "(" + value + "): " + e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(option + ": null", e);
        }
    }
}
