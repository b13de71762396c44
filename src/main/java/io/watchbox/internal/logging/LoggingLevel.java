package io.watchbox.internal.logging;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Maps {@code watchbox.logginglevel} onto three loggers named {@code watchbox.client},
 * {@code watchbox.server} and {@code watchbox.error}, so that any logging setup (Liberty's,
 * Payara's, a test's) routes them by name.
 *
 * <p>java.util.logging keeps one logger per name for the whole JVM, which every application on the
 * server shares. So that two applications that embed Watchbox each keep their own level, each
 * copy of this class (one per application class loader) logs through its own logger objects,
 * unregistered, that carry the shared name and hand records to the shared logger's handlers.
 *
 * <p>When the JVM shuts down (SIGTERM: a rolling deploy), the log manager's reset takes every
 * handler away, on Open Liberty before the application has stopped, so the lines Watchbox logs as
 * it stops would be lost. Each record that finds no handler on its way up goes instead to the
 * handlers the root logger had when Watchbox last applied its level ({@link #apply}).
 */
public final class LoggingLevel {

    /** Client events: connects, resumes, subscriptions, ended sessions. Shown at level 3. */
    public static final String CLIENT = "watchbox.client";
    /** Server events: start, stop, settings changes. Shown at levels 2 and 3. */
    public static final String SERVER = "watchbox.server";
    /** Errors: bad frames, failed sends, failing observers. Shown at levels 1 to 3. */
    public static final String ERROR = "watchbox.error";

    private static final Logger CLIENT_LOGGER = applicationLogger(CLIENT);
    private static final Logger SERVER_LOGGER = applicationLogger(SERVER);
    private static final Logger ERROR_LOGGER = applicationLogger(ERROR);
    /** The root logger's handlers at the last {@link #apply}: where a record goes once they are taken away. */
    private static volatile Handler[] heldHandlers = new Handler[0];

    private LoggingLevel() {
    }

    /** This application's {@code watchbox.client} logger. */
    public static Logger client() {
        return CLIENT_LOGGER;
    }

    /** This application's {@code watchbox.server} logger. */
    public static Logger server() {
        return SERVER_LOGGER;
    }

    /** This application's {@code watchbox.error} logger. */
    public static Logger error() {
        return ERROR_LOGGER;
    }

    /** Sets this application's levels, other applications' untouched, and holds the root logger's handlers. */
    public static void apply(int level) {
        CLIENT_LOGGER.setLevel(level >= 3 ? Level.INFO : Level.OFF);
        SERVER_LOGGER.setLevel(level >= 2 ? Level.INFO : Level.OFF);
        ERROR_LOGGER.setLevel(level >= 1 ? Level.INFO : Level.OFF);
        Handler[] root = Logger.getLogger("").getHandlers();
        if (root.length > 0) {
            heldHandlers = root;
        }
    }

    private static Logger applicationLogger(String name) {
        Logger logger = new ApplicationLogger(name);
        // Records go on to the shared logger's handlers and up to the root's: the server's log.
        logger.setParent(Logger.getLogger(name));
        return logger;
    }

    /** A logger the LogManager does not know: its level is this application's alone. */
    private static final class ApplicationLogger extends Logger {
        ApplicationLogger(String name) {
            super(name, null);
        }

        @Override
        public void log(LogRecord record) {
            if (!isLoggable(record.getLevel()) || reachesAHandler()) {
                super.log(record);
                return;
            }
            for (Handler handler : heldHandlers) {
                handler.publish(record);
            }
        }

        private boolean reachesAHandler() {
            for (Logger logger = this; logger != null; logger = logger.getUseParentHandlers() ? logger.getParent() : null) {
                if (logger.getHandlers().length > 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
