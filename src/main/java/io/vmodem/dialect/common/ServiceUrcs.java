package io.vmodem.dialect.common;

import io.vmodem.at.Urc;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemClock;
import io.vmodem.net.ModemNetwork;
import io.vmodem.net.MqttClient;
import io.vmodem.net.MqttConnector;
import io.vmodem.net.NetError;
import io.vmodem.net.NtpResult;
import io.vmodem.net.PdpContext;
import io.vmodem.net.PingObserver;
import io.vmodem.net.PingRequest;
import io.vmodem.net.Resolution;
import io.vmodem.net.ServiceRun;
import io.vmodem.net.Services;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dialect's asynchronous services (name lookup, ping, network time, MQTT; TLS and HTTP to come),
 * answered in URCs. The network runs them ({@link Services}: one of a kind at a time where the module
 * says so, nothing after a power-off); this starts them the way the module does (the radio transmits
 * first) and writes each outcome where the dialect's URCs go, in the dialect's words. A dialect
 * checks its own preconditions and its busy error ({@link #busy}), then supplies only wording.
 */
public final class ServiceUrcs {
    private static final Logger log = LoggerFactory.getLogger(ServiceUrcs.class);

    /** How a dialect words a ping's outcomes, one URC line each. */
    public interface PingWords {
        String reply(PingObserver.Reply reply);

        String lost(NetError error);

        String summary(PingObserver.Summary summary);

        /** Nothing could be sent (no context, no address, the policy, no ICMP on this host). */
        String failed(NetError error);
    }

    private final ModemNetwork network;
    private final ModemClock clock;
    private final Consumer<Urc> out;
    private final Runnable transmit;

    /**
     * @param out where the outcomes go: the engine's URC queue, or the radio's answers
     * @param transmit what the module does as the host's request goes out (the radio connects)
     * @param oneAtATime the kinds the module runs one at a time
     */
    public ServiceUrcs(Modem modem, Consumer<Urc> out, Runnable transmit, Set<Services.Kind> oneAtATime) {
        this.network = modem.network();
        this.clock = modem.clock();
        this.out = out;
        this.transmit = transmit;
        network.services().oneAtATime(oneAtATime);
    }

    /** Whether a run of {@code kind} is under way that allows no other: the module's busy error. */
    public boolean busy(Services.Kind kind) {
        return network.services().busy(kind);
    }

    /** The run of {@code kind} under way, or null. */
    public ServiceRun running(Services.Kind kind) {
        return network.services().running(kind);
    }

    /** Writes {@code urc} where this dialect's answers to the host's requests go. */
    public void answer(Urc urc) {
        out.accept(urc);
    }

    /**
     * Starts MQTT client {@code index} for the broker at {@code host:port}: its connection opens now
     * (the radio transmits first), and {@code observer} words what becomes of it (through {@link
     * #answer} and the dialect's own events).
     */
    public MqttClient mqtt(
            PdpContext context,
            int index,
            String host,
            int port,
            MqttClient.Timing timing,
            MqttConnector connector,
            MqttClient.Observer observer) {
        transmit.run();
        return network.mqtt(context, index, host, port, timing, connector, observer);
    }

    /** The host's request makes the module transmit (an MQTT packet goes out): the radio connects. */
    public void transmit() {
        transmit.run();
    }

    /** Looks {@code name} up; {@code words} writes the answer. */
    public void lookup(PdpContext context, String name, Function<Resolution, Urc> words) {
        transmit.run();
        network.lookup(context, name, r -> out.accept(words.apply(r)));
    }

    /** Pings as {@code request} says; each outcome in {@code words}. */
    public void ping(PdpContext context, PingRequest request, PingWords words) {
        transmit.run();
        network.ping(context, request, new PingObserver() {
            @Override
            public void reply(Reply reply) {
                out.accept(Urc.line(words.reply(reply)));
            }

            @Override
            public void lost(NetError error) {
                out.accept(Urc.line(words.lost(error)));
            }

            @Override
            public void finished(Summary summary) {
                out.accept(Urc.line(words.summary(summary)));
            }

            @Override
            public void failed(NetError error) {
                if (error == NetError.NOT_ALLOWED) {
                    log.warn("ping {}: this host gives no ICMP socket (see net.ipv4.ping_group_range)", request.host());
                }
                out.accept(Urc.line(words.failed(error)));
            }
        });
    }

    /**
     * Asks an NTP server for the time; with {@code setClock} the module's clock takes it (in its own
     * zone) before {@code words} writes the answer.
     */
    public void ntp(
            PdpContext context,
            String server,
            int port,
            Duration timeout,
            boolean setClock,
            Function<NtpResult, Urc> words) {
        transmit.run();
        network.ntp(context, server, port, timeout, r -> {
            if (r.ok() && setClock) {
                clock.set(r.time(), clock.zoneQuarters());
            }
            out.accept(words.apply(r));
        });
    }
}
