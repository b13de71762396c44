package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.ErrorLog;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bug behind every request must show in watchbox.error without flooding it. */
class UnexpectedExceptionMapperTest {

    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();
    @RegisterExtension
    final ErrorLog errors = ErrorLog.record();

    @Test
    void theFirstFailureIsAWarningWithItsStackTrace() {
        IllegalStateException bug = new IllegalStateException("a bug in a resource");

        mapper.report(bug);

        assertEquals(1, errors.records().size());
        assertEquals(Level.WARNING, errors.records().get(0).getLevel());
        assertSame(bug, errors.records().get(0).getThrown());
        assertTrue(errors.records().get(0).getMessage().contains("a bug in a resource"), errors.records().get(0).getMessage());
    }

    @Test
    void aFailureOnEveryRequestIsOneLineAMinuteAndAnotherKindHasItsOwn() {
        for (int i = 0; i < 100; i++) {
            mapper.report(new IllegalStateException("the same bug, request " + i));
        }
        mapper.report(new NullPointerException("another bug"));

        assertEquals(2, errors.records().size(), () -> errors.records().stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(errors.records().get(0).getMessage().contains("request 0"));
        assertTrue(errors.records().get(1).getMessage().contains("another bug"));
    }
}
