package io.watchbox.client.cli;

import io.watchbox.client.PublishResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * What {@code pub -l} does: publishes each line it reads as its own message, in order, and skips
 * empty lines (as {@code mosquitto_pub -l}). Up to {@code window} publishes wait for the server's
 * answer at a time, so a long input neither waits a round trip per line nor piles up in memory.
 * A line the server took but did not relay to the other replicas of its cluster is told as its
 * answer comes, and counted; the lines after it are sent as usual.
 */
final class LinePublisher {
    private final Function<String, CompletionStage<PublishResult>> publish;
    private final int window;
    private final Duration replyTimeout;
    private final LongConsumer notRelayedLine;

    /** What the lines came to: how many were published, and how many of those were not relayed. */
    record Outcome(long published, long notRelayed) {
    }

    /**
     * @param publish        publishes one message; completes with the server's answer
     * @param window         how many publishes may be unanswered at once
     * @param replyTimeout   how long each may stay unanswered
     * @param notRelayedLine told the number of each line the server did not relay, as its answer comes
     *                       (from any thread, one line at a time)
     */
    LinePublisher(Function<String, CompletionStage<PublishResult>> publish, int window, Duration replyTimeout,
                  LongConsumer notRelayedLine) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + window);
        }
        this.publish = publish;
        this.window = window;
        this.replyTimeout = replyTimeout;
        this.notRelayedLine = notRelayedLine;
    }

    /**
     * Publishes the lines until the input ends and waits for every answer.
     *
     * @return how many messages were published, and how many of them were not relayed
     * @throws CommandFailure at the first line the server did not take (later lines are not sent)
     */
    Outcome publishAll(BufferedReader lines) throws IOException, InterruptedException, CommandFailure {
        Semaphore unanswered = new Semaphore(window);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong notRelayed = new AtomicLong();
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
                    .whenComplete((answer, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, "line " + number + ": " + reason(error));
                        } else if (!answer.relayed()) {
                            notRelayed.incrementAndGet();
                            told(number);
                        }
                        unanswered.release();
                    });
            published++;
        }
        unanswered.acquire(window);
        if (failure.get() != null) {
            throw new CommandFailure(failure.get());
        }
        return new Outcome(published, notRelayed.get());
    }

    /** One line at a time: the answers of several lines may come on several threads. */
    private synchronized void told(long lineNumber) {
        notRelayedLine.accept(lineNumber);
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
