package io.watchbox.internal.cluster;

import io.lettuce.core.api.StatefulRedisConnection;
import io.watchbox.internal.core.relay.ClusterRelay.Relayed;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this replica says to the others, on the publishing connection and in one order: the
 * messages published here, each numbered as it is written (a running number, and one per group),
 * and the frames of calls between replicas, so that a call travels after every message relayed
 * before it.
 */
final class Publishing {

    /** Groups whose numbering is kept: beyond it the least recently used are forgotten. */
    static final int MAX_GROUPS = 100_000;

    private final String id;
    private final GroupChannels channels;
    private final String inboxPrefix;
    private final RedisConnections connections;
    /** Numbers and writes in one order: Lettuce queues commands in call order. */
    private final Object lock = new Object();
    /** The number of the last message relayed: under the lock. */
    private long lastSeq;
    /** Per group, the number of the last message relayed to it: under the lock. */
    private final Map<String, Long> groupSeqs = new LeastRecentlyUsed<>(MAX_GROUPS);
    private final LongAdder relayed = new LongAdder();
    private final LongAdder notRelayed = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    // Per message: a Redis that refuses one refuses the next thousand as well.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    Publishing(String id, GroupChannels channels, String inboxPrefix, RedisConnections connections) {
        this.id = id;
        this.channels = channels;
        this.inboxPrefix = inboxPrefix;
        this.connections = connections;
    }

    Relayed relay(String group, Payload payload, String from, int qos, MessageProperties properties) {
        StatefulRedisConnection<byte[], byte[]> connection = connections.publisher();
        if (connection == null || !connections.up()) {
            notRelayed.increment();
            return Relayed.NOT;
        }
        byte[] frame = RelayCodec.encode(id, group, from, payload, qos, properties);
        try {
            byte[] channel = channels.channel(group).getBytes(StandardCharsets.UTF_8);
            synchronized (lock) {
                long seq = ++lastSeq;
                long groupSeq = groupSeqs.merge(group, 1L, Long::sum);
                CompletableFuture<Long> sent = connection.async().publish(channel, RelayCodec.stamp(frame, seq, groupSeq))
                        .toCompletableFuture();
                sent.whenComplete((replicas, e) -> {
                    if (e == null) {
                        relayed.increment();
                    } else {
                        notRelayed.increment();
                        errors.warning("relay failed", () -> "Watchbox cluster: Redis did not run the publish of a "
                                + "message to " + group + " (" + e + "); it reached this replica's subscribers only "
                                + "(counted as notRelayed in /stats)");
                    }
                });
                return new Relayed(seq, sent);
            }
        } catch (RuntimeException refused) {
            notRelayed.increment();
            errors.warning("relay refused", () -> "Watchbox cluster: Redis refused a message to " + group
                    + "; it reached this replica's subscribers only (counted as notRelayed in /stats)", refused);
            return Relayed.NOT;
        }
    }

    /**
     * Publishes to another replica's channel, in order with this replica's relayed messages.
     *
     * @return false, counted as not sent, when Redis is out of reach or refused it
     */
    boolean send(String replica, byte[] frame) {
        StatefulRedisConnection<byte[], byte[]> connection = connections.publisher();
        if (connection == null || connections.state() != ClusterState.CONNECTED) {
            notSent.increment();
            return false;
        }
        try {
            synchronized (lock) {
                connection.async().publish((inboxPrefix + replica).getBytes(StandardCharsets.UTF_8), frame);
            }
            return true;
        } catch (RuntimeException refused) {
            notSent.increment();
            errors.warning("send refused", () -> "Watchbox cluster: Redis refused a call or answer to replica "
                    + replica + " (counted as notSent in /stats)", refused);
            return false;
        }
    }

    /** The number of the last message relayed, 0 before the first. */
    long lastSeq() {
        synchronized (lock) {
            return lastSeq;
        }
    }

    long relayed() {
        return relayed.sum();
    }

    long notRelayed() {
        return notRelayed.sum();
    }

    /** Calls and answers that could not be sent. */
    long notSent() {
        return notSent.sum();
    }
}
