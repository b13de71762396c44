package io.watchbox.internal.core.relay;

import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A copy of this replica's sessions outside it (cluster mode, {@code watchbox.cluster.mirror}), so
 * that another replica can adopt them if this one crashes: each session's description (written
 * when it changes: hello, sub, unsub, a move here) and its kept messages (written as they are
 * queued, in batches, and sent to the client only once written), and, per replica, the messages it
 * published, which an adopter replays for what the session missed between the crash and its client's
 * return; and an MQTT session's state ({@link MqttMark}). Beside {@link ClusterRelay}, which carries the messages; {@link #NONE} when it is off.
 */
public interface SessionMirror {

    /** No mirror: a crash loses its replica's sessions and their kept messages. */
    SessionMirror NONE = new SessionMirror() {
        @Override
        public void kept(String uid, long seq, EncodedMessage message, MessageId id, Runnable written) {
            written.run();
        }

        @Override
        public void mqtt(String uid, MqttMark mark, Runnable written) {
            written.run();
        }

        @Override
        public void delivered(MessageId id) {
        }

        @Override
        public void described(Description session) {
        }

        @Override
        public void ended(String uid) {
        }

        @Override
        public Optional<Orphan> orphan(String uid) {
            return Optional.empty();
        }

        @Override
        public boolean claim(String uid, String deadHolder) {
            return false;
        }

        @Override
        public Contents contents(String uid, String deadHolder) {
            return new Contents(List.of(), Map.of());
        }

        @Override
        public List<Replayed> publishedAfter(String origin, long after) {
            return List.of();
        }

        @Override
        public void rewriteWith(Runnable rewrite) {
        }
    };

    /**
     * What writes every session here to the mirror again: run each time the mirror connects to
     * Redis, which may have restarted empty (or failed over to a replica that lacked the last writes).
     */
    void rewriteWith(Runnable rewrite);

    /**
     * Copies a message the session queued as {@code seq}. Called in seq order per session, and must
     * not block; {@code written} runs once the copy is written, or given up (out of reach), and
     * never before the copies of the calls made before it are written too: the calls of one batch
     * are answered together, newest first, so that a session sends all of them in one frame.
     *
     * @param id the message's number in the cluster, or null for one that was not relayed
     */
    void kept(String uid, long seq, EncodedMessage message, MessageId id, Runnable written);

    /**
     * Copies a change of the MQTT state of a session, in order with its kept messages, and must not
     * block; {@code written} runs once the copy is written, or given up, as for {@link #kept}.
     */
    void mqtt(String uid, MqttMark mark, Runnable written);

    /**
     * Every session here that matched this message has queued it (its {@link #kept} calls are made):
     * an adopter that finds this mark need not replay that replica's messages up to it.
     */
    void delivered(MessageId id);

    /** What the session is made of, apart from its messages, changed: written over the last description. */
    void described(Description session);

    /** The session ended here for good (not moved): its copy goes. */
    void ended(String uid);

    /**
     * The copy of the session of {@code uid} when the directory names a holder that is no longer
     * alive; empty when its holder lives, or nothing of it was copied.
     */
    Optional<Orphan> orphan(String uid);

    /**
     * Makes this replica the holder of the session in the directory if {@code deadHolder} still is
     * (a compare-and-set): of two replicas that adopt the same session at once, one wins.
     */
    boolean claim(String uid, String deadHolder);

    /**
     * The kept messages of the session, oldest first, and the marks {@link #delivered} the dead holder left.
     *
     * @throws IllegalStateException when they cannot be read (Redis out of reach): nothing is to be adopted
     */
    Contents contents(String uid, String deadHolder);

    /**
     * The messages {@code origin} published after its number {@code after}, in its order, as far back as they are kept.
     *
     * @throws IllegalStateException when they cannot be read (Redis out of reach)
     */
    List<Replayed> publishedAfter(String origin, long after);

    /**
     * A session apart from its messages.
     *
     * @param keyHash      {@link #hash} of its resume key: the key itself is never written
     * @param owner        the user who started it, or null
     * @param expiryMillis how long it outlives its connection ({@code Session.TIMEOUT_SETTING}: {@code watchbox.timeout})
     * @param mqtt         the options of its MQTT subscriptions by filter, or null for a session no MQTT
     *                     client used (or one described by a version before these were written)
     */
    record Description(String uid, String keyHash, String owner, Set<String> groups, long expiryMillis,
                       Map<String, SubscriptionTable.Entry> mqtt) {
        public Description {
            groups = Set.copyOf(groups);
            mqtt = mqtt == null ? null : Map.copyOf(mqtt);
        }

        /** A session no MQTT client used. */
        public Description(String uid, String keyHash, String owner, Set<String> groups, long expiryMillis) {
            this(uid, keyHash, owner, groups, expiryMillis, null);
        }
    }

    /**
     * A session whose holder died.
     *
     * @param heads per replica alive when the description was written, the number of its last
     *              published message then: the session is due none of theirs up to it
     */
    record Orphan(String holder, Description session, Map<String, Long> heads) {
    }

    /** A kept message, numbered {@code seq} in its session; {@code id} null for one that was not relayed. */
    record Kept(long seq, EncodedMessage message, MessageId id) {
    }

    /**
     * What an adopter reads of a session whose holder it claimed.
     *
     * @param mqtt its MQTT state, or null when none was written (or it cannot be read: it is then logged)
     */
    record Contents(List<Kept> kept, Map<String, Long> marks, MqttCopy mqtt) {

        public Contents(List<Kept> kept, Map<String, Long> marks) {
            this(kept, marks, null);
        }
    }

    /** A message as its replica published it. */
    record Replayed(String group, Payload payload, String from, MessageId id, int qos, MessageProperties properties) {
    }

    /** What is written of a resume key: its SHA-256, in hex. */
    static String hash(String resumeKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(resumeKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
