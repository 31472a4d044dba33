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
import io.vmodem.dialect.common.Slots;
import io.vmodem.modem.Modem;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A SIM7600: the general state every dialect has, plus the socket service of its TCP/IP command
 * set: the network (NETOPEN) state, ten links, four servers, a ping session and the settings of
 * AT+CIPRXGET, AT+CIPHEAD, AT+CIPSRIP, AT+CIPMODE, AT+CIPSENDMODE, AT+CIPTIMEOUT, AT+CIPCCFG and
 * AT+CIPDNSSET. All of it is volatile: a power-up starts from the defaults.
 */
public final class Sim7600Session extends ModemSession {
    public static final int LINKS = 10;
    public static final int SERVERS = 4;

    /** SIMCom's escape: more than 1 s of silence around "+++", less than 0.9 s between the characters. */
    static final EscapeRule ESCAPE = new EscapeRule(Duration.ofNanos(899_999_999), Duration.ofNanos(1_799_999_998));

    /** The socket service (AT+NETOPEN) as the host sees it. */
    enum NetState {
        CLOSED,
        OPENING,
        OPEN,
        CLOSING
    }

    private final Dispatcher dispatcher;
    private final Slots<Sim7600Link> links = new Slots<>(LINKS, link -> link.id);
    private final Sim7600Server[] servers = new Sim7600Server[SERVERS];

    private NetState netState = NetState.CLOSED;
    private PdpContext netContext;
    private boolean transparentService;
    private boolean openAfterClose;
    private Scheduler.Cancellable netTimer = Scheduler.Cancellable.DONE;
    /** Counts AT+NETOPEN attempts, so that the outcome of an abandoned one is ignored. */
    private int netAttempt;

    // AT+CSOCKSETPN, AT+CIPRXGET, AT+CIPHEAD, AT+CIPSRIP, AT+CIPMODE, AT+CIPSENDMODE
    private int socketContextId;
    private int rxMode;
    private boolean ipHeader;
    private boolean showRemote;
    private int cipMode;
    private int sendMode;
    // AT+CIPTIMEOUT
    private int netopenTimeout;
    private int cipopenTimeout;
    private int cipsendTimeout;
    // AT+CIPCCFG
    private final int[] ccfg = new int[7];
    // AT+CIPDNSSET
    private final int[] dnsSet = new int[3];
    // AT+CGEREP
    private int cgerepMode;
    private int cgerepBuffer;
    // AT+CPSI=<time>
    private Scheduler.Cancellable cpsiTimer = Scheduler.Cancellable.DONE;
    private final NetworkModeReports networkMode = new NetworkModeReports(this);

    private PingSession ping;

    static final int[] CCFG_DEFAULTS = {10, 0, 0, 1, 0, 0, 500};
    static final int CCFG_DELAY = 1;
    static final int CCFG_ERR_MODE = 3;
    static final int CCFG_HEADER_TYPE = 4;
    static final int[] DNS_DEFAULTS = {3, 30000, 7};
    static final int DEFAULT_TIMEOUT = 120_000;

    Sim7600Session(Modem modem, DtePort port, CommandTable<Sim7600Session> table, AtSettings factory) {
        super(modem, port, factory, CmeErrors.withModuleCodes(Map.of()), ESCAPE);
        this.dispatcher = table.bind(this);
        modem.network().contextEvents(this::contextLost);
        resetState();
    }

    @Override
    protected Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    protected List<String> bootUrcs() {
        return List.of("RDY", "+CPIN: READY", "SMS DONE", "PB DONE");
    }

    @Override
    protected void resetState() {
        links.clear();
        Arrays.fill(servers, null);
        netState = NetState.CLOSED;
        netContext = null;
        transparentService = false;
        openAfterClose = false;
        netTimer.cancel();
        socketContextId = 1;
        rxMode = 0;
        ipHeader = true;
        showRemote = true;
        cipMode = 0;
        sendMode = 0;
        netopenTimeout = DEFAULT_TIMEOUT;
        cipopenTimeout = DEFAULT_TIMEOUT;
        cipsendTimeout = DEFAULT_TIMEOUT;
        System.arraycopy(CCFG_DEFAULTS, 0, ccfg, 0, ccfg.length);
        System.arraycopy(DNS_DEFAULTS, 0, dnsSet, 0, dnsSet.length);
        cgerepMode = 2;
        cgerepBuffer = 0;
        networkMode.reset();
        cpsiTimer.cancel();
        if (ping != null) {
            ping.stop();
        }
        ping = null;
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

    NetState netState() {
        return netState;
    }

    /** Whether the socket service is open and its context still active. */
    boolean netOpen() {
        return netState == NetState.OPEN && netContext != null && netContext.active();
    }

    /** The context the socket service runs on (AT+CSOCKSETPN), active or not. */
    PdpContext socketContext() {
        return netContext != null ? netContext : modem.network().context(socketContextId);
    }

    /** Whether AT+CIPMODE was 1 when the network was opened: link 0 only, CONNECT on open. */
    boolean transparentService() {
        return transparentService;
    }

    /** AT+NETOPEN: OK now, {@code +NETOPEN: <err>} once the context is up (or failed). */
    Reply openNetwork() {
        forgetDeactivatedService();
        switch (netState) {
            case OPEN, OPENING -> {
                return ipFail(Sim7600Errors.IP_ALREADY_OPENED);
            }
            case CLOSING -> {
                openAfterClose = true;
                return Reply.ok();
            }
            case CLOSED -> {
                startOpening();
                return Reply.ok();
            }
        }
        return Reply.error();
    }

    private void startOpening() {
        int attempt = ++netAttempt;
        netState = NetState.OPENING;
        transparentService = cipMode == 1;
        PdpContext context = modem.network().context(socketContextId);
        netContext = context;
        if (!modem.radio().registered() || context.state() != PdpContext.State.INACTIVE && !context.active()) {
            modem.scheduler().execute(() -> opened(attempt, NetError.ACTIVATION_FAILED));
            return;
        }
        netTimer = modem.scheduler()
                .schedule(
                        () -> {
                            if (netState == NetState.OPENING && netAttempt == attempt) {
                                netState = NetState.CLOSED;
                                netContext = null;
                                modem.network().deactivate(context, e -> {});
                                urc("+NETOPEN: " + Sim7600Errors.TIMEOUT);
                            }
                        },
                        Duration.ofMillis(netopenTimeout));
        modem.network().activate(context, error -> opened(attempt, error));
    }

    private void opened(int attempt, NetError error) {
        if (netState != NetState.OPENING || netAttempt != attempt) {
            return;
        }
        netTimer.cancel();
        if (error == null) {
            netState = NetState.OPEN;
            urc("+NETOPEN: 0");
        } else {
            netState = NetState.CLOSED;
            netContext = null;
            urc("+NETOPEN: " + Sim7600Errors.NETWORK_FAILURE);
        }
    }

    /** AT+NETCLOSE: every link and server closes, then the context; {@code +NETCLOSE: 0} after OK. */
    Reply closeNetwork() {
        forgetDeactivatedService();
        if (netState == NetState.OPENING) {
            return Reply.of(Final.ERROR, "+NETCLOSE: " + Sim7600Errors.BUSY);
        }
        if (netState != NetState.OPEN) {
            return Reply.of(Final.ERROR, "+NETCLOSE: " + Sim7600Errors.NETWORK_NOT_OPENED);
        }
        netState = NetState.CLOSING;
        PdpContext context = netContext;
        closeEverything(true);
        modem.network().deactivate(context, error -> {
            netState = NetState.CLOSED;
            netContext = null;
            urc("+NETCLOSE: 0");
            if (openAfterClose) {
                openAfterClose = false;
                startOpening();
            }
        });
        return Reply.ok();
    }

    /**
     * The host deactivated the service's context itself (AT+CGACT=0): its sockets are gone, so
     * the service counts as closed.
     */
    private void forgetDeactivatedService() {
        if (netState == NetState.OPEN && !netContext.active()) {
            netState = NetState.CLOSED;
            netContext = null;
            closeEverything(false);
        }
    }

    /** Links and servers end; open links report {@code +IPCLOSE: <l>,0} when {@code report}. */
    private void closeEverything(boolean report) {
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
        if (cgerepMode > 0) {
            urc("+CGEV: NW PDN DEACT " + context.id());
        }
        if (context != netContext || netState == NetState.CLOSED) {
            return;
        }
        netTimer.cancel();
        netState = NetState.CLOSED;
        netContext = null;
        openAfterClose = false;
        closeEverything(false);
        urc("+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY");
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
        return links.lowestFree(i -> !(transparentService && i == 0));
    }

    Sim7600Server server(int index) {
        return servers[index];
    }

    void server(int index, Sim7600Server server) {
        servers[index] = server;
    }

    // ---- settings ----

    int socketContextId() {
        return socketContextId;
    }

    void socketContextId(int cid) {
        socketContextId = cid;
    }

    int rxMode() {
        return rxMode;
    }

    /** AT+CIPRXGET=0|1. From 1 to 0 the buffered data is pushed out; from 0 to 1 it is reported. */
    void rxMode(int mode) {
        int old = rxMode;
        rxMode = mode;
        if (old != mode) {
            for (Sim7600Link link : links()) {
                link.rxModeChanged();
            }
        }
    }

    boolean ipHeader() {
        return ipHeader;
    }

    void ipHeader(boolean on) {
        ipHeader = on;
    }

    boolean showRemote() {
        return showRemote;
    }

    void showRemote(boolean on) {
        showRemote = on;
    }

    int cipMode() {
        return cipMode;
    }

    void cipMode(int mode) {
        cipMode = mode;
    }

    int sendMode() {
        return sendMode;
    }

    void sendMode(int mode) {
        sendMode = mode;
    }

    int[] timeouts() {
        return new int[] {netopenTimeout, cipopenTimeout, cipsendTimeout};
    }

    void timeouts(int netopen, int cipopen, int cipsend) {
        netopenTimeout = netopen;
        cipopenTimeout = cipopen;
        cipsendTimeout = cipsend;
    }

    Duration cipopenTimeout() {
        return Duration.ofMillis(cipopenTimeout);
    }

    Duration cipsendTimeout() {
        return Duration.ofMillis(cipsendTimeout);
    }

    int[] ccfg() {
        return ccfg;
    }

    int[] dnsSet() {
        return dnsSet;
    }

    int cgerepMode() {
        return cgerepMode;
    }

    int cgerepBuffer() {
        return cgerepBuffer;
    }

    void cgerep(int mode, int buffer) {
        cgerepMode = mode;
        cgerepBuffer = buffer;
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

    PingSession ping() {
        return ping;
    }

    void ping(PingSession session) {
        ping = session;
    }

    // ---- wording ----

    /** {@code +IP ERROR: <err_info>}: the text, or its number when errMode is 0. */
    String ipError(int code) {
        return "+IP ERROR: " + (ccfg[CCFG_ERR_MODE] == 1 ? Sim7600Errors.ipText(code) : String.valueOf(code));
    }

    /** {@code +IP ERROR: <err_info>} then plain ERROR, whatever AT+CMEE says. */
    Reply ipFail(int code) {
        return Reply.of(Final.ERROR, ipError(code));
    }

    /** {@code +CIPERROR: <err>} then ERROR. */
    static Reply cipError(int err) {
        return Reply.of(Final.ERROR, "+CIPERROR: " + err);
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
     * Work that needs an active context. When done with it, it calls {@code release} with what to
     * do once the context is back as it was (so the command's result comes after that).
     */
    interface NetworkUse {
        void run(PdpContext context, Consumer<Runnable> release);
    }

    /**
     * Runs {@code work} with the socket context active: the context as it is when active, or one
     * activated for the occasion and deactivated on release (AT+CDNSGIP opens the PS network
     * itself, with AT+CIPDNSSET's retries and timeout). {@code failed} runs when it cannot open.
     */
    void withNetwork(NetworkUse work, Runnable failed) {
        PdpContext context = modem.network().context(socketContextId);
        if (context.active()) {
            work.run(context, Runnable::run);
            return;
        }
        if (netState != NetState.CLOSED || context.state() != PdpContext.State.INACTIVE) {
            modem.scheduler().execute(failed);
            return;
        }
        new TemporaryContext(context, dnsSet[0], Duration.ofMillis(dnsSet[1]), work, failed).attempt();
    }

    /** A context opened for one DNS query and closed after it, with AT+CIPDNSSET's retries and timeout. */
    private final class TemporaryContext {
        private final PdpContext context;
        private final Duration timeout;
        private final NetworkUse work;
        private final Runnable failed;
        private int retriesLeft;
        private boolean over;

        TemporaryContext(PdpContext context, int retries, Duration timeout, NetworkUse work, Runnable failed) {
            this.context = context;
            this.retriesLeft = retries;
            this.timeout = timeout;
            this.work = work;
            this.failed = failed;
        }

        void attempt() {
            if (!modem.radio().registered()) {
                failed.run();
                return;
            }
            boolean[] done = {false};
            Scheduler.Cancellable timer = modem.scheduler()
                    .schedule(
                            () -> {
                                if (!done[0]) {
                                    done[0] = true;
                                    modem.network().deactivate(context, e -> retry());
                                }
                            },
                            timeout);
            modem.network().activate(context, error -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                timer.cancel();
                if (error != null) {
                    retry();
                    return;
                }
                work.run(context, this::release);
            });
        }

        /** Ends the activation, unless the socket service has taken the context over since. */
        private void release(Runnable then) {
            if (netContext != context && context.active()) {
                modem.network().deactivate(context, e -> then.run());
            } else {
                then.run();
            }
        }

        private void retry() {
            if (over) {
                return;
            }
            if (retriesLeft-- > 0) {
                attempt();
            } else {
                over = true;
                failed.run();
            }
        }
    }
}
