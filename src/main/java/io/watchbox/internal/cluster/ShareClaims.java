package io.watchbox.internal.cluster;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.logging.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Claims of relayed messages for shares: {@code SET <name>:claim:<origin>:<seq>:<share> <replica> NX PX}
 * on the publishing connection, one command per message, share and replica that claims. Redis runs
 * them one at a time, so exactly one replica sets the key and wins; the others get nil. The
 * publishing replica's claim goes out right behind its {@code PUBLISH}, on the same connection,
 * while the others have yet to receive, decode and deliver the message before they claim: in
 * practice a member on the replica where the message was published takes it when one is free.
 */
final class ShareClaims {

    /**
     * How long a claim's key lives: far longer than the other replicas take to claim the same
     * message (milliseconds, seconds when one is far behind), short enough that the keys of a busy
     * share weigh little (at 1,000 shared messages a second, 30,000 keys of about 180 bytes).
     */
    static final long CLAIM_MILLIS = 30_000;

    private final String prefix;
    private final byte[] id;
    private final RedisConnections connections;
    private final Executor deliveries;
    private final LongAdder unanswered = new LongAdder();
    // Per message: a Redis that does not answer one claim does not answer the next thousand either.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /** @param deliveries where the answers go: the thread that delivers relayed messages, in order */
    ShareClaims(String name, String id, RedisConnections connections, Executor deliveries) {
        this.prefix = name + ":claim:";
        this.id = id.getBytes(StandardCharsets.UTF_8);
        this.connections = connections;
        this.deliveries = deliveries;
    }

    CompletableFuture<Boolean> claim(String share, MessageId message, Duration after) {
        CompletableFuture<Boolean> won = new CompletableFuture<>();
        if (after.isZero()) {
            send(share, message, won);
        } else {
            connections.timer().schedule(() -> send(share, message, won), after.toMillis(), TimeUnit.MILLISECONDS);
        }
        return won.thenApplyAsync(taken -> taken, deliveries);
    }

    private void send(String share, MessageId message, CompletableFuture<Boolean> won) {
        StatefulRedisConnection<byte[], byte[]> connection = connections.publisher();
        if (connection == null || !connections.up()) {
            won.complete(unanswered(share, "Redis is out of reach"));
            return;
        }
        byte[] key = (prefix + message.origin() + ':' + message.seq() + ':' + share).getBytes(StandardCharsets.UTF_8);
        try {
            connection.async().set(key, id, SetArgs.Builder.nx().px(CLAIM_MILLIS)).whenComplete((ok, e) ->
                    won.complete(e == null ? ok != null : unanswered(share, e.toString())));
        } catch (RuntimeException refused) {
            won.complete(unanswered(share, refused.toString()));
        }
    }

    private boolean unanswered(String share, String why) {
        unanswered.increment();
        errors.warning("claim unanswered", () -> "Watchbox cluster: Redis did not answer the claim of a message for "
                + share + " (" + why + "); a member here takes it, and one on another replica may too "
                + "(counted as claimsUnanswered in /stats)");
        return true;
    }

    long unanswered() {
        return unanswered.sum();
    }
}
