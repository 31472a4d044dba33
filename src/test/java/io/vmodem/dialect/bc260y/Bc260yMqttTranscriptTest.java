package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.testing.MqttTranscripts;
import io.vmodem.testing.TranscriptFiles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transcript under transcripts/bc260y-mqtt, each on a fresh modem that has attached (+IP). */
class Bc260yMqttTranscriptTest {
    static Stream<String> transcripts() {
        return TranscriptFiles.list("bc260y-mqtt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        MqttTranscripts.run(
                new Bc260yDialect(), "/transcripts/bc260y-mqtt/" + file, modem -> assertThat(modem.nextLine())
                        .startsWith("+IP: "));
    }
}
