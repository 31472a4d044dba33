package io.vmodem.dialect.sim7600;

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
import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.dialect.common.Slots;
import io.vmodem.modem.Modem;
import io.vmodem.modem.SimCard;
import io.vmodem.net.PdpContext;
import io.vmodem.net.Services;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A SIM7600: the general state every dialect has, plus the socket service of its TCP/IP command
 * set: the service itself ({@link NetService}, AT+NETOPEN), ten links, four servers, its pings
 * and the TCP/IP settings ({@link SocketSettings}). All of it is volatile: a power-up starts from the
 * defaults.
 */
public final class Sim7600Session extends ModemSession {
    public static final int LINKS = 10;
    public static final int SERVERS = 4;

    /** SIMCom's escape: more than 1 s of silence around "+++", less than 0.9 s between the characters. */
    static final EscapeRule ESCAPE = new EscapeRule(Duration.ofNanos(899_999_999), Duration.ofNanos(1_799_999_998));

    private final Dispatcher dispatcher;
    private final Slots<Sim7600Link> links = new Slots<>(LINKS, link -> link.id);
    private final Sim7600Server[] servers = new Sim7600Server[SERVERS];

    private final NetService service;
    private SocketSettings settings = new SocketSettings();
    // AT+CPSI=<time>
    private Scheduler.Cancellable cpsiTimer = Scheduler.Cancellable.DONE;
    private final NetworkModeReports networkMode = new NetworkModeReports(this);

    private final ServiceUrcs services;
    private final Sim7600Mqtt mqtt = new Sim7600Mqtt(this);
    private CchService cch;
    private HttpService http = new HttpService();
    private final ChttpsService chttps = new ChttpsService();

    /** The +CME ERROR texts: one table for every SIM7600, not one per modem. */
    private static final IntFunction<String> CME_TEXTS = CmeErrors.withModuleCodes(Map.of());

    Sim7600Session(Modem modem, DtePort port, CommandTable<Sim7600Session> table, AtSettings factory) {
        super(modem, port, factory, CME_TEXTS, ESCAPE);
        this.dispatcher = table.bind(this);
        this.service = new NetService(this);
        this.cch = new CchService(this);
        // AT+CPING refuses a second ping while one runs; its DNS commands answer before the next command.
        this.services = new ServiceUrcs(modem, engine::urc, () -> {}, EnumSet.of(Services.Kind.PING));
        modem.network().contextEvents(this::contextLost);
        resetState();
    }

    @Override
    public int connectIds() {
        return LINKS;
    }

    @Override
    protected Dispatcher dispatcher() {
        return dispatcher;
    }

    /** AT+NETOPEN, AT+CIPOPEN and AT+CIPSEND: 120000 ms (manual L1101, L1103, L1105). */
    @Override
    protected Duration longestResponseTime() {
        return Duration.ofSeconds(120);
    }

    @Override
    protected List<String> bootUrcs() {
        return List.of("RDY");
    }

    @Override
    protected List<String> simReadyUrcs() {
        return List.of("+CPIN: READY", "SMS DONE", "PB DONE");
    }

    /** SIMCom words a card that goes {@code +CPIN: SIM REMOVED}; one that stops answering, NOT READY. */
    @Override
    protected List<String> simLostUrcs(SimCard.State state) {
        return List.of(state == SimCard.State.REMOVED ? "+CPIN: SIM REMOVED" : "+CPIN: NOT READY");
    }

    /** {@code +CGEV} reports are on at power-up (REAL-MODULES.md): AT+CGEREP? gives 2,0. */
    @Override
    protected int factoryPacketEventMode() {
        return 2;
    }

    @Override
    protected void resetState() {
        links.clear();
        Arrays.fill(servers, null);
        service.reset();
        mqtt.reset();
        if (cch != null) {
            cch.reset();
        }
        settings = new SocketSettings();
        resetHttp();
        if (chttps != null) {
            chttps.stop();
        }
        networkMode.reset();
        cpsiTimer.cancel();
    }

    // ---- SIMCom wording of the general commands ----

    @Override
    public List<String> identification() {
        var p = modem.profile();
        return List.of(
                "Manufacturer: " + p.manufacturer(),
                "Model: " + p.model(),
                "Revision: " + p.fullRevision(),
                "IMEI: " + modem.identity().imei(),
                "+GCAP: +CGSM");
    }

    @Override
    public String revisionReply() {
        return "+CGMR: " + modem.profile().revision();
    }

    // ---- the socket service (AT+NETOPEN / AT+NETCLOSE) ----

    /** The socket service: AT+NETOPEN, AT+NETCLOSE and their state. */
    NetService service() {
        return service;
    }

    /** Whether the socket service is open and its context still active. */
    boolean netOpen() {
        return service.isOpen();
    }

    /** The context the socket service runs on (AT+CSOCKSETPN), active or not. */
    PdpContext socketContext() {
        return service.context();
    }

    /** Whether AT+CIPMODE was 1 when the network was opened: link 0 only, CONNECT on open. */
    boolean transparentService() {
        return service.transparent();
    }

    /** Links and servers end; open links report {@code +IPCLOSE: <l>,0} when {@code report}. */
    void closeEverything(boolean report) {
        for (Sim7600Link link : links.taken()) {
            boolean established = link.established();
            link.closeNow();
            free(link);
            if (report && established) {
                urc("+IPCLOSE: " + link.id + ",0");
            }
        }
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] != null) {
                servers[i].close();
                servers[i] = null;
            }
        }
    }

    /** The network dropped a context: the links already reported +IPCLOSE; the service ends. */
    private void contextLost(PdpContext context) {
        packetEvent("NW PDN DEACT " + context.id());
        service.contextLost(context);
        mqtt.contextLost(context);
    }

    // ---- links and servers ----

    Sim7600Link link(int id) {
        return links.get(id);
    }

    List<Sim7600Link> links() {
        return links.taken();
    }

    /** The links by number, then the servers by index ({@code TCP SERVER}). */
    @Override
    public List<ModuleSocket> moduleSockets() {
        List<ModuleSocket> list = new java.util.ArrayList<>();
        for (Sim7600Link l : links.taken()) {
            list.add(new ModuleSocket(l.id, l.tcp ? "TCP" : "UDP", l.host, l.net));
        }
        for (Sim7600Server s : servers) {
            if (s != null) {
                list.add(new ModuleSocket(s.index, "TCP SERVER", null, s.net));
            }
        }
        list.addAll(mqtt.sockets());
        for (CchSession c : cch.sessions()) {
            list.add(new ModuleSocket(c.id, c.clientType == CchService.TLS ? "CCH SSL" : "CCH TCP", c.host, c.net));
        }
        ChttpsSession h = chttps.session;
        if (h != null && h.net() != null) {
            list.add(new ModuleSocket(
                    0, h.serverType == ChttpsSession.HTTPS ? "CHTTPS SSL" : "CHTTPS TCP", h.host, h.net()));
        }
        return list;
    }

    void claim(Sim7600Link link) {
        links.claim(link);
    }

    /** Releases a link number; the link's socket is closed if it was not already. */
    void free(Sim7600Link link) {
        links.release(link);
        link.closeNow();
    }

    /** The lowest link a server's new client may take (one that holds nothing), or -1. */
    int freeLinkForClient() {
        return links.lowestFree(i -> !(service.transparent() && i == 0));
    }

    Sim7600Server server(int index) {
        return servers[index];
    }

    void server(int index, Sim7600Server server) {
        servers[index] = server;
    }

    // ---- settings ----

    /** The TCP/IP settings (AT+CIPHEAD, AT+CIPCCFG, ...). */
    SocketSettings settings() {
        return settings;
    }

    /** AT+CIPRXGET=0|1. From 1 to 0 the buffered data is pushed out; from 0 to 1 it is reported. */
    void readManually(boolean manually) {
        boolean old = settings.readManually;
        settings.readManually = manually;
        if (old != manually) {
            for (Sim7600Link link : links()) {
                link.rxModeChanged();
            }
        }
    }

    /** AT+CIPDNSSET's values, as the DNS commands read and write them. */
    int[] dnsSet() {
        return settings.dnsSet;
    }

    /** AT+CNSMOD: the network system mode and its reports. */
    NetworkModeReports networkMode() {
        return networkMode;
    }

    @Override
    protected void registrationChanged(int status) {
        super.registrationChanged(status);
        networkMode.registrationChanged();
    }

    /** AT+CPSI=<time>: the +CPSI line every {@code seconds} (0 stops it). */
    void cpsiEvery(int seconds, java.util.function.Supplier<String> line) {
        cpsiTimer.cancel();
        cpsiTimer = Scheduler.Cancellable.DONE;
        if (seconds > 0) {
            Duration period = Duration.ofSeconds(seconds);
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                urc(line.get());
                cpsiTimer = modem.scheduler().schedule(tick[0], period);
            };
            cpsiTimer = modem.scheduler().schedule(tick[0], period);
        }
    }

    /** The MQTT service and its clients (AT+CMQTT*). */
    Sim7600Mqtt mqtt() {
        return mqtt;
    }

    /** The SSL client service (AT+CCHSTART ... AT+CCHSTOP). */
    /** The HTTP(S) service: its parameters and last response. */
    HttpService http() {
        return http;
    }

    /** The HTTP(S) service as at power-up: stopped, its parameters the defaults. */
    void resetHttp() {
        if (http != null) {
            http.starting = false;
            http.stop();
        }
        http = new HttpService();
    }

    CchService cch() {
        return cch;
    }

    /** The raw HTTP(S) service (AT+CHTTPSSTART ... AT+CHTTPSSTOP). */
    ChttpsService chttps() {
        return chttps;
    }

    /** AT+CPING's pings, answered in URCs. */
    ServiceUrcs services() {
        return services;
    }

    // ---- wording ----

    /** {@code +IP ERROR: <err_info>}: the text, or its number when errMode is 0. */
    String ipError(int code) {
        return "+IP ERROR: " + (settings.ccfg.errorTexts() ? Sim7600Errors.ipText(code) : String.valueOf(code));
    }

    /** {@code +IP ERROR: <err_info>} then plain ERROR, whatever AT+CMEE says. */
    Reply ipFail(int code) {
        return Reply.of(Final.ERROR, ipError(code))
                .because(Sim7600Errors.ipText(code).toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code +CIPERROR: <err>} then ERROR. */
    static Reply cipError(int err) {
        return Reply.of(Final.ERROR, "+CIPERROR: " + err).because(Sim7600Errors.text(err));
    }

    void urc(String line) {
        engine.urc(line);
    }

    void urc(Urc urc) {
        engine.urc(urc);
    }

    Scheduler scheduler() {
        return modem.scheduler();
    }

    /**
     * Runs {@code work} with the socket context active, activating it for the occasion when the
     * service is closed (AT+CDNSGIP); {@code failed} runs when it cannot open.
     */
    void withNetwork(NetService.NetworkUse work, Runnable failed) {
        service.withNetwork(work, failed);
    }
}
