package io.vmodem.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's JUnit example is the example project's test, word for word: the build runs that test
 * (maven-invoker-plugin), so what the README shows works.
 */
class ReadmeExampleTest {
    private static final String MARKER = "<!-- junit-example:";
    private static final Path EXAMPLE =
            Path.of("examples/java-junit/src/test/java/com/example/modem/Bg96DriverTest.java");

    @Test
    void theReadmesJunitExampleIsTheExampleProjectsTestWordForWord() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int marker = indexOf(readme, MARKER, 0);
        assertThat(marker)
                .as("the README marks its JUnit example with " + MARKER)
                .isNotNegative();
        assertThat(readme.get(marker + 1)).isEqualTo("```java");
        int end = indexOf(readme, "```", marker + 2);
        List<String> block =
                readme.subList(marker + 2, end).stream().map(String::strip).toList();
        assertThat(block).hasSizeGreaterThan(5);

        List<String> example =
                Files.readAllLines(EXAMPLE).stream().map(String::strip).toList();
        int from = example.indexOf(block.get(0));
        assertThat(from)
                .as("the example has the README's first line: " + block.get(0))
                .isNotNegative();
        assertThat(example.subList(from, Math.min(example.size(), from + block.size())))
                .as("the example, from the README's first line on")
                .containsExactlyElementsOf(block);
    }

    private static int indexOf(List<String> lines, String start, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }
}
