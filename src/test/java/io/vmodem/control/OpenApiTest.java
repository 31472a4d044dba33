package io.vmodem.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vmodem.runtime.Fleet;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI description stays true: every route is documented, every documented operation is routed. */
class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
        Set<String> routed = new TreeSet<>();
        try (ControlServer api = ControlServer.start(new Fleet(), new ControlServer.Options("127.0.0.1", 0, null))) {
            for (Route r : api.router().getRoutes()) {
                if (r.methods() == null || r.methods().isEmpty()) {
                    continue; // handlers for every request (the guard, bodies), not operations
                }
                if (r.getPath().equals("/") || r.getPath().startsWith("/webjars/")) {
                    continue; // the dashboard's files
                }
                String path = r.getPath().replaceAll(":([a-z]+)", "{$1}");
                r.methods().forEach(m -> routed.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
            }
        }
        JsonObject doc;
        try (InputStream in = ControlServer.class.getResourceAsStream("openapi.json")) {
            doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(doc.getString("openapi")).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method + " " + path);
                JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                assertThat(op.getString("summary")).as(method + " " + path).isNotBlank();
                assertThat(op.getJsonObject("responses").fieldNames())
                        .as(method + " " + path)
                        .anyMatch(s -> s.startsWith("2"));
            }
        }
        assertThat(routed).isNotEmpty().isEqualTo(documented);
        // every schema referred to is defined
        var refs = java.util.regex.Pattern.compile("\"\\$ref\":\"#/components/schemas/([A-Za-z]+)\"")
                .matcher(doc.encode());
        int count = 0;
        while (refs.find()) {
            count++;
            assertThat(doc.getJsonObject("components").getJsonObject("schemas").containsKey(refs.group(1)))
                    .as("schema " + refs.group(1))
                    .isTrue();
        }
        assertThat(count).isGreaterThan(10);
    }
}
