package io.vmodem.dialect.sim7600;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.DataEntry;
import io.vmodem.at.Final;
import io.vmodem.at.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SIM7600's MQTT commands (manual L1601–L1617): the service, the clients, the topic and payload
 * prompts, connect, subscribe, publish. A command refused at once answers {@code +CMQTT<NAME>:
 * <client_index>,<err>} then ERROR (a bad parameter: ERROR alone); one accepted answers OK, and what
 * the network makes of it comes as {@code +CMQTT<NAME>: <client_index>,<err>} later.
 *
 * <p>This class is the table, in the manual's order, and the wording the family shares; the
 * commands are in {@link MqttServiceCommands} (the service, its clients and their settings), {@link
 * MqttConnectCommands} (the will, connect and disconnect) and {@link MqttPublishSubscribeCommands}.
 */
final class MqttCommands {
    private MqttCommands() {}

    static List<AtCommand<Sim7600Session>> commands() {
        return List.of(
                MqttServiceCommands.start(),
                MqttServiceCommands.stop(),
                MqttServiceCommands.accq(),
                MqttServiceCommands.rel(),
                MqttServiceCommands.sslcfg(),
                MqttConnectCommands.willTopic(),
                MqttConnectCommands.willMsg(),
                MqttConnectCommands.disc(),
                MqttConnectCommands.connect(),
                MqttPublishSubscribeCommands.topic(),
                MqttPublishSubscribeCommands.payload(),
                MqttPublishSubscribeCommands.pub(),
                MqttPublishSubscribeCommands.subTopic(),
                MqttPublishSubscribeCommands.sub(),
                MqttPublishSubscribeCommands.unsubTopic(),
                MqttPublishSubscribeCommands.unsub(),
                MqttServiceCommands.cfg());
    }

    static AtCommand.Builder<Sim7600Session> named(String name, String section) {
        return AtCommand.<Sim7600Session>named(name).section(section).onInvalid((s, call) -> Reply.error());
    }

    /** {@code +CMQTT<NAME>: <client_index>,<err>} then ERROR. */
    static Reply refuse(String name, int index, int err, String why) {
        return Reply.of(Final.ERROR, name + ": " + index + "," + err).because(why);
    }

    static int index(CommandCall call) {
        return call.intArg(0, 0, Sim7600Mqtt.CLIENTS - 1);
    }

    /**
     * A topic or message typed after {@code >}: exactly {@code length} bytes, then OK; the client
     * must be acquired.
     */
    static Reply prompt(Sim7600Session s, String name, int index, int length, Consumer<byte[]> take) {
        Sim7600Mqtt.Client c = s.mqtt().client(index);
        if (c == null) {
            return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client " + index + " is not acquired");
        }
        return Reply.prompt(DataEntry.fixed(length, data -> {
            if (s.mqtt().client(index) != c) {
                return refuse(name, index, Sim7600Mqtt.CLIENT_NOT_ACQUIRED, "client released meanwhile");
            }
            take.accept(data);
            return Reply.ok();
        }));
    }

    static String topicOf(byte[] typed) {
        return new String(typed, StandardCharsets.UTF_8);
    }
}
