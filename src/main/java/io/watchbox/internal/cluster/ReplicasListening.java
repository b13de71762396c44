package io.watchbox.internal.cluster;

import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Whether the replicas that were alive before Redis went away listen to it again, so that the
 * messages held here meanwhile are not published past a replica still reconnecting (Redis keeps no
 * message for a channel nobody listens to). A replica listens again once its own channel is
 * subscribed ({@code PUBSUB NUMSUB}): its listening connection subscribes to it again together with
 * every channel of its sessions. One that does not come back (it died meanwhile) is waited for
 * {@link #GRACE_MILLIS} at most.
 */
final class ReplicasListening {

    /** Longer than a replica's longest delay between two attempts to reconnect (5 s), and its subscribing. */
    static final long GRACE_MILLIS = 6_000;

    private final String inboxPrefix;
    private final RedisConnections connections;
    private final LongSupplier millis;
    private volatile Set<String> expected = Set.of();
    private volatile boolean allListening;
    private volatile long backSince;

    ReplicasListening(String inboxPrefix, RedisConnections connections, LongSupplier millis) {
        this.inboxPrefix = inboxPrefix;
        this.connections = connections;
        this.millis = millis;
    }

    /** While nothing is held: the replicas to wait for, should Redis go away now. */
    void remember(Set<String> others) {
        expected = others;
        allListening = false;
    }

    /** Redis is back for this replica: the others have their grace period from now. */
    void connected() {
        allListening = false;
        backSince = millis.getAsLong();
        ask();
    }

    /** Asks Redis, without waiting for it, whether they listen again; {@link #back} reads the answer. */
    void ask() {
        Set<String> waitFor = expected;
        if (waitFor.isEmpty()) {
            allListening = true;
            return;
        }
        StatefulRedisConnection<byte[], byte[]> connection = connections.publisher();
        if (connection == null) {
            return;
        }
        byte[][] inboxes = waitFor.stream().map(id -> (inboxPrefix + id).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        try {
            connection.async().pubsubNumsub(inboxes).thenAccept(listeners ->
                    allListening = listeners.size() == inboxes.length
                            && listeners.values().stream().allMatch(count -> count != null && count > 0));
        } catch (RuntimeException refused) {
            // Asked again at the next check.
        }
    }

    /** Whether held messages may go out: every replica of before listens again, or had its time to. */
    boolean back() {
        return allListening || millis.getAsLong() - backSince >= GRACE_MILLIS;
    }
}
