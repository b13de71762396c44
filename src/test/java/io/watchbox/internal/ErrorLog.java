package io.watchbox.internal;

import io.watchbox.internal.logging.LoggingLevel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What goes to {@code watchbox.error} while it is open, as an operator's log would show it. */
public final class ErrorLog extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private ErrorLog() {
    }

    /** Starts recording; close it to stop. */
    public static ErrorLog record() {
        ErrorLog log = new ErrorLog();
        Logger.getLogger(LoggingLevel.ERROR).addHandler(log);
        return log;
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
        Logger.getLogger(LoggingLevel.ERROR).removeHandler(this);
    }
}
