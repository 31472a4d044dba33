package io.vmodem.dialect.sim7600;

import static io.vmodem.dialect.sim7600.MqttCommands.index;
import static io.vmodem.dialect.sim7600.MqttCommands.named;
import static io.vmodem.dialect.sim7600.MqttCommands.prompt;
import static io.vmodem.dialect.sim7600.MqttCommands.refuse;
import static io.vmodem.dialect.sim7600.MqttCommands.topicOf;

import io.vmodem.at.AtCommand;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Reply;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a connected SIM7600 MQTT client sends (L1610–L1616): the topic and payload typed after
 * {@code >} and AT+CMQTTPUB, the topics to subscribe or unsubscribe and AT+CMQTTSUB and
 * AT+CMQTTUNSUB. Together because each needs a connected client with no request waiting, and the
 * same refusals when it has none.
 */
final class MqttPublishSubscribeCommands {
    private MqttPublishSubscribeCommands() {}

    /** L1610 AT+CMQTTTOPIC=<client_index>,<req_length>: the next publish's topic after {@code >}. */
    static AtCommand<Sim7600Session> topic() {
        return named("+CMQTTTOPIC", "L1610")
                .summary("Input the topic of the message to publish after a > prompt")
                .test("+CMQTTTOPIC: (0-1),(1-1024)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    return prompt(
                            s, "+CMQTTTOPIC", index, length, data -> s.mqtt().client(index).topic = topicOf(data));
                })
                .build();
    }

    /** L1611 AT+CMQTTPAYLOAD=<client_index>,<req_length>: the next publish's payload after {@code >}. */
    static AtCommand<Sim7600Session> payload() {
        return named("+CMQTTPAYLOAD", "L1611")
                .summary("Input the message to publish after a > prompt, exactly <req_length> bytes")
                .test("+CMQTTPAYLOAD: (0-1),(1-10240)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 10240);
                    return prompt(
                            s, "+CMQTTPAYLOAD", index, length, data -> s.mqtt().client(index).payload = data);
                })
                .build();
    }

    /**
     * L1612 AT+CMQTTPUB=<client_index>,<qos>,<pub_timeout>[,<retained>[,<dup>]]: OK, then
     * {@code +CMQTTPUB: <idx>,<err>}; the topic and payload are used up.
     */
    static AtCommand<Sim7600Session> pub() {
        return named("+CMQTTPUB", "L1612")
                .summary("Publish the message input before to its topic; +CMQTTPUB: <idx>,<err> follows")
                .test("+CMQTTPUB: (0-1),(0-2),(60-180),(0-1),(0-1)")
                .set((s, call) -> {
                    call.atLeast(3).atMost(5);
                    int index = index(call);
                    int qos = call.intArg(1, 0, 2);
                    int timeout = call.intArg(2, 60, 180);
                    boolean retained = call.intArg(3, 0, 1, 0) == 1;
                    call.intArg(4, 0, 1, 0); // <dup>: the client sets DUP itself when it sends again
                    Sim7600Mqtt.Client c = ready(s, index);
                    if (c == null) {
                        return refused(s, "+CMQTTPUB", index);
                    }
                    if (c.topic == null) {
                        return refuse("+CMQTTPUB", index, Sim7600Mqtt.TOPIC_EMPTY, "no topic (AT+CMQTTTOPIC)");
                    }
                    int id = qos == 0 ? 0 : c.net.freePacketId();
                    c.publishing = id;
                    c.net.timing(c.timing(Duration.ofSeconds(timeout)));
                    s.services().transmit();
                    c.net.publish(id, qos, retained, c.topic, c.payload == null ? new byte[0] : c.payload);
                    c.topic = null;
                    c.payload = null;
                    return Reply.ok();
                })
                .build();
    }

    /** The connected, idle client, or null (the refusal comes from {@link #refused}). */
    private static Sim7600Mqtt.Client ready(Sim7600Session s, int index) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        return c == null || !c.connected || c.net == null || c.busy() ? null : c;
    }

    private static Reply refused(Sim7600Session s, String name, int index) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        if (c == null) {
            return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client " + index + " is not acquired");
        }
        if (!c.connected || c.net == null) {
            return refuse(name, index, Sim7600Mqtt.NO_CONNECTION, "client " + index + " is not connected");
        }
        return refuse(name, index, Sim7600Mqtt.CLIENT_BUSY, "client " + index + " waits for an answer");
    }

    /**
     * AT+CMQTTSUB and AT+CMQTTUNSUB on the topics input before: the client connected and idle, at
     * least one topic input ({@code inputWith} names the command that inputs one), then {@code send}.
     */
    private static Reply requestInput(
            Sim7600Session s,
            String name,
            int index,
            Predicate<Sim7600Mqtt.Client> noTopic,
            String inputWith,
            Consumer<Sim7600Mqtt.Client> send) {
        Sim7600Mqtt.Client c = ready(s, index);
        if (c == null) {
            return refused(s, name, index);
        }
        if (noTopic.test(c)) {
            return refuse(name, index, Sim7600Mqtt.TOPIC_EMPTY, "no topic (" + inputWith + ")");
        }
        send.accept(c);
        return Reply.ok();
    }

    /**
     * AT+CMQTTSUB and AT+CMQTTUNSUB on one topic typed after {@code >}: the client connected and
     * idle before the prompt and still once the topic is typed, then {@code send}.
     */
    private static Reply requestTyped(
            Sim7600Session s, String name, int index, int length, BiConsumer<Sim7600Mqtt.Client, String> send) {
        if (ready(s, index) == null) {
            return refused(s, name, index);
        }
        return Reply.prompt(DataEntry.fixed(length, data -> {
            Sim7600Mqtt.Client c = ready(s, index);
            if (c == null) {
                return refused(s, name, index);
            }
            send.accept(c, topicOf(data));
            return Reply.ok();
        }));
    }

    /** L1613 AT+CMQTTSUBTOPIC=<client_index>,<req_length>,<qos>: one more topic for AT+CMQTTSUB. */
    static AtCommand<Sim7600Session> subTopic() {
        return named("+CMQTTSUBTOPIC", "L1613")
                .summary("Input a topic (with its QoS) to subscribe to after a > prompt")
                .test("+CMQTTSUBTOPIC: (0-1),(1-1024),(0-2)")
                .set((s, call) -> {
                    call.atMost(3);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    int qos = call.intArg(2, 0, 2);
                    return prompt(s, "+CMQTTSUBTOPIC", index, length, data -> {
                        Sim7600Mqtt.Client c = s.mqtt().client(index);
                        c.subTopics.add(topicOf(data));
                        c.subQos.add(qos);
                    });
                })
                .build();
    }

    /**
     * L1614 AT+CMQTTSUB=<client_index>[,<dup>] subscribes to the topics input before,
     * AT+CMQTTSUB=<client_index>,<reqLength>,<qos>[,<dup>] to the one typed after {@code >}; OK, then
     * {@code +CMQTTSUB: <idx>,<err>}.
     */
    static AtCommand<Sim7600Session> sub() {
        return named("+CMQTTSUB", "L1614")
                .summary(
                        "Subscribe to the topics input before, or to one typed after a > prompt; +CMQTTSUB: <idx>,<err> follows")
                .test("+CMQTTSUB: (0-1),(1-1024),(0-2),(0-1)")
                .set((s, call) -> {
                    call.atMost(4);
                    int index = index(call);
                    if (call.argCount() <= 2) {
                        call.intArg(1, 0, 1, 0); // <dup>
                        return requestInput(
                                s,
                                "+CMQTTSUB",
                                index,
                                c -> c.subTopics.isEmpty(),
                                "AT+CMQTTSUBTOPIC",
                                c -> subscribe(s, c, List.copyOf(c.subTopics), List.copyOf(c.subQos)));
                    }
                    int length = call.intArg(1, 1, 1024);
                    int qos = call.intArg(2, 0, 2);
                    call.intArg(3, 0, 1, 0);
                    return requestTyped(
                            s, "+CMQTTSUB", index, length, (c, topic) -> subscribe(s, c, List.of(topic), List.of(qos)));
                })
                .build();
    }

    private static void subscribe(Sim7600Session s, Sim7600Mqtt.Client c, List<String> topics, List<Integer> qos) {
        int id = c.net.freePacketId();
        c.subscribing = id;
        c.subTopics.clear();
        c.subQos.clear();
        c.net.timing(c.timing(Duration.ofSeconds(c.opTimeout)));
        s.services().transmit();
        c.net.subscribe(id, topics, qos);
    }

    /** L1615 AT+CMQTTUNSUBTOPIC=<client_index>,<req_length>: one more topic for AT+CMQTTUNSUB. */
    static AtCommand<Sim7600Session> unsubTopic() {
        return named("+CMQTTUNSUBTOPIC", "L1615")
                .summary("Input a topic to unsubscribe from after a > prompt")
                .test("+CMQTTUNSUBTOPIC: (0-1),(1-1024)")
                .set((s, call) -> {
                    call.atMost(2);
                    int index = index(call);
                    int length = call.intArg(1, 1, 1024);
                    return prompt(s, "+CMQTTUNSUBTOPIC", index, length, data -> s.mqtt()
                            .client(index)
                            .unsubTopics
                            .add(topicOf(data)));
                })
                .build();
    }

    /**
     * L1616 AT+CMQTTUNSUB=<client_index>[,<dup>] unsubscribes from the topics input before,
     * AT+CMQTTUNSUB=<client_index>,<reqLength>,<dup> from the one typed after {@code >}; OK, then
     * {@code +CMQTTUNSUB: <idx>,<err>}.
     */
    static AtCommand<Sim7600Session> unsub() {
        return named("+CMQTTUNSUB", "L1616")
                .summary("Unsubscribe from the topics input before, or from one typed after a > prompt")
                .test("+CMQTTUNSUB: (0-1),(1-1024),(0-1)")
                .set((s, call) -> {
                    call.atMost(3);
                    int index = index(call);
                    if (call.argCount() <= 2) {
                        call.intArg(1, 0, 1, 0); // <dup>
                        return requestInput(
                                s,
                                "+CMQTTUNSUB",
                                index,
                                c -> c.unsubTopics.isEmpty(),
                                "AT+CMQTTUNSUBTOPIC",
                                c -> unsubscribe(s, c, List.copyOf(c.unsubTopics)));
                    }
                    int length = call.intArg(1, 1, 1024);
                    call.intArg(2, 0, 1, 0);
                    return requestTyped(
                            s, "+CMQTTUNSUB", index, length, (c, topic) -> unsubscribe(s, c, List.of(topic)));
                })
                .build();
    }

    private static void unsubscribe(Sim7600Session s, Sim7600Mqtt.Client c, List<String> topics) {
        int id = c.net.freePacketId();
        c.unsubscribing = id;
        c.unsubTopics.clear();
        c.net.timing(c.timing(Duration.ofSeconds(c.opTimeout)));
        s.services().transmit();
        c.net.unsubscribe(id, topics);
    }
}
