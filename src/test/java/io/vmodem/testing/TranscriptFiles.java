package io.vmodem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The transcript files of one dialect, by name. */
public final class TranscriptFiles {
    private TranscriptFiles() {}

    public static Stream<String> list(String dialect) {
        URL dir = TranscriptFiles.class.getResource("/transcripts/" + dialect);
        if (dir == null) {
            throw new IllegalStateException("no transcripts for " + dialect);
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
