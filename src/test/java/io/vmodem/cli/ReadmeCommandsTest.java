package io.vmodem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.Dialect;
import io.vmodem.runtime.Dialects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's command list is generated from the command tables. Run with
 * {@code -Dreadme.update=true} to rewrite it after changing a table.
 */
class ReadmeCommandsTest {
    private static final String BEGIN = "<!-- commands:begin -->\n";
    private static final String END = "<!-- commands:end -->";

    @Test
    void readmeListsExactlyTheCommandsOfEveryDialect() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README has the commands markers").isNotNegative();
        StringBuilder generated = new StringBuilder();
        for (Dialect d : Dialects.all()) {
            generated.append(CommandsCommand.markdown(d));
        }
        String current = text.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("readme.update") && !current.contentEquals(generated)) {
            Files.writeString(
                    readme,
                    text.substring(0, begin + BEGIN.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            current = generated.toString();
        }
        assertThat(current)
                .as("README command list is stale: run mvn test -Dtest=ReadmeCommandsTest -Dreadme.update=true")
                .isEqualTo(generated.toString());
    }
}
