package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.ClusterRelay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A message queued for this replica's sessions, and whether the other replicas get it (cluster mode;
 * true at once on a single node). A publish is confirmed to its publisher only once {@code relayed}
 * is done, so that it survives this replica being killed the moment after; while Redis is out of
 * reach that is when it is relayed late, or given up past the outage bounds.
 *
 * @param delivered how many sessions of this replica it was queued for
 * @param relayed   completes with true once Redis has it, with false once the relay gave it up (it
 *                  reached this replica's subscribers only); never fails
 */
record Published(int delivered, CompletableFuture<Boolean> relayed) {

    /** On a single node: nothing to relay. */
    static Published here(int delivered) {
        return new Published(delivered, ClusterRelay.NOTHING_TO_RELAY);
    }

    /** For the bean's callers, who get no outcome: waits for Redis at most 2.5 s. */
    int awaitInRedis() {
        ClusterRelay.awaitAnswer(relayed);
        return delivered;
    }

    /**
     * For the REST answer: waits for the outcome, at most {@code within} (the longest the relay holds
     * a message); one that did not come by then counts as not relayed.
     */
    PublishOutcome awaitOutcome(Duration within) {
        try {
            return new PublishOutcome(delivered, relayed.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PublishOutcome(delivered, relayed.getNow(false));
        } catch (ExecutionException | TimeoutException e) {
            return new PublishOutcome(delivered, false);
        }
    }
}
