package io.watchbox.internal.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logs a kind of failure at most once per interval, and says how many of the same kind it left
 * out since the last line. A failure that repeats per frame or per message (a peer of another
 * version in a rolling upgrade, a socket that keeps failing) must show in the log without
 * flooding it.
 *
 * <p>Kinds are the caller's own constant strings; their number is fixed by the code, so the map
 * of kinds does not grow with traffic.
 */
public final class RateLimitedLog {

    /** One line per kind per minute, the usual pace for an operator's log. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Supplier<Logger> logger;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A log to {@code watchbox.error} at the default interval. */
    public static RateLimitedLog errors() {
        return new RateLimitedLog(LoggingLevel::error, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    // The logger is looked up per line: LoggingLevel's loggers are per application, and a test
    // may swap the level in between.
    RateLimitedLog(Supplier<Logger> logger, long intervalNanos, LongSupplier nanoTime) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Logs at WARNING unless a line of this kind went out within the interval; then counts it. */
    public void warning(String kind, Supplier<String> message, Throwable failure) {
        log(Level.WARNING, kind, message, failure);
    }

    /** As {@link #warning(String, Supplier, Throwable)}, without a throwable. */
    public void warning(String kind, Supplier<String> message) {
        log(Level.WARNING, kind, message, null);
    }

    /** How many lines of this kind were left out since the last one logged. */
    public long suppressed(String kind) {
        Window window = windows.get(kind);
        return window == null ? 0 : window.suppressed.get();
    }

    private void log(Level level, String kind, Supplier<String> message, Throwable failure) {
        Logger target = logger.get();
        if (!target.isLoggable(level)) {
            return;
        }
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = nanoTime.getAsLong();
        if (!window.claim(now, intervalNanos)) {
            window.suppressed.incrementAndGet();
            return;
        }
        long left = window.suppressed.getAndSet(0);
        String text = left == 0 ? message.get() : message.get() + " (" + left + " more like it since the last report)";
        LogRecord record = new LogRecord(level, text);
        record.setThrown(failure);
        record.setLoggerName(target.getName());
        target.log(record);
    }

    /** The time of the last line of one kind; a line goes out when the interval has passed. */
    private static final class Window {
        private final AtomicLong lastLogged = new AtomicLong();
        private final AtomicLong suppressed = new AtomicLong();
        private volatile boolean logged;

        boolean claim(long now, long interval) {
            if (!logged) {
                synchronized (this) {
                    if (!logged) {
                        lastLogged.set(now);
                        logged = true;
                        return true;
                    }
                }
            }
            long last = lastLogged.get();
            return now - last >= interval && lastLogged.compareAndSet(last, now);
        }
    }
}
