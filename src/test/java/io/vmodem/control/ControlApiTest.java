package io.vmodem.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vmodem.dialect.bg96.Bg96Dialect;
import io.vmodem.modem.ModemSettings;
import io.vmodem.runtime.FaultSetup;
import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.LinkLayers;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.testing.Await;
import io.vmodem.testing.HostUart;
import io.vmodem.testing.ModemHarness;
import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.MqttBroker;
import io.vmodem.time.EventLoopScheduler;
import io.vmodem.transport.tcp.TcpLinkServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control API against a running server: real modems on the TCP link, a socket the test opens as
 * the host, the JDK's HTTP client as a script would use it. Every endpoint, every error.
 */
class ControlApiTest {
    private static Fleet fleet;
    private static TcpLinkServer links;
    private static InetSocketAddress link;
    private static ControlServer control;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        fleet = new Fleet(FaultSetup.NONE, 200);
        ModemFactory factory = new ModemFactory(
                ModemHarness.host(),
                new Bg96Dialect(),
                // these modems run in real time: booting need not take a module's time here
                ModemSettings.defaults().withBootDelay(Duration.ofMillis(20)).withRebootDelay(Duration.ofMillis(100)),
                3000,
                LinkLayers.NONE,
                EventLoopScheduler::new,
                fleet);
        links = new TcpLinkServer(factory);
        link = links.start(new InetSocketAddress("127.0.0.1", 0));
        control = ControlServer.start(fleet, new ControlServer.Options("127.0.0.1", 0, null));
        http = new Http(control.url(), null);
    }

    @AfterAll
    static void stop() {
        control.close();
        links.close();
    }

    private static FleetHost connect() throws Exception {
        return FleetHost.connect(fleet, link);
    }

    private static void assertProblem(Http.Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.type()).startsWith("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).contains(detailContains);
    }

    @Test
    void theListIsPagedAndEachModemShowsItsContextsSocketsAndCounters() throws Exception {
        try (FleetHost a = connect();
                FleetHost b = connect();
                ControlledServer server = new ControlledServer()) {
            a.link().command("AT+QIACT=1");
            a.link().send("AT+QIOPEN=1,3,\"TCP\",\"127.0.0.1\"," + server.port() + ",0,0");
            a.link().until("+QIOPEN: 3,0\r\n");
            a.link().send("AT+QISEND=3,5");
            a.link().until("> ");
            a.link().send("hello");
            a.link().until("SEND OK\r\n");
            server.awaitClient().awaitReceived(5);
            server.last().send("howdy!");
            a.link().until("+QIURC: \"recv\",3\r\n");

            JsonObject page = http.get("/api/modems?offset=0&limit=1000").json();
            assertThat(page.getInteger("total")).isEqualTo(fleet.size()).isGreaterThanOrEqualTo(2);
            JsonArray modems = page.getJsonArray("modems");
            JsonObject rowA = find(modems, a.id());
            assertThat(rowA.getString("dialect")).isEqualTo("bg96");
            assertThat(rowA.getString("link")).matches("tcp 127\\.0\\.0\\.1:\\d+");
            assertThat(rowA.getString("imei")).hasSize(15);
            assertThat(rowA.getString("power")).isEqualTo("on");
            assertThat(rowA.getJsonObject("registration").getString("state")).isEqualTo("registered");
            assertThat(rowA.getInteger("activeContexts")).isEqualTo(1);
            assertThat(rowA.getInteger("openSockets")).isEqualTo(1);
            assertThat(rowA.getLong("bytesIn")).isGreaterThan(40);
            assertThat(find(modems, b.id()).getInteger("openSockets")).isZero();

            JsonObject second = http.get("/api/modems?offset=1&limit=1").json();
            assertThat(second.getJsonArray("modems")).hasSize(1);
            assertThat(second.getJsonArray("modems").getJsonObject(0).getLong("id"))
                    .isEqualTo(page.getJsonArray("modems").getJsonObject(1).getLong("id"));

            JsonObject one = http.get("/api/modems/" + a.id()).json();
            JsonObject ctx = one.getJsonArray("contexts").getJsonObject(0);
            assertThat(ctx.getInteger("id")).isEqualTo(1);
            assertThat(ctx.getString("state")).isEqualTo("active");
            assertThat(ctx.getString("address")).isNotEqualTo("0.0.0.0");
            JsonObject sock = one.getJsonArray("sockets").getJsonObject(0);
            assertThat(sock.getInteger("id")).isEqualTo(3);
            assertThat(sock.getString("type")).isEqualTo("TCP");
            assertThat(sock.getString("state")).isEqualTo("connected");
            assertThat(sock.getString("remote")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(sock.getString("local")).startsWith(ctx.getString("address") + ":");
            assertThat(sock.getLong("sent")).isEqualTo(5);
            assertThat(sock.getLong("received")).isEqualTo(6);
            assertThat(sock.getLong("read")).isZero();
            assertThat(sock.getLong("unread")).isEqualTo(6);
            assertThat(one.getValue("command")).isNull();
            assertThat(one.getJsonObject("settings").getBoolean("echo")).isFalse();
            assertThat(http.get("/api/modems/m" + a.id()).json().getLong("id")).isEqualTo(a.id());
        }
    }

    @Test
    void anMqttClientTheHostStartedShowsAmongTheServicesWithItsState() throws Exception {
        try (FleetHost a = connect();
                MqttBroker broker = MqttBroker.plain().start()) {
            a.link().command("AT+QIACT=1");
            a.link().send("AT+QMTOPEN=0,\"" + broker.host() + "\"," + broker.port());
            a.link().until("+QMTOPEN: 0,0\r\n");
            JsonObject opened = http.get("/api/modems/" + a.id()).json();
            assertThat(opened.getJsonArray("services").size()).isEqualTo(1);
            JsonObject open = opened.getJsonArray("services").getJsonObject(0);
            assertThat(open.getString("kind")).isEqualTo("mqtt");
            assertThat(open.getInteger("context")).isEqualTo(1);
            assertThat(open.getString("target")).isEqualTo(broker.host() + ":" + broker.port());
            assertThat(open.getString("progress")).isEqualTo("open");

            a.link().send("AT+QMTCONN=0,\"api-client\"");
            a.link().until("+QMTCONN: 0,0,0\r\n");
            JsonObject connected = http.get("/api/modems/" + a.id())
                    .json()
                    .getJsonArray("services")
                    .getJsonObject(0);
            assertThat(connected.getString("progress")).isEqualTo("connected");

            a.link().send("AT+QMTCLOSE=0");
            a.link().until("+QMTCLOSE: 0,0\r\n");
            assertThat(http.get("/api/modems/" + a.id())
                            .json()
                            .getJsonArray("services")
                            .size())
                    .isZero();
        }
    }

    private static JsonObject find(JsonArray modems, long id) {
        for (Object o : modems) {
            if (((JsonObject) o).getLong("id") == id) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no modem " + id + " in " + modems.encode());
    }

    @Test
    void aPdpDropPostedOverHttpReachesTheHostInTheModulesWords() throws Exception {
        try (FleetHost h = connect()) {
            h.link().command("AT+QIACT=1");
            Http.Response r =
                    http.post("/api/modems/" + h.id() + "/faults", "{\"fault\": \"pdp-drop\", \"context\": 1}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().getJsonObject("applied").encode()).isEqualTo("{\"fault\":\"pdp-drop\",\"context\":1}");
            assertThat(h.link().until("+QIURC: \"pdpdeact\",1\r\n")).isEqualTo("\r\n+QIURC: \"pdpdeact\",1\r\n");
            assertThat(http.get("/api/modems/" + h.id()).json().getLong("faultsInjected"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aSignalConditionChangesCsqUntilItIsClearedAndShowsAmongTheConditions() throws Exception {
        try (FleetHost h = connect()) {
            String before = h.link().command("AT+CSQ");
            Http.Response r = http.put("/api/modems/" + h.id() + "/conditions/signal", "{\"rssi\": 5, \"ber\": 1}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(h.link().command("AT+CSQ")).isEqualTo("\r\n+CSQ: 5,1\r\n\r\nOK\r\n");
            JsonArray conditions = http.get("/api/modems/" + h.id()).json().getJsonArray("conditions");
            assertThat(conditions.encode()).isEqualTo("[{\"condition\":\"signal\",\"rssi\":5,\"ber\":1}]");
            assertThat(http.delete("/api/modems/" + h.id() + "/conditions/signal")
                            .status())
                    .isEqualTo(200);
            assertThat(h.link().command("AT+CSQ")).isEqualTo(before);
            assertThat(http.get("/api/modems/" + h.id()).json().getJsonArray("conditions"))
                    .isEmpty();
        }
    }

    @Test
    void aConditionForAWhileAndTheSameOnEveryModem() throws Exception {
        try (FleetHost a = connect();
                FleetHost b = connect()) {
            a.link().command("AT+CEREG=1");
            b.link().command("AT+CEREG=1");
            Http.Response r = http.put("/api/modems/all/conditions/registration", "{\"state\": \"denied\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().getJsonArray("failed")).isEmpty();
            assertThat(r.json().getJsonArray("modems").size()).isEqualTo(fleet.size());
            assertThat(a.link().until("+CEREG: 3\r\n")).endsWith("+CEREG: 3\r\n");
            assertThat(b.link().until("+CEREG: 3\r\n")).endsWith("+CEREG: 3\r\n");
            assertThat(http.delete("/api/modems/all/conditions/registration").status())
                    .isEqualTo(200);
            assertThat(a.link().until("+CEREG: 1\r\n")).endsWith("+CEREG: 1\r\n");
            r = http.post("/api/modems/all/faults", "{\"fault\": \"pdp-drop\"}");
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void aUrcPostedReachesTheHostAndPowerOffSilencesTheModemUntilOn() throws Exception {
        try (FleetHost h = connect()) {
            Http.Response r = http.post("/api/modems/" + h.id() + "/urc", "{\"line\": \"+QIURC: \\\"hello\\\"\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(h.link().until("+QIURC: \"hello\"\r\n")).isEqualTo("\r\n+QIURC: \"hello\"\r\n");

            assertThat(http.post("/api/modems/" + h.id() + "/power", "{\"action\": \"off\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(http.get("/api/modems/" + h.id()).json().getString("power"))
                    .isEqualTo("off");
            assertProblem(http.post("/api/modems/" + h.id() + "/urc", "{\"line\": \"RING\"}"), 409, "is off");
            assertThat(http.post("/api/modems/" + h.id() + "/power", "{\"action\": \"on\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(h.link().until("+QIND: PB DONE\r\n")).startsWith("\r\nRDY\r\n");
            assertThat(http.post("/api/modems/" + h.id() + "/power", "{\"action\": \"reset\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(h.link().until("+QIND: PB DONE\r\n")).startsWith("\r\nRDY\r\n");
            assertThat(http.get("/api/modems/" + h.id()).json().getString("power"))
                    .isEqualTo("on");
        }
    }

    @Test
    void theTraceIsReadBySequenceNumberAndStreamedLive() throws Exception {
        try (FleetHost h = connect()) {
            h.link().command("AT+CGMI");
            JsonObject all = http.get("/api/modems/" + h.id() + "/trace").json();
            JsonArray lines = all.getJsonArray("lines");
            assertThat(lines.stream()
                            .map(o -> ((JsonObject) o).getString("kind") + " " + ((JsonObject) o).getString("text")))
                    .contains("> AT+CGMI\\r\\n", "< \\r\\nQuectel\\r\\n");
            long next = all.getLong("next");
            assertThat(next).isEqualTo(lines.getJsonObject(lines.size() - 1).getLong("seq"));
            assertThat(http.get("/api/modems/" + h.id() + "/trace?since=" + next)
                            .json()
                            .getJsonArray("lines"))
                    .isEmpty();

            try (Http.Events stream = http.events("/api/modems/" + h.id() + "/trace/stream?since=" + next)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.type()).startsWith("text/event-stream");
                h.link().command("ATI");
                JsonObject line = stream.until(l -> l.getString("text").contains("ATI"));
                assertThat(line.getString("kind")).isEqualTo(">");
                assertThat(line.getLong("seq")).isGreaterThan(next);
            }
        }
    }

    @Test
    void theKeptTraceIsDownloadedAsATranscriptWithVariables() throws Exception {
        try (FleetHost h = connect()) {
            h.link().command("AT+CGMI");
            h.link().command("AT+QICSGP=1,1,\"iot.example\",\"\",\"\"");
            Http.Response r = http.get("/api/modems/" + h.id() + "/transcript?var=APN=iot.example");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.type()).startsWith("text/plain");
            assertThat(r.body())
                    .startsWith("# Transcript of m" + h.id() + ", made from its trace by vmodem.\n")
                    .contains("\n> AT+CGMI\n< Quectel\n< OK\n")
                    .contains("\n> AT+QICSGP=1,1,\"${APN}\",\"\",\"\"\n< OK\n")
                    .doesNotContain("iot.example");

            assertProblem(http.get("/api/modems/" + h.id() + "/transcript?var=9X=1"), 400, "var: expected NAME=VALUE");
            assertProblem(http.get("/api/modems/99999/transcript"), 404, "no modem 99999");
        }
    }

    @Test
    void theEventStreamTellsOfModemsComingAndOfFaults() throws Exception {
        try (Http.Events events = http.events("/api/events")) {
            assertThat(events.status()).isEqualTo(200);
            try (FleetHost h = connect()) {
                JsonObject added =
                        events.until(e -> e.getString("type").equals("modem") && e.getLong("modem") == h.id());
                assertThat(added.getJsonObject("detail").getString("state")).isEqualTo("added");
                http.put("/api/modems/" + h.id() + "/conditions/signal", "{\"rssi\": 9}");
                JsonObject fault = events.until(e -> e.getString("type").equals("fault"));
                assertThat(fault.getJsonObject("detail").getString("text")).isEqualTo("condition signal rssi 9");
                JsonObject signal = events.until(e -> e.getString("type").equals("signal"));
                assertThat(signal.getJsonObject("detail").getInteger("rssi")).isEqualTo(9);
            }
        }
    }

    @Test
    void aScenarioPostedAsYamlLoadsIntoTheModemsItPicks() throws Exception {
        try (FleetHost a = connect();
                FleetHost b = connect()) {
            String yaml = "seed: 3\nmodems: [" + a.id() + "]\nsteps:\n"
                    + "  - on: {command: \"AT+CGMR\"}\n"
                    + "    do: {condition: signal, rssi: 4}\n";
            Http.Response r = http.post("/api/scenarios", yaml, "application/yaml");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().getJsonArray("modems").size()).isEqualTo(1);
            assertThat(r.json().getJsonArray("modems").getLong(0)).isEqualTo(a.id());
            assertThat(r.json().getInteger("steps")).isEqualTo(1);
            a.link().command("AT+CGMR");
            b.link().command("AT+CGMR");
            assertThat(a.link().command("AT+CSQ")).isEqualTo("\r\n+CSQ: 4,99\r\n\r\nOK\r\n");
            assertThat(b.link().command("AT+CSQ")).doesNotContain("+CSQ: 4,");

            assertProblem(
                    http.post("/api/scenarios", "seed: 3\nsteps:\n  - do: {fault: pdp-drop, contex: 1}\n", "text/yaml"),
                    400,
                    "request body line 3, steps[0].do.contex: unknown field contex");
            // Every fault of the catalogue is done now: a scenario using the module's faults loads.
            Http.Response slow = http.post(
                    "/api/scenarios", "{\"steps\": [{\"do\": {\"condition\": \"slow-answers\", \"delay\": \"9s\"}}]}");
            assertThat(slow.status()).as(slow.body()).isEqualTo(200);
        }
    }

    @Test
    void everyErrorIsAProblemThatSaysWhatIsWrong() throws Exception {
        try (FleetHost h = connect()) {
            String m = "/api/modems/" + h.id();
            assertProblem(http.get("/api/modems/99999"), 404, "no modem 99999");
            assertProblem(http.get("/api/modems/x1"), 404, "no modem x1");
            assertProblem(http.post("/api/modems/99999/faults", "{\"fault\": \"reset\"}"), 404, "no modem 99999");
            assertProblem(http.get("/api/nothing"), 404, "no such resource");
            assertProblem(http.send("PATCH", m), 405, "PATCH is not allowed");
            assertProblem(http.get("/api/modems?limit=0"), 400, "limit: expected 1..1000, got 0");
            assertThat(http.get("/api/modems?limit=0").json().getString("field"))
                    .isEqualTo("limit");
            assertProblem(http.get("/api/modems?offset=a"), 400, "offset: expected a whole number");
            assertProblem(http.get(m + "/trace?since=-1"), 400, "since");

            Http.Response bad = http.post(m + "/faults", "{\"fault\": \"pdp-drop\", \"context\": 99}");
            assertProblem(bad, 400, "request body line 1, context: expected 0..16, got 99");
            assertThat(bad.json().getString("field")).isEqualTo("context");
            assertProblem(
                    http.post(m + "/faults", "{\"fault\": \"nonsense\"}"), 400, "no fault or condition named nonsense");
            assertProblem(http.post(m + "/faults", "{\"fault\": \"pdp-drop\""), 400, "not valid YAML");
            assertProblem(http.post(m + "/faults", ""), 400, "empty");
            assertProblem(
                    http.post(m + "/faults", "{\"fault\": \"connect-id-leak\", \"socket\": 100}"),
                    400,
                    "socket: expected 0..99, got 100");
            assertProblem(
                    http.post(m + "/faults", "fault=reset", "application/x-www-form-urlencoded"),
                    415,
                    "application/json");
            assertProblem(http.post(m + "/faults", "{\"fault\": \"reset\"}", "text/plain"), 415, "application/json");

            assertProblem(http.put(m + "/conditions/nothing", "{}"), 404, "no condition named nothing");
            assertProblem(http.put(m + "/conditions/pdp-drop", "{}"), 400, "pdp-drop is a fault, not a condition");
            assertProblem(
                    http.put(m + "/conditions/signal", "{\"rssi\": 40}"), 400, "rssi: expected 0..31 or 99, got 40");
            assertProblem(http.put(m + "/conditions/signal", "{}"), 400, "signal needs rssi");
            assertProblem(http.put(m + "/conditions/signal", "[1]"), 400, "expected a JSON object");
            assertProblem(http.put(m + "/conditions/signal", "{\"condition\": \"x\"}"), 400, "named in the path");
            assertProblem(http.put(m + "/conditions/slow-answers", "{\"delay\": \"soon\"}"), 400, "delay");
            assertProblem(http.delete(m + "/conditions/signal?colour=red"), 400, "unknown field colour");

            assertProblem(http.post(m + "/power", "{\"action\": \"explode\"}"), 400, "expected one of reset|off|on");
            assertProblem(http.post(m + "/power", "{}"), 400, "action");
            assertProblem(http.post(m + "/urc", "{\"line\": \"two\\r\\nlines\"}"), 400, "without line ends");
            assertProblem(http.post(m + "/urc", "{\"line\": \"\"}"), 400, "line");
            assertProblem(http.post(m + "/urc", "not json"), 400, "not valid JSON");
        }
    }

    @Test
    void aTraceIsNotKeptWithTraceKeepZero() throws Exception {
        Fleet none = new Fleet(FaultSetup.NONE, 0);
        ModemFactory factory = new ModemFactory(
                ModemHarness.host(),
                new Bg96Dialect(),
                ModemSettings.defaults(),
                3500,
                LinkLayers.NONE,
                EventLoopScheduler::new,
                none);
        try (TcpLinkServer server = new TcpLinkServer(factory);
                ControlServer api = ControlServer.start(none, new ControlServer.Options("127.0.0.1", 0, null))) {
            InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (HostUart c = new HostUart(address).endingLinesWith("\r\n")) {
                c.until("+QIND: PB DONE\r\n");
                Await.until("the modem joins", () -> none.size() == 1);
                long id = none.all().get(0).id();
                Http h = new Http(api.url(), null);
                assertProblem(h.get("/api/modems/" + id + "/trace"), 404, "keeps no trace in memory");
                assertThat(h.get("/api/modems/" + id).json().getLong("traceNext"))
                        .isZero();
            }
            Await.until("the modem leaves when its link closes", () -> none.size() == 0);
        }
    }

    @Test
    void theMetricsParseAsPrometheusTextAndCountCommandsAndFaults() throws Exception {
        try (FleetHost h = connect()) {
            h.link().command("AT");
            http.post("/api/modems/" + h.id() + "/faults", "{\"fault\": \"reset\"}");
            h.link().until("+QIND: PB DONE\r\n");
            Http.Response r = http.get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.type()).startsWith("text/plain");
            Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? -?[0-9.eE+-]+|.* (NaN|\\+Inf)");
            java.util.Map<String, Double> values = new java.util.HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    assertThat(line.isEmpty() || line.matches("# (HELP|TYPE) .*"))
                            .as(line)
                            .isTrue();
                    continue;
                }
                assertThat(sample.matcher(line).matches()).as(line).isTrue();
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            assertThat(values.get("vmodem_modems")).isEqualTo(fleet.size());
            assertThat(values.get("vmodem_commands_total")).isGreaterThanOrEqualTo(2);
            assertThat(values.get("vmodem_command_latency_seconds_count"))
                    .isEqualTo(values.get("vmodem_commands_total"));
            assertThat(values.get("vmodem_command_latency_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(values.get("vmodem_commands_total"));
            assertThat(values.get("vmodem_faults_injected_total")).isGreaterThanOrEqualTo(1);
            assertThat(values.get("vmodem_link_bytes_total{direction=\"in\"}")).isGreaterThan(0);
            assertThat(values.get("vmodem_link_bytes_total{direction=\"out\"}")).isGreaterThan(0);
            assertThat(values).containsKeys("vmodem_sockets", "vmodem_contexts_active", "vmodem_engine_faults_total");
            assertThat(values.get("vmodem_engine_faults_total")).isZero();
        }
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        Http.Response r = http.get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("openapi")).isEqualTo("3.1.0");
    }

    @Test
    void withoutATokenOnlyRequestsNamingThisHostAreAnswered() throws Exception {
        assertThat(rawStatus(control.address(), "127.0.0.1")).isEqualTo(200);
        assertThat(rawStatus(control.address(), "localhost:" + control.address().getPort()))
                .isEqualTo(200);
        assertThat(rawStatus(
                        control.address(),
                        "rebound.example:" + control.address().getPort()))
                .isEqualTo(403);
    }

    /** The status of GET /api/modems with {@code host} as the Host header (the JDK client will not send one). */
    static int rawStatus(InetSocketAddress server, String host) throws Exception {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/modems HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
