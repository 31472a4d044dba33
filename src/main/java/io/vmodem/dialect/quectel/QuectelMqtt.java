package io.vmodem.dialect.quectel;

import io.vmodem.at.Urc;
import io.vmodem.dialect.ModuleSocket;
import io.vmodem.dialect.common.Hex;
import io.vmodem.dialect.common.MqttText;
import io.vmodem.dialect.common.RadioUrcs;
import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.modem.Modem;
import io.vmodem.net.MqttClient;
import io.vmodem.net.MqttConnector;
import io.vmodem.net.NetError;
import io.vmodem.net.PdpContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A Quectel module's MQTT clients (AT+QMT*): the AT+QMTCFG settings of each client index, the
 * client open on it, and the module's words for what becomes of it: the answers to the host's
 * requests ({@code +QMTOPEN}, {@code +QMTCONN}, {@code +QMTSUB}, {@code +QMTUNS}, {@code +QMTPUB},
 * {@code +QMTCLOSE}, {@code +QMTDISC}) and the network's events ({@code +QMTRECV}, {@code
 * +QMTSTAT}). The protocol is {@link MqttClient}'s; this only words it. Volatile: a power-up starts
 * from the defaults (the application notes: the settings are not saved).
 */
public final class QuectelMqtt {
    /** Messages the module keeps for AT+QMTRECV in buffer mode ({@code <recv_id>} 0..4). */
    public static final int RECV_SLOTS = 5;

    private final Modem modem;
    private final ServiceUrcs services;
    private final RadioUrcs radio;
    private final QuectelMqttRules rules;
    private final Config[] configs;
    private final Client[] clients;

    /** AT+QMTCFG's settings of one client index. */
    static final class Config {
        int version = 4;
        int context;
        boolean ssl;
        int sslContext;
        int keepAlive = 120;
        boolean cleanSession = true;
        int packetTimeout;
        int retries;
        boolean notice;
        boolean will;
        int willQos;
        boolean willRetain;
        String willTopic = "";
        String willMessage = "";
        int recvMode;
        boolean recvLength;
        boolean sendHex;
        boolean recvHex;
        boolean echo;

        Config(QuectelMqttRules rules) {
            context = rules.defaultContext();
            packetTimeout = rules.packetTimeout();
            retries = rules.retries();
        }

        MqttClient.Timing timing(QuectelMqttRules rules) {
            // the notes: the client closes the connection when a packet fails all the time (+QMTSTAT 6)
            return new MqttClient.Timing(Duration.ofSeconds(packetTimeout), retries, true);
        }
    }

    /** One open client index: its network client and the messages buffered for AT+QMTRECV. */
    final class Client implements MqttClient.Observer {
        final int index;
        final Config config;
        final String host;
        final int port;
        MqttClient net;
        final MqttClient.Message[] slots = new MqttClient.Message[RECV_SLOTS];
        private boolean pushQueued;

        Client(int index, String host, int port) {
            this.index = index;
            this.config = configs[index];
            this.host = host;
            this.port = port;
        }

        MqttClient.State state() {
            return net == null ? MqttClient.State.OPENING : net.state();
        }

        @Override
        public void opened(MqttClient client) {
            answer("+QMTOPEN: " + index + ",0");
        }

        @Override
        public void openFailed(MqttClient client, NetError error) {
            forget(this);
            answer("+QMTOPEN: " + index + "," + openResult(error));
        }

        @Override
        public void connected(MqttClient client, int returnCode, boolean sessionPresent) {
            answer("+QMTCONN: " + index + ",0," + returnCode);
        }

        @Override
        public void subscribed(MqttClient client, int packetId, List<Integer> granted) {
            StringJoiner values = new StringJoiner(",");
            granted.forEach(q -> values.add(Integer.toString(q)));
            answer("+QMTSUB: " + index + "," + packetId + ",0," + values);
        }

        @Override
        public void unsubscribed(MqttClient client, int packetId) {
            answer("+QMTUNS: " + index + "," + packetId + ",0");
        }

        @Override
        public void published(MqttClient client, int packetId) {
            answer("+QMTPUB: " + index + "," + packetId + ",0");
        }

        @Override
        public void retransmitted(MqttClient client, MqttClient.Request request, int packetId, int times) {
            if (config.notice && request != MqttClient.Request.CONNECT) {
                answer(word(request) + index + "," + packetId + ",1," + times);
            }
        }

        @Override
        public void undelivered(MqttClient client, MqttClient.Request request, int packetId) {
            answer(word(request) + index + "," + packetId + ",2");
        }

        @Override
        public void received(MqttClient client) {
            if (config.recvMode == 1) {
                store();
            } else if (!pushQueued) {
                pushQueued = true;
                radio.downlink(this::push);
            }
        }

        @Override
        public void ended(MqttClient client, MqttClient.End why) {
            forget(this);
            radio.downlink("+QMTSTAT: " + index + "," + status(why));
        }

        /** Direct push: one {@code +QMTRECV} line per message, while the link takes more. */
        private boolean push(Urc.UrcOutput out) {
            while (net.received() > 0) {
                if (!out.writable()) {
                    return false;
                }
                out.line("+QMTRECV: " + index + "," + message(net.take()));
            }
            pushQueued = false;
            return true;
        }

        /** Buffer mode: messages into free slots, each announced with its {@code <recv_id>}. */
        void store() {
            for (int slot = 0; slot < RECV_SLOTS && net.received() > 0; slot++) {
                if (slots[slot] == null) {
                    slots[slot] = net.take();
                    radio.downlink("+QMTRECV: " + index + "," + slot);
                }
            }
        }

        /** {@code <msgID>,"<topic>"[,<payload_len>],"<payload>"} of a message. */
        String message(MqttClient.Message m) {
            String payload = config.recvHex ? Hex.encode(m.payload()) : MqttText.text(m.payload());
            return m.packetId() + ",\"" + MqttText.toAt(m.topic()) + "\","
                    + (config.recvLength ? m.payload().length + "," : "") + "\"" + payload + "\"";
        }
    }

    public QuectelMqtt(Modem modem, ServiceUrcs services, RadioUrcs radio, QuectelMqttRules rules) {
        this.modem = modem;
        this.services = services;
        this.radio = radio;
        this.rules = rules;
        this.configs = new Config[rules.clients()];
        this.clients = new Client[rules.clients()];
        reset();
    }

    public QuectelMqttRules rules() {
        return rules;
    }

    /** Power-up: every client index closed and back to its defaults. */
    public void reset() {
        for (int i = 0; i < clients.length; i++) {
            if (clients[i] != null && clients[i].net != null) {
                clients[i].net.close();
            }
            clients[i] = null;
            configs[i] = new Config(rules);
        }
    }

    /** The MQTT clients as sockets of the module, for the control API and the socket faults. */
    public List<ModuleSocket> sockets() {
        List<ModuleSocket> list = new ArrayList<>();
        for (Client c : clients) {
            if (c != null && c.net != null) {
                list.add(new ModuleSocket(c.index, "MQTT", c.host, c.net.connection()));
            }
        }
        return list;
    }

    Config config(int index) {
        return configs[index];
    }

    Client client(int index) {
        return clients[index];
    }

    List<Client> open() {
        List<Client> list = new ArrayList<>();
        for (Client c : clients) {
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    /**
     * Opens client {@code index}: the context comes up first where it is down (+QMTOPEN result 3
     * when it cannot), then the connection to the broker.
     */
    void open(int index, String host, int port) {
        Client c = new Client(index, host, port);
        clients[index] = c;
        PdpContext context = modem.network().context(c.config.context);
        services.transmit();
        modem.network().activate(context, error -> {
            if (clients[index] != c) {
                return; // closed meanwhile
            }
            if (error != null) {
                forget(c);
                answer("+QMTOPEN: " + index + ",3");
                return;
            }
            c.net = services.mqtt(context, index, host, port, c.config.timing(rules), connector(c.config), c);
        });
    }

    /**
     * How a client reaches its broker: plain TCP, or with AT+QMTCFG="ssl" on, TLS made with the SSL
     * context it names (AT+QSSLCFG), its files read now, as AT+QSSLOPEN reads them.
     */
    private MqttConnector connector(Config config) {
        if (!config.ssl) {
            return MqttConnector.TCP;
        }
        return MqttConnector.tls(modem.tls(config.sslContext));
    }

    /** AT+QMTCLOSE / AT+QMTDISC: the client index is free again at once. */
    void close(Client c, boolean disconnect) {
        forget(c);
        if (c.net != null) {
            if (disconnect && c.net.state() == MqttClient.State.CONNECTED) {
                services.transmit();
                c.net.disconnect();
            } else {
                c.net.close();
            }
        }
    }

    private void forget(Client c) {
        if (clients[c.index] == c) {
            clients[c.index] = null;
        }
    }

    /** Buffer mode: what AT+QMTRECV read frees room for, from the client's inbox. */
    void refill(Client c) {
        if (c.net != null) {
            c.store();
        }
    }

    /** A packet goes out at the host's request: the radio transmits. */
    void transmit() {
        services.transmit();
    }

    void answer(String line) {
        services.answer(Urc.line(line));
    }

    private static String word(MqttClient.Request request) {
        return switch (request) {
            case SUBSCRIBE -> "+QMTSUB: ";
            case UNSUBSCRIBE -> "+QMTUNS: ";
            case PUBLISH -> "+QMTPUB: ";
            case CONNECT -> "+QMTCONN: ";
        };
    }

    /**
     * {@code <result>} of +QMTOPEN for a failed open: -1 (the network connection failed) also for a
     * TLS handshake that fails, as the modules report it.
     */
    static int openResult(NetError error) {
        return switch (error) {
            case DNS_FAILED -> 4;
            case CONTEXT_INACTIVE, ACTIVATION_FAILED, TOO_MANY_CONTEXTS -> 3;
            default -> -1;
        };
    }

    /** {@code <err_code>} of +QMTSTAT: how the notes name each way a session ends. */
    static int status(MqttClient.End why) {
        return switch (why) {
            case PEER_CLOSED, PEER_RESET -> 1;
            case PING_TIMEOUT -> 2;
            case CONNECT_FAILED -> 3;
            case CONNACK_TIMEOUT -> 4;
            case SEND_FAILED -> 6;
            case LINK_LOST, CONTEXT_LOST -> 7;
        };
    }
}
