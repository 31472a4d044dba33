package io.vmodem.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.runtime.Fleet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as the server serves them, without a browser: every file the page names is
 * there with its type (uPlot's WebJar at the version the page names, so the pom and the page stay in
 * step), and with a token set the page's own files load without it while the API still wants it.
 */
class DashboardFilesTest {
    private static final Pattern REFERENCE =
            Pattern.compile("(?:href|src)=\"([^\"#:]+)\"|\"uplot\": \"\\./([^\"]+)\"|from \"\\./([^\"]+)\"");

    private static ControlServer api;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        api = ControlServer.start(new Fleet(), new ControlServer.Options("127.0.0.1", 0, null));
        http = new Http(api.url(), null);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyFileThePageNamesIsServedWithItsType() {
        assertThat(api.dashboard()).isTrue();
        Http.Response index = http.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.type()).startsWith("text/html");

        Set<String> seen = new LinkedHashSet<>();
        Deque<String[]> todo = new ArrayDeque<>();
        references("", index.body()).forEach(p -> todo.add(new String[] {p, "/"}));
        while (!todo.isEmpty()) {
            String path = todo.poll()[0];
            if (!seen.add(path)) {
                continue;
            }
            Http.Response r = http.get("/" + path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.type()).as(path).matches(type(path));
            if (path.startsWith("js/")) {
                references("js/", r.body()).forEach(p -> todo.add(new String[] {p, path}));
            }
        }
        assertThat(seen)
                .contains(
                        "app.css",
                        "icon.svg",
                        "js/main.js",
                        "js/list.js",
                        "js/modem.js",
                        "js/trace.js",
                        "js/controls.js",
                        "webjars/uplot/1.6.30/dist/uPlot.esm.js",
                        "webjars/uplot/1.6.30/dist/uPlot.min.css");
    }

    private static Set<String> references(String base, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(2) != null) {
                out.add(m.group(2));
            } else {
                out.add(base + m.group(3));
            }
        }
        out.removeIf(p -> p.startsWith("api/") || p.equals("metrics"));
        return out;
    }

    private static String type(String path) {
        if (path.endsWith(".js")) {
            return "(application|text)/javascript.*"; // a module script must have a JavaScript type
        }
        if (path.endsWith(".css")) {
            return "text/css.*";
        }
        if (path.endsWith(".svg")) {
            return "image/svg\\+xml.*";
        }
        return "text/html.*";
    }

    @Test
    void withATokenThePageLoadsWithoutItAndTheApiStillWantsIt() throws Exception {
        String token = ControlServer.newToken();
        try (ControlServer guarded =
                ControlServer.start(new Fleet(), new ControlServer.Options("127.0.0.1", 0, token))) {
            Http none = new Http(guarded.url(), null);
            assertThat(none.get("/").status()).isEqualTo(200);
            assertThat(none.get("/js/main.js").status()).isEqualTo(200);
            assertThat(none.get("/webjars/uplot/1.6.30/dist/uPlot.esm.js").status())
                    .isEqualTo(200);
            assertThat(none.get("/api/modems").status()).isEqualTo(401);
            assertThat(none.get("/api/openapi.json").status()).isEqualTo(401);
            assertThat(none.get("/metrics").status()).isEqualTo(401);
            assertThat(none.post("/api/modems/all/faults", "{\"fault\": \"reset\"}")
                            .status())
                    .isEqualTo(401);
            assertThat(new Http(guarded.url(), token).get("/api/modems").status())
                    .isEqualTo(200);
        }
    }
}
