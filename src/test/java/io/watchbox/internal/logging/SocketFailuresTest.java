package io.watchbox.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.LogRecorder;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketFailuresTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000);
    private List<LogRecord> lines;
    private SocketFailures failures;

    @BeforeEach
    void captureTheErrorLog() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        lines = LogRecorder.on(logger).records();
        failures = new SocketFailures(new RateLimitedLog(() -> logger, MINUTE, now::get));
    }

    @Test
    void aPeerThatWentAwayIsAnIoFailureOrCausedByOne() {
        assertTrue(SocketFailures.peerWentAway(new IOException("Connection reset by peer")));
        assertTrue(SocketFailures.peerWentAway(new EOFException()));
        assertTrue(SocketFailures.peerWentAway(new ClosedChannelException()));
        assertTrue(SocketFailures.peerWentAway(new SocketException("Broken pipe")));
        assertTrue(SocketFailures.peerWentAway(new IllegalStateException("write failed", new UncheckedIOException(
                new IOException("reset")))));
        assertFalse(SocketFailures.peerWentAway(new IllegalStateException("a bug")));
        assertFalse(SocketFailures.peerWentAway(new StackOverflowError()));
    }

    @Test
    void anUnexpectedFailureIsOneWarningWithItsThrowableAndAsksForA1011() {
        IllegalStateException bug = new IllegalStateException("a bug");

        boolean close = failures.report("send", () -> "a send to client ann", bug);

        assertTrue(close);
        assertEquals(1, lines.size());
        assertEquals(Level.WARNING, lines.get(0).getLevel());
        assertTrue(lines.get(0).getMessage().startsWith("a send to client ann failed unexpectedly; closing that "
                + "socket with 1011"), lines.get(0).getMessage());
        assertEquals(bug, lines.get(0).getThrown());
    }

    @Test
    void aFloodIsOneLinePerInterval() {
        for (int i = 0; i < 1000; i++) {
            failures.report("send", () -> "a send", new IllegalStateException("a bug"));
        }
        assertEquals(1, lines.size());

        now.addAndGet(MINUTE);
        failures.report("send", () -> "a send", new IllegalStateException("a bug"));

        assertEquals(2, lines.size());
        assertTrue(lines.get(1).getMessage().contains("999 more like it"), lines.get(1).getMessage());
    }

    @Test
    void aPeerThatWentAwayIsNoWarningAndNoClose() {
        boolean close = failures.report("send", () -> "a send", new IOException("Connection reset by peer"));
        failures.reportClosing("close", () -> "a close", new EOFException());

        assertFalse(close);
        assertEquals(List.of(), lines);
    }
}
