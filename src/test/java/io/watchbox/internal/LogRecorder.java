package io.watchbox.internal;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What reaches one java.util.logging logger from the moment it is made until it is closed. Use it in
 * try-with-resources, or as a {@code @RegisterExtension} field: JUnit makes a fresh test instance, so
 * a fresh recorder, for every test and closes it after that test.
 */
public class LogRecorder extends Handler implements AutoCloseable, AfterEachCallback {

    /** Records may come from the threads of the code under test. */
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    /** Held so that close() detaches from the very logger it attached to. */
    private final Logger logger;

    protected LogRecorder(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Starts recording what reaches {@code logger}; close it to stop. */
    public static LogRecorder on(Logger logger) {
        return new LogRecorder(logger);
    }

    /** Every record so far, oldest first. */
    public List<LogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** The records at this level. */
    public List<LogRecord> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
