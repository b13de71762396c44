package io.watchbox.internal.cluster;

import io.watchbox.internal.core.relay.ClusterRelay.Relayed;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What this replica says to the others, on the publishing connection and in one order: the
 * messages published here, each numbered when it is published (a running number, and one per
 * group), and the frames of calls between replicas, so that a call travels after every message
 * relayed before it. While Redis is out of reach the messages wait, within the outage bounds, and
 * are written in order when it is back ({@link HeldMessages}); a call is not sent meanwhile.
 */
final class Publishing {

    /**
     * How many of this replica's messages its stream keeps for adopters of a crashed replica's
     * sessions (approximately: Redis trims whole nodes): what is published between a crash and its
     * clients' return, beyond this, is not replayed to them.
     */
    static final long STREAM_LENGTH = 100_000;
    /** Groups whose numbering is kept: beyond it the least recently used are forgotten. */
    static final int MAX_GROUPS = 100_000;

    private final String id;
    private final GroupChannels channels;
    private final String inboxPrefix;
    private final byte[] inboxPrefixBytes;
    /** The field of a stream entry that holds the relayed frame. */
    static final byte[] FRAME_FIELD = "f".getBytes(StandardCharsets.UTF_8);
    private final RedisConnections connections;
    private final HeldMessages held;
    /** With the mirror on: the key of the stream of this replica's messages; null when off. */
    private volatile byte[] stream;
    /** Numbers and hands over in one order. */
    private final Object lock = new Object();
    /** The number of the last message published here: under the lock. */
    private long lastSeq;
    /** Per group, the number of the last message published here to it: under the lock. */
    private final Map<String, Long> groupSeqs = new LeastRecentlyUsed<>(MAX_GROUPS);
    private final LongAdder notRelayed = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    // Per message: a Redis that refuses one refuses the next thousand as well.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /**
     * @param outage     what the messages published while Redis is out of reach may weigh, and how long they wait
     * @param millis     the time, in milliseconds
     * @param othersBack whether the other replicas listen again after an outage, so that held messages may go out
     */
    Publishing(String id, GroupChannels channels, String inboxPrefix, RedisConnections connections, OutageBounds outage,
               LongSupplier millis, BooleanSupplier othersBack) {
        this.id = id;
        this.channels = channels;
        this.inboxPrefix = inboxPrefix;
        this.inboxPrefixBytes = inboxPrefix.getBytes(StandardCharsets.UTF_8);
        this.connections = connections;
        this.held = new HeldMessages(new HeldMessages.Writer() {
            @Override
            public boolean up() {
                return connections.publisher() != null && connections.up();
            }

            @Override
            public boolean mayResume() {
                return connections.publisher() != null && connections.state() == ClusterState.CONNECTED
                        && othersBack.getAsBoolean();
            }

            @Override
            public CompletableFuture<?> publish(byte[] channel, byte[] frame) {
                RedisAsyncCommands<byte[], byte[]> redis = connections.publisher().async();
                byte[] to = stream;
                if (to != null && !startsWith(channel, inboxPrefixBytes)) {
                    // Before the PUBLISH, on the same connection: a message a replica hears is in the stream.
                    redis.xadd(to, new XAddArgs().id(RelayCodec.seq(frame) + "-0").maxlen(STREAM_LENGTH)
                                    .approximateTrimming(), FRAME_FIELD, frame)
                            .exceptionally(refused -> {
                                errors.warning("stream refused", () -> "Watchbox cluster: Redis refused to keep a message"
                                        + " in this replica's stream (an adopter of a crashed replica's session cannot"
                                        + " replay it)", refused);
                                return null;
                            });
                }
                return redis.publish(channel, frame).toCompletableFuture();
            }
        }, connections.timer(), millis, outage);
    }

    /** With the mirror on: from now on each relayed message is kept in this stream too, before its PUBLISH. */
    void keepIn(byte[] streamKey) {
        this.stream = streamKey;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Numbers the message and hands it to Redis, or holds it while Redis is out of reach. Once the
     * relay is closed, nothing is numbered: the message is not relayed.
     */
    Relayed relay(String group, Payload payload, String from, int qos, MessageProperties properties) {
        if (connections.closed()) {
            notRelayed.increment();
            return Relayed.NOT;
        }
        byte[] frame = RelayCodec.encode(id, group, from, payload, qos, properties);
        byte[] channel = channels.channel(group).getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            long seq = ++lastSeq;
            long groupSeq = groupSeqs.merge(group, 1L, Long::sum);
            CompletableFuture<Boolean> relayed = held.offer(channel, RelayCodec.stamp(frame, seq, groupSeq));
            return new Relayed(seq, relayed);
        }
    }

    /**
     * Publishes to another replica's channel, in order with this replica's relayed messages.
     *
     * @return false, counted as not sent, when Redis is out of reach or refused it, or messages wait for it
     */
    boolean send(String replica, byte[] frame) {
        if (connections.publisher() == null || connections.state() != ClusterState.CONNECTED) {
            notSent.increment();
            return false;
        }
        try {
            synchronized (lock) {
                if (held.writeIfFlowing((inboxPrefix + replica).getBytes(StandardCharsets.UTF_8), frame)) {
                    return true;
                }
            }
            notSent.increment();
            return false;
        } catch (RuntimeException refused) {
            notSent.increment();
            errors.warning("send refused", () -> "Watchbox cluster: Redis refused a call or answer to replica "
                    + replica + " (counted as notSent in /stats)", refused);
            return false;
        }
    }

    /**
     * Redis is lost: from now on messages wait, until Redis is back and the replicas that listened
     * before listen again, even those published after this replica is back but before the others are.
     */
    void holdUntilResumed() {
        held.holdUntilResumed();
    }

    /** Whether messages wait for Redis. */
    boolean holding() {
        return held.holding();
    }

    /** The relay closes: what still waits is not relayed. */
    void close() {
        held.dropAll();
    }

    /** Periodically, and when Redis is back: drops what waited past the bounds, and writes the rest once Redis takes it. */
    void resume() {
        held.resume();
    }

    /** The number of the last message published here (relayed, held or dropped), 0 before the first. */
    long lastSeq() {
        synchronized (lock) {
            return lastSeq;
        }
    }

    /** Messages Redis took, late ones included. */
    long relayed() {
        return held.relayed();
    }

    /** Messages that reached this replica's subscribers only: dropped past the outage bounds, or published after close. */
    long notRelayed() {
        return notRelayed.sum() + held.dropped();
    }

    /** Messages that waited for Redis. */
    long outageHeld() {
        return held.held();
    }

    /** Of those, the ones Redis took later. */
    long outageRelayed() {
        return held.relayedLate();
    }

    /** Of those, the ones dropped past the outage bounds. */
    long outageDropped() {
        return held.dropped();
    }

    /** Calls and answers that could not be sent. */
    long notSent() {
        return notSent.sum();
    }
}
