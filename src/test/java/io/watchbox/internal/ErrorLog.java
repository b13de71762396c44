package io.watchbox.internal;

import io.watchbox.internal.logging.LoggingLevel;
import java.util.logging.Logger;

/** What goes to {@code watchbox.error} while it is open, as an operator's log would show it. */
public final class ErrorLog extends LogRecorder {

    private ErrorLog() {
        super(Logger.getLogger(LoggingLevel.ERROR));
    }

    /** Starts recording; close it to stop. */
    public static ErrorLog record() {
        return new ErrorLog();
    }
}
