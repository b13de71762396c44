package io.watchbox.internal.logging;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * What a failure at a client's socket means for the operator. A peer that went away (an I/O
 * failure: a reset or closed connection, end of stream) is how connections end on the Internet,
 * and stays quiet at FINE on {@code watchbox.client}. Anything else is a fault of ours or of the
 * container (a bug, a runtime exception), and shows on {@code watchbox.error} at WARNING, at most
 * one line per kind per minute, since it may repeat per frame; the caller then closes that socket,
 * and only that one, with 1011.
 *
 * <p>One per broker, so that its rate limits are that application's own.
 */
public final class SocketFailures {

    private final RateLimitedLog errors;

    public SocketFailures() {
        this(RateLimitedLog.errors());
    }

    SocketFailures(RateLimitedLog errors) {
        this.errors = errors;
    }

    /** Whether the failure is the peer going away: an {@link IOException} is it, or caused it. */
    public static boolean peerWentAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs the failure as what it is.
     *
     * @param kind    the caller's constant name of this kind of failure, its rate limit's key
     * @param what    what failed, such as "a send to client ann", for the line in the log
     * @return true when the failure is unexpected: the caller closes the socket with 1011
     */
    public boolean report(String kind, Supplier<String> what, Throwable failure) {
        return report(kind, what, failure, "; closing that socket with 1011");
    }

    /** As {@link #report(String, Supplier, Throwable)}, for a failure after which there is nothing left to close. */
    public void reportClosing(String kind, Supplier<String> what, Throwable failure) {
        report(kind, what, failure, "");
    }

    private boolean report(String kind, Supplier<String> what, Throwable failure, String then) {
        if (peerWentAway(failure)) {
            LoggingLevel.client().log(Level.FINE, failure, () -> what.get() + " failed: the peer went away");
            return false;
        }
        errors.warning(kind, () -> what.get() + " failed unexpectedly" + then + ": " + failure, failure);
        return true;
    }
}
