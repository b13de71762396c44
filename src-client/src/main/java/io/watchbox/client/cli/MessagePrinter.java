package io.watchbox.client.cli;

import io.watchbox.client.Message;
import io.watchbox.client.MessageHandler;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code sub} does with each message: prints its text on a line of its own, after its group
 * and a space with {@code -v} (as {@code mosquitto_sub -v}), and ends {@code sub} with status 0 once
 * {@code -C} messages have been printed. Once {@code sub} is ending, for whatever reason, it prints
 * nothing more. One printer serves all of sub's filters.
 */
final class MessagePrinter implements MessageHandler {
    private final PrintWriter out;
    private final boolean withGroup;
    private final long limit;
    private final CompletableFuture<Integer> finished;
    // Handlers run one at a time (the client's contract), so plain fields will do.
    private long printed;
    private Message previous;

    /**
     * @param limit how many messages to print before {@code finished} completes with status 0; 0 for no end
     * @param finished completes with sub's exit status
     */
    MessagePrinter(PrintWriter out, boolean withGroup, long limit, CompletableFuture<Integer> finished) {
        this.out = out;
        this.withGroup = withGroup;
        this.limit = limit;
        this.finished = finished;
    }

    @Override
    public void onMessage(Message message) {
        if (finished.isDone() || message.equals(previous)) {
            // The server sends a message once to a session however many of its filters match, but the
            // client hands it to each matching filter's handler in turn: print it once.
            return;
        }
        previous = message;
        out.println(withGroup ? message.group() + " " + message.text() : message.text());
        if (out.checkError()) {
            // Nobody reads any more (a pipe's reader has gone, e.g. head): stop, as mosquitto_sub does on SIGPIPE.
            finished.complete(Main.FAILED);
        } else if (limit > 0 && ++printed == limit) {
            finished.complete(Main.OK);
        }
    }
}
