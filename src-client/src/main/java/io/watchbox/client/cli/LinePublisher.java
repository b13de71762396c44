package io.watchbox.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What {@code pub -l} does: publishes each line it reads as its own message, in order, and skips
 * empty lines (as {@code mosquitto_pub -l}). Up to {@code window} publishes wait for the server's
 * answer at a time, so a long input neither waits a round trip per line nor piles up in memory.
 */
final class LinePublisher {
    private final Function<String, CompletionStage<Integer>> publish;
    private final int window;
    private final Duration replyTimeout;

    /**
     * @param publish publishes one message; completes on the server's answer
     * @param window how many publishes may be unanswered at once
     * @param replyTimeout how long each may stay unanswered
     */
    LinePublisher(Function<String, CompletionStage<Integer>> publish, int window, Duration replyTimeout) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + window);
        }
        this.publish = publish;
        this.window = window;
        this.replyTimeout = replyTimeout;
    }

    /**
     * Publishes the lines until the input ends and waits for every answer.
     *
     * @return how many messages were published
     * @throws CommandFailure at the first line the server did not take (later lines are not sent)
     */
    long publishAll(BufferedReader lines) throws IOException, InterruptedException, CommandFailure {
        Semaphore unanswered = new Semaphore(window);
        AtomicReference<String> failure = new AtomicReference<>();
        long lineNumber = 0;
        long published = 0;
        String line;
        while (failure.get() == null && (line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            unanswered.acquire();
            long number = lineNumber;
            publish.apply(line).toCompletableFuture()
                    .orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((delivered, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, "line " + number + ": " + reason(error));
                        }
                        unanswered.release();
                    });
            published++;
        }
        unanswered.acquire(window);
        if (failure.get() != null) {
            throw new CommandFailure(failure.get());
        }
        return published;
    }

    private String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return "no answer within " + (replyTimeout.toMillis() % 1000 == 0
                        ? replyTimeout.toSeconds() + " s" : replyTimeout.toMillis() + " ms");
            }
        }
        return CommandFailure.describe(error);
    }
}
