package io.vmodem.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** What a logger (and those below it) logs while a test runs, from any thread. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final boolean additive;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previous = logger.getLevel();
        additive = logger.isAdditive();
        logger.setLevel(level);
        logger.setAdditive(false); // what the test expects stays out of the build's output
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    /** Captures {@code name}'s events at {@code level} and above until closed. */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Each event as one line: level, message, and the exception's class and message if any. */
    public List<String> lines() {
        return events.stream().map(LogCapture::line).toList();
    }

    private static String line(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        return e.getLevel() + " " + e.getFormattedMessage()
                + (t == null ? "" : " " + t.getClassName() + ": " + t.getMessage());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        logger.setAdditive(additive);
        stop();
    }
}
