package io.vmodem.dialect.bg96;

import io.vmodem.testing.MqttTranscripts;
import io.vmodem.testing.TranscriptFiles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transcript under transcripts/bg96-mqtt, each against a fresh broker and a fresh modem. */
class Bg96MqttTranscriptTest {
    static Stream<String> transcripts() {
        return TranscriptFiles.list("bg96-mqtt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        MqttTranscripts.run(new Bg96Dialect(), "/transcripts/bg96-mqtt/" + file);
    }
}
