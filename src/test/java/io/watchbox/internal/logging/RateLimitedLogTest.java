package io.watchbox.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.watchbox.internal.LogRecorder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private List<LogRecord> records;
    private RateLimitedLog log;

    @BeforeEach
    void captureALogger() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        records = LogRecorder.on(logger).records();
        log = new RateLimitedLog(() -> logger, 100, now::get);
    }

    @Test
    void theFirstLineOfAKindGoesOutWithItsFailure() {
        IllegalStateException failure = new IllegalStateException("boom");
        log.warning("send", () -> "a send failed", failure);

        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("a send failed", records.get(0).getMessage());
        assertSame(failure, records.get(0).getThrown());
    }

    @Test
    void repeatsWithinTheIntervalAreCountedNotLogged() {
        log.warning("send", () -> "a send failed");
        log.warning("send", () -> "a send failed");
        log.warning("send", () -> "a send failed");

        assertEquals(1, records.size());
        assertEquals(2, log.suppressed("send"));
    }

    @Test
    void afterTheIntervalTheNextLineSaysHowManyWereLeftOut() {
        log.warning("send", () -> "a send failed");
        log.warning("send", () -> "a send failed");
        now.addAndGet(100);
        log.warning("send", () -> "a send failed");

        assertEquals(2, records.size());
        assertEquals("a send failed (1 more like it since the last report)", records.get(1).getMessage());
        assertEquals(0, log.suppressed("send"));
    }

    @Test
    void kindsAreLimitedApart() {
        log.warning("send", () -> "a send failed");
        log.warning("frame", () -> "an unknown frame");

        assertEquals(2, records.size());
    }
}
