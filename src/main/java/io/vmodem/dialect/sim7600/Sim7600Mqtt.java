package io.vmodem.dialect.sim7600;

import io.vmodem.at.Urc;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.net.MqttClient;
import io.vmodem.net.MqttConnector;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import io.vmodem.net.TlsFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SIM7600's MQTT service (AT+CMQTT*, manual L1601–L1617): the service itself (AT+CMQTTSTART /
 * AT+CMQTTSTOP, on the socket context), two clients acquired with their client IDs, what the host
 * typed for each (will, publish topic and payload, the topics to subscribe and unsubscribe), the
 * network client of a connected one, and the module's words for what becomes of it: {@code
 * +CMQTTCONNECT}, {@code +CMQTTSUB}, {@code +CMQTTUNSUB}, {@code +CMQTTPUB}, {@code +CMQTTDISC}
 * with their {@code <err>}, the received messages in {@code +CMQTTRXSTART} ... {@code +CMQTTRXEND},
 * {@code +CMQTTCONNLOST} and {@code +CMQTTNONET}. Volatile, as all of the SIM7600's IP state.
 */
final class Sim7600Mqtt {
    static final int CLIENTS = 2;

    /** A topic or payload longer than this reaches the host in pieces of this many bytes. */
    static final int RX_PIECE = 1500;

    /** How long CONNECT, SUBSCRIBE and UNSUBSCRIBE wait for their answers (AT+CMQTTCFG "optimeout"). */
    static final int DEFAULT_OP_TIMEOUT = 120;

    // <err> codes of the manual's summary (L16 error codes)
    static final int OK = 0;
    static final int FAILED = 1;
    static final int SOCK_CONNECT_FAIL = 3;
    static final int NETWORK_OPEN_FAIL = 7;
    static final int NETWORK_NOT_OPENED = 9;
    static final int NO_CONNECTION = 11;
    static final int CLIENT_BUSY = 14;
    static final int TIMEOUT = 17;
    static final int TOPIC_EMPTY = 18;
    static final int CLIENT_USED = 19;
    static final int CLIENT_NOT_ACQUIRED = 20;
    static final int CLIENT_NOT_RELEASED = 21;
    static final int NETWORK_OPENED = 23;
    static final int DNS_ERROR = 25;
    static final int HANDSHAKE_FAIL = 32;
    static final int NOT_SET_CERTIFICATE = 33;
    /** 27..31: the broker refused CONNECT with return code 1..5. */
    static final int REFUSED_BASE = 26;

    private final Sim7600Session session;
    private boolean started;
    private PdpContext context;
    private final Client[] clients = new Client[CLIENTS];
    /** AT+CMQTTSSLCFG: the SSL context of each session; unset, a session uses the context of its own number. */
    private final int[] sslContexts = new int[CLIENTS];

    /** One acquired client: what the host set up for it, and its connection once it connects. */
    final class Client implements MqttClient.Observer {
        final int index;
        final String clientId;
        /** {@code <server_type>} 1: the broker is reached over SSL/TLS. */
        final boolean ssl;

        String willTopic;
        byte[] willMessage;
        int willQos;
        String topic;
        byte[] payload;
        final List<String> subTopics = new ArrayList<>();
        final List<Integer> subQos = new ArrayList<>();
        final List<String> unsubTopics = new ArrayList<>();
        int opTimeout = DEFAULT_OP_TIMEOUT;
        MqttClient net;
        String server;
        int keepAlive;
        boolean clean;
        String user;
        String password;
        /** Whether CONNACK accepted the session: a loss is then +CMQTTCONNLOST, before it +CMQTTCONNECT. */
        boolean connected;

        int publishing = -1;
        int subscribing = -1;
        int unsubscribing = -1;

        Client(int index, String clientId, boolean ssl) {
            this.index = index;
            this.clientId = clientId;
            this.ssl = ssl;
        }

        boolean busy() {
            return publishing >= 0 || subscribing >= 0 || unsubscribing >= 0;
        }

        @Override
        public void opened(MqttClient client) {
            MqttClient.Will will = willTopic == null || willMessage == null
                    ? null
                    : new MqttClient.Will(willQos, false, willTopic, willMessage);
            client.connect(new MqttClient.Connect(
                    4, clientId, user, password == null ? null : MqttText.bytes(password), keepAlive, clean, will));
        }

        @Override
        public void openFailed(MqttClient client, NetError error) {
            net = null;
            TlsFailure tls =
                    client.connection() == null ? null : client.connection().handshakeFailure();
            answer("+CMQTTCONNECT: " + index + "," + connectError(error, tls));
        }

        @Override
        public void connected(MqttClient client, int returnCode, boolean sessionPresent) {
            connected = returnCode == 0;
            answer("+CMQTTCONNECT: " + index + "," + (returnCode == 0 ? OK : REFUSED_BASE + returnCode));
        }

        @Override
        public void subscribed(MqttClient client, int packetId, List<Integer> granted) {
            if (packetId == subscribing) {
                subscribing = -1;
                answer("+CMQTTSUB: " + index + "," + (granted.contains(0x80) ? FAILED : OK));
            }
        }

        @Override
        public void unsubscribed(MqttClient client, int packetId) {
            if (packetId == unsubscribing) {
                unsubscribing = -1;
                answer("+CMQTTUNSUB: " + index + "," + OK);
            }
        }

        @Override
        public void published(MqttClient client, int packetId) {
            if (packetId == publishing) {
                publishing = -1;
                answer("+CMQTTPUB: " + index + "," + OK);
            }
        }

        @Override
        public void undelivered(MqttClient client, MqttClient.Request request, int packetId) {
            switch (request) {
                case PUBLISH -> {
                    publishing = -1;
                    answer("+CMQTTPUB: " + index + "," + TIMEOUT);
                }
                case SUBSCRIBE -> {
                    subscribing = -1;
                    answer("+CMQTTSUB: " + index + "," + TIMEOUT);
                }
                case UNSUBSCRIBE -> {
                    unsubscribing = -1;
                    answer("+CMQTTUNSUB: " + index + "," + TIMEOUT);
                }
                case CONNECT -> answer("+CMQTTCONNECT: " + index + "," + TIMEOUT);
            }
        }

        @Override
        public void received(MqttClient client) {
            // one URC per message; each takes its message from this client, even after the session ended
            session.urc(out -> push(out, client));
        }

        @Override
        public void ended(MqttClient client, MqttClient.End why) {
            boolean wasConnected = connected;
            connected = false;
            net = null;
            publishing = subscribing = unsubscribing = -1;
            if (!wasConnected) {
                answer("+CMQTTCONNECT: " + index + "," + (why == MqttClient.End.CONNACK_TIMEOUT ? TIMEOUT : FAILED));
            } else if (why == MqttClient.End.PING_TIMEOUT) {
                session.urc("+CMQTTPING: " + index + "," + TIMEOUT);
            } else {
                session.urc("+CMQTTCONNLOST: " + index + "," + lostCause(why));
            }
        }

        /** One received message: its start, its topic and payload in pieces, its end. */
        private boolean push(Urc.UrcOutput out, MqttClient source) {
            MqttClient.Message m = source.take();
            if (m == null) {
                return true;
            }
            byte[] topicBytes = m.topic().getBytes(StandardCharsets.UTF_8);
            byte[] body = m.payload();
            out.line("+CMQTTRXSTART: " + index + "," + topicBytes.length + "," + body.length);
            pieces(out, "+CMQTTRXTOPIC: ", topicBytes);
            pieces(out, "+CMQTTRXPAYLOAD: ", body);
            out.line("+CMQTTRXEND: " + index);
            return true;
        }

        /** {@code header<idx>,<n>} and up to {@link #RX_PIECE} bytes, as often as it takes. */
        private void pieces(Urc.UrcOutput out, String header, byte[] data) {
            int at = 0;
            do {
                int n = Math.min(RX_PIECE, data.length - at);
                out.lineAndData(header + index + "," + n, data, at, n, true);
                at += n;
            } while (at < data.length);
        }

        MqttClient.Timing timing(Duration timeout) {
            return new MqttClient.Timing(timeout, 0, false);
        }
    }

    Sim7600Mqtt(Sim7600Session session) {
        this.session = session;
    }

    /** Power-up: the service stopped, no client acquired. */
    void reset() {
        for (int i = 0; i < CLIENTS; i++) {
            if (clients[i] != null && clients[i].net != null) {
                clients[i].net.close();
            }
            clients[i] = null;
            sslContexts[i] = i;
        }
        started = false;
        context = null;
    }

    /** The SSL context session {@code index} connects with (AT+CMQTTSSLCFG). */
    int sslContext(int index) {
        return sslContexts[index];
    }

    void sslContext(int index, int context) {
        sslContexts[index] = context;
    }

    boolean started() {
        return started;
    }

    Client client(int index) {
        return clients[index];
    }

    List<Client> acquired() {
        List<Client> list = new ArrayList<>();
        for (Client c : clients) {
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    Client acquire(int index, String clientId, boolean ssl) {
        Client c = new Client(index, clientId, ssl);
        clients[index] = c;
        return c;
    }

    void release(Client c) {
        if (clients[c.index] == c) {
            clients[c.index] = null;
        }
    }

    /** AT+CMQTTSTART: OK now, then {@code +CMQTTSTART: <err>} once the context is up. */
    void start() {
        started = true;
        PdpContext c = session.socketContext();
        context = c;
        session.modem().network().activate(c, error -> {
            if (error != null) {
                started = false;
                context = null;
            }
            session.urc("+CMQTTSTART: " + (error == null ? OK : NETWORK_OPEN_FAIL));
        });
    }

    /** AT+CMQTTSTOP: the service ends; connections still open close with it. */
    void stop() {
        for (Client c : clients) {
            if (c != null && c.net != null) {
                c.net.close();
                c.net = null;
                c.connected = false;
            }
        }
        started = false;
        context = null;
    }

    /** The network dropped the service's context: the clients already reported their loss. */
    void contextLost(PdpContext lost) {
        if (started && lost == context) {
            started = false;
            context = null;
            session.urc("+CMQTTNONET");
        }
    }

    /** AT+CMQTTCONNECT: the connection opens, then CONNECT goes; the outcome is {@code +CMQTTCONNECT}. */
    void connect(Client c, String host, int port) {
        session.services().transmit();
        c.net = session.services()
                .mqtt(context, c.index, host, port, c.timing(Duration.ofSeconds(c.opTimeout)), connector(c), c);
    }

    /**
     * Plain TCP, or for a client acquired with {@code <server_type>} 1, TLS with its session's SSL
     * context (AT+CSSLCFG), its files read now, as AT+CCHOPEN reads them.
     */
    private MqttConnector connector(Client c) {
        if (!c.ssl) {
            return MqttConnector.TCP;
        }
        var modem = session.modem();
        return MqttConnector.tls(modem.tls(sslContexts[c.index]));
    }

    List<ModuleSocket> sockets() {
        List<ModuleSocket> list = new ArrayList<>();
        for (Client c : clients) {
            if (c != null && c.net != null) {
                list.add(new ModuleSocket(c.index, "MQTT", c.server, c.net.connection()));
            }
        }
        return list;
    }

    void answer(String line) {
        session.services().answer(Urc.line(line));
    }

    /**
     * {@code <err>} of +CMQTTCONNECT for a connection that did not open: a TLS handshake that fails
     * is 32 (handshake fail), or 33 (certificate not set) when the module's own certificate or key
     * cannot be used.
     */
    static int connectError(NetError error, TlsFailure tls) {
        if (error == NetError.HANDSHAKE_FAILED) {
            return tls == TlsFailure.BAD_CREDENTIALS ? NOT_SET_CERTIFICATE : HANDSHAKE_FAIL;
        }
        return switch (error) {
            case DNS_FAILED -> DNS_ERROR;
            case CONTEXT_INACTIVE -> NETWORK_NOT_OPENED;
            default -> SOCK_CONNECT_FAIL;
        };
    }

    /** {@code <cause>} of +CMQTTCONNLOST: 1 closed passively, 2 reset, 3 the network closed. */
    static int lostCause(MqttClient.End why) {
        return switch (why) {
            case PEER_CLOSED -> 1;
            case CONTEXT_LOST -> 3;
            default -> 2;
        };
    }
}
