package io.vmodem.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's table of faults and conditions is generated from the catalogue ({@link Fault}): every
 * fault, whether it is an event or a condition, its parameters with their forms and defaults, and
 * what it does. Run with {@code -Dreadme.update=true} to rewrite it after changing the catalogue.
 */
class FaultCatalogueReadmeTest {
    private static final String BEGIN = "<!-- faults:begin -->\n";
    private static final String END = "<!-- faults:end -->";

    @Test
    void readmeListsEveryFaultOfTheCatalogueAsItIs() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README has the faults markers").isNotNegative();
        String generated = table();
        String current = text.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("readme.update") && !current.equals(generated)) {
            Files.writeString(
                    readme,
                    text.substring(0, begin + BEGIN.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current)
                .as("README fault table is stale: run mvn test -Dtest=FaultCatalogueReadmeTest -Dreadme.update=true")
                .isEqualTo(generated);
    }

    @Test
    void everyFaultIsInTheTableOnce() {
        String table = table();
        for (Fault f : Fault.values()) {
            assertThat(table.split("\n"))
                    .filteredOn(l -> l.startsWith("| `" + f.id() + "` |"))
                    .hasSize(1);
        }
    }

    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| name | kind | parameters | what it does |\n");
        sb.append("|---|---|---|---|\n");
        for (Fault f : Fault.values()) {
            sb.append("| `")
                    .append(f.id())
                    .append("` | ")
                    .append(kind(f))
                    .append(" | ")
                    .append(params(f))
                    .append(" | ")
                    .append(cell(f.summary()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String kind(Fault f) {
        return switch (f.kind()) {
            case EVENT -> "fault";
            case CONDITION -> "condition";
            case BOTH -> "fault or condition";
        };
    }

    private static String params(Fault f) {
        List<String> out = new ArrayList<>();
        for (Param p : f.params()) {
            String how = p.required()
                    ? ""
                    : p.fallback() != null ? ", default " + Injection.text(p.fallback()) : ", optional";
            out.add("`" + p.name() + "`: " + cell(p.form()) + how);
        }
        return out.isEmpty() ? "" : String.join("<br>", out);
    }

    /** Text a table cell can hold: pipes and angle brackets escaped, no line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\n", " ");
    }
}
