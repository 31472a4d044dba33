package io.vmodem.dialect.bg96;

import io.vmodem.at.AtSettings;
import io.vmodem.at.CommandTable;
import io.vmodem.at.Dispatcher;
import io.vmodem.at.DtePort;
import io.vmodem.at.EscapeRule;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import io.vmodem.at.Urc;
import io.vmodem.dialect.ModemSession;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.dialect.common.CmeErrors;
import io.vmodem.dialect.common.RadioUrcs;
import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.dialect.common.Slots;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.QuectelFileErrors;
import io.vmodem.dialect.quectel.QuectelMqtt;
import io.vmodem.dialect.quectel.QuectelMqttCommands;
import io.vmodem.dialect.quectel.QuectelOpen;
import io.vmodem.dialect.quectel.QuectelSockets;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.modem.Modem;
import io.vmodem.modem.PowerSaving;
import io.vmodem.modem.RadioLink;
import io.vmodem.modem.SimCard;
import io.vmodem.net.Addresses;
import io.vmodem.net.PdpContext;
import io.vmodem.net.Services;
import io.vmodem.net.SocketState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A BG96: the general state every dialect has, plus its twelve connect IDs, the last TCP/IP error
 * (AT+QIGETERROR), the TCP/IP settings, the URC indications of AT+QINDCFG, and power saving on the
 * modem's radio link: while PSM or eDRX is on, events from the network wait for the module to hear
 * them, as on the BC260Y-CN.
 */
public final class Bg96Session extends ModemSession implements QuectelSockets<Bg96Socket>, QuectelMqttCommands.Host {
    public static final int SOCKETS = 12;

    private final Dispatcher dispatcher;
    private final Slots<Bg96Socket> sockets = new Slots<>(SOCKETS, Bg96Socket::id);
    /** The SSL clients of AT+QSSLOPEN, numbered apart from the connect IDs (SSL manual 2.2). */
    private final Slots<Bg96Socket> sslClients = new Slots<>(Bg96SslCommands.CLIENTS, Bg96Socket::id);

    private int lastError;
    private boolean simStatusReports;
    private boolean dataEcho = true;
    private String atPort = "uart1";
    private final Bg96Options options;
    private final Bg96Indications indications;
    private final RadioUrcs radio;
    private PowerSaving granted = PowerSaving.OFF;
    private Bg96Socket lastTransparent;
    private final ServiceUrcs services;
    private final QuectelMqtt mqtt;
    private Bg96Http http = new Bg96Http();

    /** The +CME ERROR texts: one table for every BG96, not one per modem. */
    private static final IntFunction<String> CME_TEXTS =
            CmeErrors.withModuleCodes(QuectelErrors.textsWith(moduleTexts()));

    Bg96Session(Modem modem, DtePort port, CommandTable<Bg96Session> table, AtSettings factory) {
        super(modem, port, factory, CME_TEXTS, EscapeRule.WITHIN_ONE_SECOND);
        this.dispatcher = table.bind(this);
        this.options = new Bg96Options(modem.nv());
        this.indications = new Bg96Indications(modem.nv());
        this.radio = new RadioUrcs(modem.radio().link(), engine);
        // AT+QIDNSGIP, AT+QPING and AT+QNTP each answer 2.1.14/2.1.11/2.1.12's busy error while one runs.
        this.services = new ServiceUrcs(
                modem,
                engine::urc,
                radio::uplink,
                EnumSet.of(Services.Kind.DNS, Services.Kind.PING, Services.Kind.NTP, Services.Kind.HTTP));
        this.mqtt = new QuectelMqtt(modem, services, radio, Bg96MqttCommands.RULES);
        modem.network().contextEvents(this::contextLost);
        modem.radio().addSignalListener(this::signalChanged);
        modem.radio().link().addListener(new RadioLink.Listener() {
            @Override
            public void psmEntered() {
                // BG96 PSM application note: the module announces that it goes to sleep.
                engine.urc("PSM POWER DOWN");
            }
        });
    }

    /** The +CME ERROR texts of the file and HTTP(S) commands, beside the TCP/IP ones. */
    private static java.util.Map<Integer, String> moduleTexts() {
        java.util.Map<Integer, String> texts = new java.util.HashMap<>(QuectelFileErrors.TEXTS);
        texts.putAll(io.vmodem.dialect.quectel.QuectelHttpErrors.TEXTS);
        return texts;
    }

    @Override
    public int connectIds() {
        return SOCKETS;
    }

    @Override
    protected Dispatcher dispatcher() {
        return dispatcher;
    }

    /** AT+QIACT and AT+QIOPEN: 150 s, determined by the network (BG96 TCP/IP manual 2.1.2, 2.1.4). */
    @Override
    protected Duration longestResponseTime() {
        return Duration.ofSeconds(150);
    }

    @Override
    protected List<String> bootUrcs() {
        return List.of("RDY", "APP RDY", "+CFUN: 1");
    }

    /**
     * The SIM ready, at power-up or back: {@code +CPIN: READY}, {@code +QUSIM: 1} (a USIM), then SMS
     * and phonebook initialised; {@code +QSIMSTAT: 1,1} first while AT+QSIMSTAT=1 asks for it.
     */
    @Override
    protected List<String> simReadyUrcs() {
        List<String> urcs = new ArrayList<>();
        if (simStatusReports) {
            urcs.add("+QSIMSTAT: 1,1");
        }
        urcs.addAll(List.of("+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"));
        return urcs;
    }

    /** The SIM gone: {@code +QSIMSTAT: 1,0} while reported, and {@code +CPIN: NOT READY}. */
    @Override
    protected List<String> simLostUrcs(SimCard.State state) {
        return simStatusReports && state == SimCard.State.REMOVED
                ? List.of("+QSIMSTAT: 1,0", "+CPIN: NOT READY")
                : List.of("+CPIN: NOT READY");
    }

    /** AT+QSIMSTAT: whether the SIM's insertion and removal are reported ({@code +QSIMSTAT: 1,<inserted>}). */
    boolean simStatusReports() {
        return simStatusReports;
    }

    void simStatusReports(boolean on) {
        simStatusReports = on;
    }

    @Override
    public List<String> rebootUrcs() {
        List<String> urcs = new ArrayList<>();
        urcs.add("POWERED DOWN");
        for (PdpContext c : modem.network().contexts()) {
            if (c.active()) {
                urcs.add("+QIURC: \"pdpdeact\"," + c.id());
            }
        }
        return urcs;
    }

    @Override
    protected void resetState() {
        sockets.clear();
        mqtt.reset();
        sslClients.clear();
        http = new Bg96Http();
        lastTransparent = null;
        lastError = 0;
        simStatusReports = false;
        dataEcho = true;
        options.load();
        indications.load();
        retransmissionChanged();
        // At power-up the settings apply silently; +QPSMTIMER comes with a later grant.
        granted = grantedNow();
        modem.radio().link().configure(granted, false);
    }

    // ---- what the commands share ----

    @Override
    public Slots<Bg96Socket> slots() {
        return sockets;
    }

    /**
     * A UDP service opened with a remote port sends there when AT+QISEND names no peer (README); a
     * listener's or a service's {@code <IP_address>} is only a placeholder (2.1.4).
     */
    @Override
    public Bg96Socket newSocket(QuectelOpen o) {
        Bg96Socket socket = new Bg96Socket(
                this,
                o.connectId(),
                o.type(),
                o.contextId(),
                o.server() ? "" : o.host(),
                o.remotePort(),
                o.localPort(),
                o.connectId(),
                o.mode(),
                Bg96Socket.NOT_SSL);
        if (o.type() == ServiceType.UDP_SERVICE && o.remotePort() > 0) {
            socket.serviceRemote = Addresses.literal(o.host(), o.remotePort());
        }
        return socket;
    }

    @Override
    public List<ModuleSocket> moduleSockets() {
        List<ModuleSocket> list = new java.util.ArrayList<>();
        for (Bg96Socket s : sockets()) {
            list.add(new ModuleSocket(s.id(), s.type.wording(), s.remoteHost, s.net()));
        }
        list.addAll(mqtt.sockets());
        for (Bg96Socket s : sslClients.taken()) {
            list.add(new ModuleSocket(s.id(), "SSLClient", s.remoteHost, s.net()));
        }
        return list;
    }

    /** The SSL client on {@code <clientID>}, or null. */
    Bg96Socket sslClient(int id) {
        return sslClients.get(id);
    }

    /** The SSL clients open now, by client ID. */
    List<Bg96Socket> sslClients() {
        return sslClients.taken();
    }

    void claimSsl(Bg96Socket client) {
        sslClients.claim(client);
    }

    /** Frees a socket's connect ID, or an SSL client's client ID. */
    @Override
    public void release(Bg96Socket socket) {
        if (socket.ssl()) {
            sslClients.release(socket);
        } else {
            sockets.release(socket);
        }
    }

    /** The highest free connect ID (where the BG96 puts incoming connections), or -1. */
    int freeIdFromTop() {
        return sockets.highestFree();
    }

    public int lastError() {
        return lastError;
    }

    /** Records a TCP/IP error for AT+QIGETERROR and answers plain ERROR, with the reason for the trace. */
    @Override
    public Reply.Done fail(int code, String why) {
        lastError = code;
        return Reply.error().because(why);
    }

    @Override
    public void lastError(int code) {
        lastError = code;
    }

    /** The connection that left transparent mode last: the one ATO returns to. */
    void lastTransparent(Bg96Socket socket) {
        lastTransparent = socket;
    }

    /**
     * ATO (manual 1.2): back to transparent mode with the connection that left it last; NO CARRIER
     * when there is none, or it has closed since.
     */
    Reply returnToTransparent() {
        Bg96Socket socket = lastTransparent;
        if (socket == null
                || !(socket.ssl() ? sslClients.holds(socket) : sockets.holds(socket))
                || socket.net() == null
                || socket.net().state() != SocketState.CONNECTED) {
            return Reply.of(Final.NO_CARRIER);
        }
        return socket.enterTransparent();
    }

    /** The MQTT clients (AT+QMT*). */
    @Override
    public QuectelMqtt mqtt() {
        return mqtt;
    }

    /** DNS, ping and NTP, answered in URCs. */
    ServiceUrcs services() {
        return services;
    }

    /** The HTTP(S) client's settings, URL and last response. */
    Bg96Http http() {
        return http;
    }

    /** The AT+QICFG options. */
    Bg96Options options() {
        return options;
    }

    /** AT+QICFG="tcp/retranscfg" reaches every TCP socket. */
    void retransmissionChanged() {
        modem.network().tcpUserTimeout(options.giveUpAfter());
    }

    /** AT+QISDE: whether AT+QISEND echoes its data. */
    boolean dataEcho() {
        return dataEcho;
    }

    void dataEcho(boolean on) {
        dataEcho = on;
    }

    /** {@code <AT_port>} of AT+QISTATE: the port the host talks on. */
    public String atPort() {
        return atPort;
    }

    public void atPort(String port) {
        atPort = port;
    }

    String contextAddress(int cid) {
        return modem.network().context(cid).addressText();
    }

    @Override
    public void urc(String line) {
        engine.urc(line);
    }

    void urc(Urc urc) {
        engine.urc(urc);
    }

    private void contextLost(PdpContext context) {
        urc("+QIURC: \"pdpdeact\"," + context.id());
        packetEvent("NW PDN DEACT " + context.id());
    }

    // ---- the radio ----

    /** URCs of network events, which wait while the module sleeps. */
    @Override
    public RadioUrcs radio() {
        return radio;
    }

    /** AT+QINDCFG: which indications the host wants. */
    Bg96Indications indications() {
        return indications;
    }

    /** {@code +QIND: "csq",<rssi>,<ber>} whenever the signal changes, while "all" and "csq" are on. */
    private void signalChanged(int rssi, int ber) {
        if (powered() && indications.enabled("all") && indications.enabled("csq")) {
            engine.urc("+QIND: \"csq\"," + rssi + "," + ber);
        }
    }

    /** An AT+QCFG item changed: the PSM ones reach the radio link. */
    void qcfgChanged(String item) {
        if (item.startsWith("psm/")) {
            powerSavingChanged();
        }
    }

    /**
     * The radio link gets what AT+CPSMS, AT+QPSMS, AT+CEDRXS, AT+QPSMCFG and AT+QCFG="psm/enter" now
     * grant. When the network grants new PSM timers, {@code +QPSMTIMER: <T3412>,<T3324>} in seconds
     * tells a host that asked for it with AT+QCFG="psm/urc",1.
     */
    @Override
    public void powerSavingChanged() {
        PowerSaving next = grantedNow();
        modem.radio().link().configure(next, false);
        boolean newTimers = next.psm()
                && (!granted.psm()
                        || !Objects.equals(next.periodicTau(), granted.periodicTau())
                        || !Objects.equals(next.activeTime(), granted.activeTime()));
        granted = next;
        if (newTimers) {
            reportPsmTimers();
        }
    }

    private PowerSaving grantedNow() {
        return modem.powerSaving()
                .granted(Bg96PowerSavingCommands.minimumSleep(this), Bg96Qcfg.intValue(this, "psm/enter") == 1);
    }

    @Override
    protected void registrationChanged(int status) {
        super.registrationChanged(status);
        if (modem.radio().registered() && granted.psm()) {
            reportPsmTimers();
        }
    }

    private void reportPsmTimers() {
        if (powered() && modem.radio().registered() && Bg96Qcfg.intValue(this, "psm/urc") == 1) {
            Duration tau = granted.periodicTau();
            Duration active = granted.activeTime();
            engine.urc("+QPSMTIMER: " + (tau == null ? 0 : tau.toSeconds()) + ","
                    + (active == null ? 0 : active.toSeconds()));
        }
    }
}
