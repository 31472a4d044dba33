package io.vmodem.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One PDP context of a modem: what the host configured (APN, credentials, DNS servers) and, while
 * active, the address the network gave it. Confined to the modem's thread.
 */
public final class PdpContext {
    public enum State {
        INACTIVE,
        ACTIVATING,
        ACTIVE,
        DEACTIVATING
    }

    private final int id;
    private PdpType type = PdpType.IPV4;
    private String apn = "";
    private String user = "";
    private String password = "";
    private AuthType auth = AuthType.NONE;
    private State state = State.INACTIVE;
    private InetAddress address;
    private boolean bindable;
    private List<InetSocketAddress> dnsServers = List.of();
    private int activations;

    PdpContext(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public PdpType type() {
        return type;
    }

    public String apn() {
        return apn;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public AuthType auth() {
        return auth;
    }

    public void configure(PdpType type, String apn, String user, String password, AuthType auth) {
        this.type = type;
        this.apn = apn;
        this.user = user;
        this.password = password;
        this.auth = auth;
    }

    public State state() {
        return state;
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    /** The context's address while active, else null. */
    public InetAddress address() {
        return address;
    }

    /** The address as dotted text, or {@code 0.0.0.0} while inactive. */
    public String addressText() {
        return address == null ? "0.0.0.0" : address.getHostAddress();
    }

    /** Whether sockets of this context can bind to its address on this host. */
    boolean bindable() {
        return bindable;
    }

    /** DNS servers configured for this context; empty means the host's own. */
    public List<InetSocketAddress> dnsServers() {
        return dnsServers;
    }

    public void dnsServers(List<InetSocketAddress> servers) {
        this.dnsServers = List.copyOf(servers);
    }

    /** Starts an activation; the number tells it from earlier ones that were abandoned. */
    int activating() {
        state = State.ACTIVATING;
        return ++activations;
    }

    /** Whether activation {@code attempt} is the one in progress. */
    boolean activating(int attempt) {
        return state == State.ACTIVATING && activations == attempt;
    }

    void activated(InetAddress address, boolean bindable) {
        this.address = address;
        this.bindable = bindable;
        this.state = State.ACTIVE;
    }

    void deactivating() {
        state = State.DEACTIVATING;
    }

    InetAddress deactivated() {
        InetAddress a = address;
        address = null;
        state = State.INACTIVE;
        return a;
    }
}
