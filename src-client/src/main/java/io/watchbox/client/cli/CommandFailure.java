package io.watchbox.client.cli;

import io.watchbox.client.WatchboxErrorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A command could not do its work for a reason outside the command line: the server cannot be
 * reached or refused, a file cannot be read. {@link Main} prints the message after the command's
 * name and exits with status 1.
 */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    /** What went wrong, in words for the user: the server's code and reason, or the cause's message. */
    static String describe(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof WatchboxErrorException refused) {
            return "the server refused: " + refused.getCode() + ": " + refused.getReason();
        }
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
