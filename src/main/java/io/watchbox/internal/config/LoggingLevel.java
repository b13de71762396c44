package io.watchbox.internal.config;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps {@code watchbox.logginglevel} onto three named java.util.logging loggers, so that any
 * logging setup (Liberty's, Payara's, a test's) can route or silence them by name.
 */
public final class LoggingLevel {

    /** Client events: connects, resumes, subscriptions, ended sessions. Shown at level 3. */
    public static final String CLIENT = "watchbox.client";
    /** Server events: start, stop, settings changes. Shown at levels 2 and 3. */
    public static final String SERVER = "watchbox.server";
    /** Errors: bad frames, failed sends, failing observers. Shown at levels 1 to 3. */
    public static final String ERROR = "watchbox.error";

    // Strong references: LogManager holds loggers weakly, and a collected logger forgets its level.
    private static final Logger CLIENT_LOGGER = Logger.getLogger(CLIENT);
    private static final Logger SERVER_LOGGER = Logger.getLogger(SERVER);
    private static final Logger ERROR_LOGGER = Logger.getLogger(ERROR);

    private LoggingLevel() {
    }

    public static void apply(int level) {
        CLIENT_LOGGER.setLevel(level >= 3 ? Level.INFO : Level.OFF);
        SERVER_LOGGER.setLevel(level >= 2 ? Level.INFO : Level.OFF);
        ERROR_LOGGER.setLevel(level >= 1 ? Level.INFO : Level.OFF);
    }
}
