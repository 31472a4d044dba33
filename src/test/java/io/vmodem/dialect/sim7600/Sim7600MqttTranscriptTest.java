package io.vmodem.dialect.sim7600;

import io.vmodem.testing.MqttTranscripts;
import io.vmodem.testing.TranscriptFiles;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transcript under transcripts/sim7600-mqtt, each against a fresh broker and a fresh modem. */
class Sim7600MqttTranscriptTest {
    static Stream<String> transcripts() {
        return TranscriptFiles.list("sim7600-mqtt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String file) throws Exception {
        MqttTranscripts.run(new Sim7600Dialect(), "/transcripts/sim7600-mqtt/" + file);
    }
}
