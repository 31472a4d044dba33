package io.vmodem.dialect.bc260y;

import io.vmodem.at.AtSettings;
import io.vmodem.at.CommandTable;
import io.vmodem.at.Dispatcher;
import io.vmodem.at.DtePort;
import io.vmodem.at.EscapeRule;
import io.vmodem.at.Reply;
import io.vmodem.dialect.ClockText;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.dialect.common.CmeErrors;
import io.vmodem.dialect.common.RadioUrcs;
import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.dialect.common.Slots;
import io.vmodem.dialect.quectel.DataFormat;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelMqtt;
import io.vmodem.dialect.quectel.QuectelMqttCommands;
import io.vmodem.dialect.quectel.QuectelOpen;
import io.vmodem.dialect.quectel.QuectelSockets;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.modem.Modem;
import io.vmodem.modem.NvStore;
import io.vmodem.modem.PowerSavingSettings;
import io.vmodem.modem.Radio;
import io.vmodem.modem.RadioLink;
import io.vmodem.net.PdpContext;
import io.vmodem.net.Services;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A BC260Y-CN: the general state every dialect has, plus the NB-IoT side of it. At power-up the
 * module attaches by itself and reports its address ({@code +IP: <address>}) on the default PDP
 * context, context 0; its five connect IDs push received data in URCs; the data format and the
 * power-saving settings live in its non-volatile store; and the modem's radio link decides when
 * events from the network reach the host (PSM, eDRX).
 */
public final class Bc260ySession extends ModemSession
        implements QuectelSockets<Bc260ySocket>, QuectelMqttCommands.Host {
    public static final int SOCKETS = 5;

    /** The default PDP context the module attaches with; the only one its TCP/IP commands take. */
    public static final int DEFAULT_CONTEXT = 0;

    /** How soon an attach the network refused is tried again: 3GPP TS 24.301's T3411, 10 s. */
    static final Duration ATTACH_RETRY = Duration.ofSeconds(10);

    private final Dispatcher dispatcher;
    /** AT+QICFG="dataformat", kept in NV under these keys since the first BC260Y-CN build. */
    private final DataFormat dataFormat;

    private final Slots<Bc260ySocket> sockets = new Slots<>(SOCKETS, Bc260ySocket::id);
    private final RadioUrcs radio;
    private int signallingReports;
    private final ServiceUrcs services;
    private io.vmodem.time.Scheduler.Cancellable attachRetry = io.vmodem.time.Scheduler.Cancellable.DONE;
    private final QuectelMqtt mqtt;
    private final Slots<Bc260ySslConnection> sslConnections =
            new Slots<>(Bc260ySslCommands.CONNECTIONS, c -> c.connectId);
    private final Bc260ySslSettings ssl;

    /** The +CME ERROR texts: one table for every BC260Y-CN, not one per modem. */
    private static final IntFunction<String> CME_TEXTS = CmeErrors.withModuleCodes(
            QuectelErrors.textsWith(java.util.Map.of(QuectelErrors.CONNECT_FAILED, "Socket connection failed")));

    Bc260ySession(Modem modem, DtePort port, CommandTable<Bc260ySession> table, AtSettings factory) {
        super(modem, port, factory, CME_TEXTS, EscapeRule.WITHIN_ONE_SECOND);
        this.dispatcher = table.bind(this);
        this.dataFormat = new DataFormat(modem.nv(), "qicfg.dataformat");
        this.radio = new RadioUrcs(modem.radio().link(), engine);
        // Only AT+QPING refuses a second one while the first runs (2.3.8).
        this.services = new ServiceUrcs(modem, radio::answer, radio::uplink, EnumSet.of(Services.Kind.PING));
        this.mqtt = new QuectelMqtt(modem, services, radio, Bc260yMqttCommands.RULES);
        this.ssl = new Bc260ySslSettings(modem);
        modem.network().contextEvents(this::contextLost);
        modem.radio().link().addListener(new RadioLink.Listener() {
            @Override
            public void connectionChanged(boolean connected) {
                if (signallingReports == 1) {
                    engine.urc("+CSCON: " + (connected ? 1 : 0));
                }
            }
        });
    }

    @Override
    public int connectIds() {
        return SOCKETS;
    }

    @Override
    protected Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * The TCP/IP guide gives its commands 300 ms (their outcome comes later, in URCs); the longest a
     * command of this dialect waits is AT+CGACT's activation, 150 s as for every Quectel module.
     */
    @Override
    protected Duration longestResponseTime() {
        return Duration.ofSeconds(150);
    }

    /** REAL-MODULES.md: RDY, +CFUN: 1, +CPIN: READY; {@code +IP:} follows once attached. */
    @Override
    protected List<String> bootUrcs() {
        return List.of("RDY", "+CFUN: 1");
    }

    @Override
    protected void resetState() {
        sockets.clear();
        sslConnections.clear();
        ssl.reset();
        mqtt.reset();
        dataFormat.load();
        signallingReports = 0;
        attachRetry.cancel();
        configurePowerSaving();
        attach();
    }

    // ---- wording of the general commands ----

    /** {@code AT+CGMR}: with its prefix, {@code Revision: BC260YCNAAR02A02}. */
    @Override
    public String revisionReply() {
        return "Revision: " + modem.profile().revision();
    }

    /** {@code AT+CCLK?}: {@code yyyy/MM/dd,hh:mm:ss±zz}, a four-digit year. */
    @Override
    public String clockText() {
        return ClockText.of(modem.clock().localTime(), modem.clock().zoneQuarters(), true);
    }

    /** NB-IoT modules have only {@code AT+CEREG}. */
    @Override
    protected boolean reportsRegistration(int which) {
        return which == 2;
    }

    /**
     * {@code +CEREG} details: with {@code <n>} 2 and up {@code ,<tac>,<ci>,9} (E-UTRAN NB-S1); with 4
     * and 5 the granted PSM timers after two empty reject-cause fields, when PSM is on.
     */
    @Override
    public String registrationDetail(int which, int n, int status) {
        if (n < 2 || status != Radio.REGISTERED_HOME && status != Radio.REGISTERED_ROAMING) {
            return "";
        }
        long serial = modem.identity().serial();
        String detail = String.format(
                ",\"%04X\",\"%08X\",%d",
                0x5A3C + (int) (serial % 0x40),
                0x0F1A2B00 + (int) (serial % 0xFF),
                modem.profile().accessTechnology());
        PowerSavingSettings p = modem.powerSaving();
        if (n >= 4 && p.psmMode() == 1) {
            detail += ",,,\"" + p.activeTime() + "\",\"" + p.periodicTau() + "\"";
        }
        return detail;
    }

    /** Back in coverage, radio on or the network's attach given back: the module attaches by itself. */
    @Override
    protected void registrationChanged(int status) {
        super.registrationChanged(status);
        if (modem.radio().attached() && powered()) {
            attach();
        }
    }

    // ---- attach and the default context ----

    PdpContext defaultContext() {
        return modem.network().context(DEFAULT_CONTEXT);
    }

    /** Whether the module is attached: its default context is up ({@code AT+CGATT?}). */
    boolean attached() {
        return defaultContext().active();
    }

    /**
     * Attaches when registered and the network lets it; reports {@code +IP: <address>} once the
     * context is up. An attach the network refuses leaves the module detached ({@code AT+CGATT?} 0,
     * no {@code +IP:}, sockets refused) and is tried again after {@link #ATTACH_RETRY}, as an NB-IoT
     * module keeps trying by itself.
     */
    void attach() {
        attachRetry.cancel();
        if (!modem.radio().attachWanted()) {
            modem.radio().attach(true); // heard again in registrationChanged, which comes back here
        }
        PdpContext c = defaultContext();
        if (c.state() != PdpContext.State.INACTIVE || !modem.radio().attached()) {
            return;
        }
        modem.network().activate(c, error -> {
            if (error == null) { // an answer from before a power-off never comes (the modem's guard)
                radio.answer("+IP: " + c.addressText());
            } else {
                attachLater();
            }
        });
    }

    /** Attaches again after {@link #ATTACH_RETRY}, unless the host detached or the power went meanwhile. */
    private void attachLater() {
        attachRetry.cancel();
        attachRetry = modem.scheduler()
                .schedule(
                        () -> {
                            if (modem.radio().attachWanted() && powered()) {
                                attach();
                            }
                        },
                        ATTACH_RETRY);
    }

    /**
     * The network took the default context away (its sockets have closed): the module is detached
     * and, as after a refused attach, attaches again by itself a little later.
     */
    private void contextLost(PdpContext context) {
        if (context.id() == DEFAULT_CONTEXT && modem.radio().attachWanted() && powered()) {
            attachLater();
        }
    }

    /** {@code AT+CGATT=0}: detached until the host attaches again. */
    void detach() {
        attachRetry.cancel();
        modem.radio().attach(false);
        modem.network().dropContext(defaultContext());
    }

    // ---- sockets ----

    @Override
    public Slots<Bc260ySocket> slots() {
        return sockets;
    }

    @Override
    public Bc260ySocket newSocket(QuectelOpen o) {
        return new Bc260ySocket(
                this,
                o.connectId(),
                o.type() == ServiceType.TCP,
                o.contextId(),
                o.host(),
                o.remotePort(),
                o.localPort());
    }

    /** Not before the module has reported its address (2.3.2 note 4). */
    @Override
    public boolean readyForSockets() {
        return attached();
    }

    @Override
    public List<ModuleSocket> moduleSockets() {
        List<ModuleSocket> list = new java.util.ArrayList<>();
        for (Bc260ySocket s : sockets()) {
            list.add(new ModuleSocket(s.id(), s.tcp ? "TCP" : "UDP", s.host, s.net()));
        }
        for (Bc260ySslConnection c : sslConnections.taken()) {
            list.add(new ModuleSocket(c.connectId, "SSL", c.host, c.net()));
        }
        list.addAll(mqtt.sockets());
        return list;
    }

    // ---- SSL (AT+QSSL*) ----

    /** What AT+QSSLCFG keeps. */
    Bc260ySslSettings ssl() {
        return ssl;
    }

    /** The SSL connection on {@code <connectID>}, or null. */
    Bc260ySslConnection sslConnection(int connectId) {
        return sslConnections.get(connectId);
    }

    void claimSsl(Bc260ySslConnection c) {
        sslConnections.claim(c);
    }

    /** Frees the connection's IDs, if it still holds them. */
    void releaseSsl(Bc260ySslConnection c) {
        sslConnections.release(c);
    }

    /** The MQTT clients (AT+QMT*). */
    @Override
    public QuectelMqtt mqtt() {
        return mqtt;
    }

    /** MQTT opens once the module has attached, as its sockets do. */
    @Override
    public boolean mqttReady() {
        return attached();
    }

    /** Every error of the TCP/IP commands is plain ERROR (the guide's tables); no code is kept. */
    @Override
    public Reply.Done fail(int code, String why) {
        return Reply.error().because(why);
    }

    // ---- non-volatile settings ----

    NvStore nv() {
        return modem.nv();
    }

    /** AT+QICFG="dataformat": AT+QISEND data and "recv" URCs as text or hex. */
    DataFormat dataFormat() {
        return dataFormat;
    }

    /** Tells the radio link what the power saving settings now grant. */
    void configurePowerSaving() {
        modem.radio().link().configure(modem.powerSaving().granted(), signallingReports == 1);
    }

    @Override
    public void powerSavingChanged() {
        configurePowerSaving();
    }

    // ---- the radio link ----

    @Override
    public RadioUrcs radio() {
        return radio;
    }

    /** {@code AT+CSCON=<n>}: 1 reports connection changes. */
    int signallingReports() {
        return signallingReports;
    }

    void signallingReports(int n) {
        signallingReports = n;
        configurePowerSaving();
    }

    /** A line that follows the answer to the host's command (SEND OK, CLOSE OK): it never waits. */
    @Override
    public void urc(String line) {
        engine.urc(line);
    }

    /** DNS, ping and NTP, answered as the radio hears them. */
    ServiceUrcs services() {
        return services;
    }
}
