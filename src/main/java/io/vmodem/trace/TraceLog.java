package io.vmodem.trace;

import io.vmodem.time.Scheduler;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where trace lines go: a file, stderr, or memory in a test. One log serves every modem of the
 * process; each line names its modem, so {@code grep ' m3 '} picks one out. Lines are written whole
 * and flushed at once, so {@code tail -f} shows a session as it happens.
 */
public final class TraceLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TraceLog.class);

    private final Writer out;
    private final boolean ownsOut;
    private final ZoneId zone;
    private boolean failed;

    private TraceLog(Writer out, boolean ownsOut, ZoneId zone) {
        this.out = out;
        this.ownsOut = ownsOut;
        this.zone = zone;
        line("# vmodem trace, started "
                + ZonedDateTime.now(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "; times are " + zone);
    }

    /** {@code -} for stderr, else a file (created or truncated). */
    public static TraceLog open(String target) throws IOException {
        if (target.equals("-")) {
            return new TraceLog(
                    new OutputStreamWriter(System.err, StandardCharsets.UTF_8), false, ZoneId.systemDefault());
        }
        Path path = Path.of(target);
        return new TraceLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8), true, ZoneId.systemDefault());
    }

    /** Into {@code out}, which the caller keeps (tests). */
    public static TraceLog to(Writer out) {
        return new TraceLog(out, false, ZoneId.systemDefault());
    }

    /** A modem's trace; {@code id} names it on every line. Use it on the modem's thread. */
    public ModemTrace modem(String id, Scheduler scheduler) {
        return new ModemTrace(this, id, scheduler, zone);
    }

    synchronized void line(String text) {
        if (failed) {
            return;
        }
        try {
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failed = true;
            log.warn("trace stopped: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (ownsOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            log.debug("closing the trace: {}", e.toString());
        }
    }
}
