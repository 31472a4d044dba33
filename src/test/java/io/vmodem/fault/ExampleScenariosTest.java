package io.vmodem.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example scenario the README shows is one vmodem accepts. */
class ExampleScenariosTest {
    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples", "scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void isAValidScenario(Path file) {
        Scenario s = ScenarioReader.read(file);
        assertThat(s.steps()).isNotEmpty();
    }
}
