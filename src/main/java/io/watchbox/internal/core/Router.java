package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.routing.SharedSubscription;
import io.watchbox.internal.routing.SharingIndex;
import io.watchbox.internal.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The one path of every publish, whoever makes it: hand the message to the other replicas (cluster
 * mode), encode once, find the matching sessions and queue the shared frame for each. Queueing
 * never blocks; each session's outbox sends on its own. In cluster mode a publish is confirmed to
 * its publisher once Redis has run its {@code PUBLISH} (one round trip, {@link Published#inRedis}).
 *
 * <p>Cluster mode: every publish and every delivery of a relayed message passes a fence, shared by
 * all of them; a session moving between replicas holds it alone for a moment, so that each message
 * is known to have reached the session either before the move or after it (see {@link SessionMoves}).
 * A single server that keeps a store ({@code watchbox.store}) fences its publishes too, so that the
 * state it saves as it stops holds each message for all its sessions or none, and nothing after it
 * is confirmed ({@link #close}).
 *
 * <p>Cluster mode, shares ({@code $share/NAME/FILTER}): a relayed message reaches every replica with a
 * member of a share it matches, so each of them claims it ({@link ClusterRelay#claim}) and only the
 * winner gives it to a member, once the claim is answered. A message that was not relayed (a single
 * node, Redis out of reach) goes to a member here at once, as an ordinary subscriber's does.
 */
final class Router {

    /**
     * How long a replica whose members of a share are all busy (offline, or a whole queue behind)
     * waits before it claims a message: a replica with a free member wins first if there is one,
     * and if there is none the message still reaches a member, who keeps it for later.
     */
    static final Duration BUSY_CLAIM_DELAY = Duration.ofMillis(100);

    private final SharingIndex<Session> index;
    private final FrameEncoder encoder;
    private final Supplier<Settings> settings;
    private final Counters counters;
    private final ReentrantReadWriteLock fence = new ReentrantReadWriteLock();
    private final List<MessageCatcher> catchers = new CopyOnWriteArrayList<>();
    private volatile ClusterRelay relay = ClusterRelay.NONE;
    private volatile SessionMirror mirror = SessionMirror.NONE;
    /** A single server that keeps a store passes the fence too, so that its final state is whole. */
    private volatile boolean fenceEveryPublish;
    /** Set behind the fence once a stopping server's final state is taken: nothing is queued after it. */
    private volatile boolean closed;

    Router(SharingIndex<Session> index, FrameEncoder encoder, Supplier<Settings> settings, Counters counters) {
        this.index = index;
        this.encoder = encoder;
        this.settings = settings;
        this.counters = counters;
    }

    void relayThrough(ClusterRelay relay) {
        this.relay = relay;
    }

    ClusterRelay relay() {
        return relay;
    }

    /** Cluster mode with {@code watchbox.cluster.mirror}: told when each numbered message has reached every session here. */
    void mirrorTo(SessionMirror mirror) {
        this.mirror = mirror;
    }

    SessionMirror mirror() {
        return mirror;
    }

    /**
     * A single server with {@code watchbox.store}: every publish passes the fence as in cluster mode,
     * so that the state taken as it stops holds each message for all its sessions or for none.
     */
    void fenceEveryPublish() {
        fenceEveryPublish = true;
    }

    /** No publish is queued from now on ({@link ServerStoppingException}). Call it fenced, with the final state. */
    void close() {
        closed = true;
    }

    /**
     * Publishes an already validated group: queued for this replica's sessions on return, and in
     * Redis once {@link Published#inRedis} is done. That wait is the caller's, outside the fence,
     * so that one publisher's messages need not each wait a round trip before the next is read.
     */
    Published publish(String group, Payload payload, String from) {
        return publish(group, payload, from, EncodedMessage.Retain.NONE, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /**
     * Publishes with how it relates to the retained messages ({@link EncodedMessage.Retain#PUBLISHED}
     * for a retained publish, which MQTT 5.0 may mark), an MQTT QoS, which caps the QoS MQTT
     * subscribers receive it at, here and on the other replicas, and what an MQTT 5.0 publisher sent
     * for the subscribers, which is carried to the other replicas too.
     */
    Published publish(String group, Payload payload, String from, EncodedMessage.Retain retain, int qos,
                      MessageProperties properties) {
        ClusterRelay through = relay;
        // A single node without a store takes no fence: nothing there waits for its publishes to settle.
        Lock shared = through == ClusterRelay.NONE && !fenceEveryPublish ? null : fence.readLock();
        if (shared != null) {
            shared.lock();
        }
        try {
            if (shared != null && closed) {
                throw new ServerStoppingException();
            }
            if (through == ClusterRelay.NONE) {
                counters.published.increment();
                return Published.here(deliver(group, payload, from, null, retain, qos, properties));
            }
            ClusterRelay.Relayed relayed = through.relay(group, payload, from, qos, properties);
            counters.published.increment();
            int delivered = deliver(group, payload, from,
                    relayed.seq() == 0 ? null : new MessageId(through.replicaId(), relayed.seq()), retain, qos, properties);
            return new Published(delivered, relayed.sent());
        } finally {
            if (shared != null) {
                shared.unlock();
            }
        }
    }

    /**
     * Takes a filter out of a session's subscriptions, the index and what this replica listens to
     * in Redis. Only the caller that removes it from the session lets go of its listening, so that
     * concurrent callers (an unsub, a session ending, a move) let go once between them.
     *
     * @return whether the session had the filter
     */
    boolean unsubscribe(Session session, String filter) {
        index.unsubscribe(filter, session);
        if (!session.groups().remove(filter)) {
            return false;
        }
        relay.unlisten(SharedSubscription.routed(filter));
        return true;
    }

    /** Delivers a message another replica published (and relayed) to this replica's sessions only. */
    int deliverRelayed(String group, Payload payload, String from, MessageId id, int qos, MessageProperties properties) {
        Lock shared = fence.readLock();
        shared.lock();
        try {
            return deliver(group, payload, from, id, EncodedMessage.Retain.NONE, qos, properties);
        } finally {
            shared.unlock();
        }
    }

    /** Runs the work while no message is being published or delivered here. */
    <T> T fenced(Supplier<T> work) {
        Lock alone = fence.writeLock();
        alone.lock();
        try {
            return work.get();
        } finally {
            alone.unlock();
        }
    }

    /** From now on, until {@link #stopCatching}, the catcher sees every message delivered here. Call it fenced. */
    void startCatching(MessageCatcher catcher) {
        catchers.add(catcher);
    }

    void stopCatching(MessageCatcher catcher) {
        catchers.remove(catcher);
    }

    /** The message as this replica's sessions queue it, encoded once. */
    EncodedMessage encode(String group, Payload payload, String from, EncodedMessage.Retain retain, int qos,
                          MessageProperties properties) {
        return encoder.message(group, payload, from, counters.sends.now(), retain, properties).withQos(qos);
    }

    private int deliver(String group, Payload payload, String from, MessageId id, EncodedMessage.Retain retain, int qos,
                        MessageProperties properties) {
        EncodedMessage message = encode(group, payload, from, retain, qos, properties);
        Settings now = settings.get();
        ClusterRelay through = relay;
        // A relayed message may match a share on other replicas too: one of them takes it, after a claim.
        boolean claimShares = id != null && through != ClusterRelay.NONE;
        Set<Session> matched = claimShares ? index.matchOrdinary(group) : index.match(group);
        if (claimShares) {
            // Before the ordinary subscribers: on the publishing replica, the claim then follows the PUBLISH closely.
            for (SharedSubscription share : index.sharesMatching(group)) {
                Duration after = index.anyAvailable(share) ? Duration.ZERO : BUSY_CLAIM_DELAY;
                through.claim(share.pattern(), id, after).thenAccept(won -> {
                    if (won) {
                        deliverShared(share, matched, message, id);
                    }
                });
            }
        }
        int delivered = 0;
        for (Session session : matched) {
            if (id != null && session.hadBeforeMove(id.origin(), id.seq())) {
                continue; // a relayed copy still on its way here of what the session had where it was
            }
            if (session.enqueue(message, id == null ? null : id.origin(), id == null ? 0 : id.seq(), now.listlimit(),
                    now.maxqueuedbytes())) {
                delivered++;
            }
        }
        if (id != null) {
            mirror.delivered(id);
        }
        for (MessageCatcher catcher : catchers) {
            catcher.caught(group, message, id);
        }
        counters.delivered.add(delivered);
        return delivered;
    }

    /**
     * A member of shares that moved here missed a relayed message of theirs on the way: it takes
     * it, once, if no replica has claimed it for one of the shares (none had a member that could, say).
     */
    void claimFor(Session member, List<String> shares, EncodedMessage message, MessageId id) {
        AtomicBoolean given = new AtomicBoolean();
        for (String share : shares) {
            relay.claim(share, id, Duration.ZERO).thenAccept(won -> {
                if (!won || !given.compareAndSet(false, true)) {
                    return;
                }
                Lock shared = fence.readLock();
                shared.lock();
                try {
                    Settings now = settings.get();
                    if (member.enqueue(message, now.listlimit(), now.maxqueuedbytes())) {
                        counters.delivered.increment();
                    }
                } finally {
                    shared.unlock();
                }
            });
        }
    }

    /**
     * This replica won the claim of a message for a share: to the member whose turn it is now,
     * behind the fence as every delivery. One that had it as an ordinary subscriber has it already.
     * One that moved here after its last replica handled the message did not have it from the share
     * there: that replica's claim would have been this one.
     */
    private void deliverShared(SharedSubscription share, Set<Session> ordinary, EncodedMessage message, MessageId id) {
        Lock shared = fence.readLock();
        shared.lock();
        try {
            Session member = index.take(share);
            if (member == null) {
                counters.sharedLost.increment(); // its last member here left while the claim was out
                return;
            }
            if (ordinary.contains(member)) {
                return;
            }
            Settings now = settings.get();
            if (member.enqueue(message, now.listlimit(), now.maxqueuedbytes())) {
                counters.delivered.increment();
            }
        } finally {
            shared.unlock();
        }
    }
}
