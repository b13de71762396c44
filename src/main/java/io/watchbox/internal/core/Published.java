package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.ClusterRelay;
import java.util.concurrent.CompletableFuture;

/**
 * A message queued for this replica's sessions, and when Redis has it (cluster mode; complete at
 * once on a single node). A publish is confirmed to its publisher only once {@code inRedis} is
 * done, so that it survives this replica being killed the moment after.
 *
 * @param delivered how many sessions of this replica it was queued for
 * @param inRedis   completes, normally or not, once Redis answered its {@code PUBLISH} or it timed
 *                  out (the relay counts a failure as not relayed)
 */
record Published(int delivered, CompletableFuture<?> inRedis) {

    /** On a single node: nothing to wait for. */
    static Published here(int delivered) {
        return new Published(delivered, ClusterRelay.NOTHING_TO_WAIT_FOR);
    }

    /** For callers that answer on their own thread (the bean, REST): waits for Redis, at most 2.5 s. */
    int awaitInRedis() {
        ClusterRelay.awaitAnswer(inRedis);
        return delivered;
    }
}
