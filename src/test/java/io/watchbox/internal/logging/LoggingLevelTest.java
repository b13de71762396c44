package io.watchbox.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.LogRecorder;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingLevelTest {

    @Test
    void eachLevelShowsItsLoggers() {
        LoggingLevel.apply(3);
        assertTrue(LoggingLevel.client().isLoggable(Level.INFO));
        LoggingLevel.apply(2);
        assertFalse(LoggingLevel.client().isLoggable(Level.INFO));
        assertTrue(LoggingLevel.server().isLoggable(Level.INFO));
        LoggingLevel.apply(1);
        assertFalse(LoggingLevel.server().isLoggable(Level.INFO));
        assertTrue(LoggingLevel.error().isLoggable(Level.SEVERE));
        LoggingLevel.apply(0);
        assertFalse(LoggingLevel.error().isLoggable(Level.SEVERE));
        LoggingLevel.apply(3);
    }

    @Test
    void recordsCarryTheSharedNameAndReachTheSharedLoggersHandlers() {
        LogRecorder seen = LogRecorder.on(Logger.getLogger(LoggingLevel.ERROR));
        try {
            LoggingLevel.apply(1);
            LoggingLevel.error().info("routed by name");
        } finally {
            seen.close();
            LoggingLevel.apply(3);
        }
        assertEquals(1, seen.records().size());
        assertEquals(LoggingLevel.ERROR, seen.records().get(0).getLoggerName());
    }

    /**
     * SIGTERM: the JVM's log manager takes every handler away (on Open Liberty before the
     * application stops), yet "handed N sessions over" and "Watchbox stopped" must still show.
     */
    @Test
    void aRecordLoggedAfterTheShutdownResetReachesTheRootHandlersHeldAtStart() {
        Logger root = Logger.getLogger("");
        Handler[] before = root.getHandlers();
        LogRecorder server = LogRecorder.on(root);
        try {
            LoggingLevel.apply(2);
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler); // what LogManager.reset does as the JVM shuts down
            }
            LoggingLevel.server().info("Watchbox stopped");
        } finally {
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            for (Handler handler : before) {
                root.addHandler(handler);
            }
            LoggingLevel.apply(3);
        }
        assertEquals(List.of("Watchbox stopped"), server.records().stream().map(LogRecord::getMessage).toList());
        assertEquals(LoggingLevel.SERVER, server.records().get(0).getLoggerName());
    }

    @Test
    void whileHandlersAreThereARecordGoesThroughThemOnceNotAlsoToTheHeldOnes() {
        Logger root = Logger.getLogger("");
        LogRecorder held = LogRecorder.on(root);
        LogRecorder shared = LogRecorder.on(Logger.getLogger(LoggingLevel.SERVER));
        try {
            LoggingLevel.apply(2);
            LoggingLevel.server().info("Watchbox started");
        } finally {
            shared.close();
            held.close();
            LoggingLevel.apply(3);
        }
        assertEquals(1, shared.records().size());
        assertEquals(1, held.records().size(), "up the chain as before, once");
    }

    /** Two applications on one server: each loads the module's classes through its own class loader. */
    @Test
    void twoApplicationsKeepTheirOwnLevels() throws Exception {
        Class<?> first = ownCopy();
        Class<?> second = ownCopy();

        first.getMethod("apply", int.class).invoke(null, 0);
        second.getMethod("apply", int.class).invoke(null, 3);

        assertFalse(clientLogger(first).isLoggable(Level.INFO), "the first application's level is its own");
        assertTrue(clientLogger(second).isLoggable(Level.INFO), "the second application's level is its own");
    }

    private static Class<?> ownCopy() throws Exception {
        URL classes = LoggingLevel.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader application = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> copy = Class.forName(LoggingLevel.class.getName(), true, application);
        assertFalse(copy == LoggingLevel.class, "a separate copy of the class");
        return copy;
    }

    private static Logger clientLogger(Class<?> loggingLevel) throws Exception {
        return (Logger) loggingLevel.getMethod("client").invoke(null);
    }
}
