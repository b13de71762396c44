package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.logging.LoggingLevel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bug behind every request must show in watchbox.error without flooding it. */
class UnexpectedExceptionMapperTest {

    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();
    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            errors.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void recordErrors() {
        Logger.getLogger(LoggingLevel.ERROR).addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        Logger.getLogger(LoggingLevel.ERROR).removeHandler(recorder);
    }

    @Test
    void theFirstFailureIsAWarningWithItsStackTrace() {
        IllegalStateException bug = new IllegalStateException("a bug in a resource");

        mapper.report(bug);

        assertEquals(1, errors.size());
        assertEquals(Level.WARNING, errors.get(0).getLevel());
        assertSame(bug, errors.get(0).getThrown());
        assertTrue(errors.get(0).getMessage().contains("a bug in a resource"), errors.get(0).getMessage());
    }

    @Test
    void aFailureOnEveryRequestIsOneLineAMinuteAndAnotherKindHasItsOwn() {
        for (int i = 0; i < 100; i++) {
            mapper.report(new IllegalStateException("the same bug, request " + i));
        }
        mapper.report(new NullPointerException("another bug"));

        assertEquals(2, errors.size(), () -> errors.stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(errors.get(0).getMessage().contains("request 0"));
        assertTrue(errors.get(1).getMessage().contains("another bug"));
    }
}
