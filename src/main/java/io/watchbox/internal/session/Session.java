package io.watchbox.internal.session;

import io.watchbox.SessionInfo;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.mqtt.session.MqttSessionState;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.values.SessionInfoRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One uid's subscriptions and queue, which outlive its sockets until it ends. Its own lock guards
 * the queue, the send position and the attached outbox; nothing is sent while holding it.
 */
public final class Session {

    private final String uid;
    private final String resumeKey;
    private final String owner;
    private volatile WatchboxIdentity identity;
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final LongAdder droppedCounter;
    private final MessageQueue queue = new MessageQueue();
    private final PublishBudget budget = new PublishBudget();

    /**
     * After a move: per replica, the number of its last message the session had on the replica it
     * came from. Relayed copies of those can still arrive here afterwards, and are not queued again.
     */
    private volatile Map<String, Long> hadBeforeMove = Map.of();
    private long sentSeq;
    /** Where its kept messages are copied as they are queued; {@link KeptMirror#NONE} sends them at once. */
    private KeptMirror mirror = KeptMirror.NONE;
    /** With a mirror: the last seq whose copy is written (or given up); nothing after it is sent. */
    private long mirroredSeq = Long.MAX_VALUE;
    private Outbox outbox;
    private boolean ended;
    /** Whether it ended here because it moved to another replica, where it goes on. */
    private boolean moved;
    private volatile long lastSeen;
    /** The protocol of the client attached last, for {@code GET /clients}. */
    private volatile String protocol = SessionInfoRecord.JSON;
    /** What an MQTT client's session keeps across its connections; created when one first attaches. */
    private MqttSessionState mqtt;
    /**
     * How long the session outlives its connection, when its client said (MQTT's session expiry):
     * 0 ends it with the connection; {@link #TIMEOUT_SETTING} means {@code watchbox.timeout}.
     */
    private volatile long expiryMillis = TIMEOUT_SETTING;
    private volatile boolean standsIn;

    /** See {@link #expiryMillis}: a JSON session waits {@code watchbox.timeout} for its client. */
    public static final long TIMEOUT_SETTING = -1;
    /**
     * The {@code since} of an MQTT client that continues its session: it goes on after the last
     * message the session took for its client, wherever that was (its MQTT state says which); a
     * session without MQTT state replays nothing old, as for a {@code null} since.
     */
    public static final long AFTER_LAST_TAKEN = Long.MAX_VALUE;

    Session(String uid, String resumeKey, WatchboxIdentity identity, long now, LongAdder droppedCounter) {
        this(uid, resumeKey, identity == null ? null : identity.user(), identity, now, droppedCounter);
    }

    private Session(String uid, String resumeKey, String owner, WatchboxIdentity identity, long now,
                    LongAdder droppedCounter) {
        this.uid = uid;
        this.resumeKey = resumeKey;
        this.owner = owner;
        this.identity = identity;
        this.lastSeen = now;
        this.droppedCounter = droppedCounter;
    }

    /**
     * A session that moved here from another replica, or that a store kept, detached, with its
     * subscriptions (to be added to the index by the caller) and its kept messages, within this
     * replica's limits.
     *
     * @param awaySince since when its client is away, by this replica's clock: its timeout (or
     *                  session expiry) counts from then
     */
    static Session restore(SessionSnapshot snapshot, Map<String, Long> hadBeforeMove, long awaySince, int listlimit,
                           long maxBytes, LongAdder droppedCounter) {
        Session session = new Session(snapshot.uid(), snapshot.resumeKey(), snapshot.owner(), null, awaySince,
                droppedCounter);
        session.hadBeforeMove = Map.copyOf(hadBeforeMove);
        session.groups.addAll(snapshot.groups());
        session.queue.restore(snapshot.lastSeq(), snapshot.kept(), listlimit, maxBytes);
        session.sentSeq = snapshot.lastSeq();
        session.expiryMillis = snapshot.expiryMillis();
        if (snapshot.mqtt() != null) {
            session.mqtt = MqttSessionState.restore(snapshot.mqtt());
        }
        return session;
    }

    public String uid() {
        return uid;
    }

    /** The secret that lets a client resume or take over this session; only its welcome carries it. */
    public String resumeKey() {
        return resumeKey;
    }

    /** The user who started this session, or null for an anonymous one. */
    public String owner() {
        return owner;
    }

    /** Whether the key is this session's, compared in constant time. */
    boolean isResumeKey(String key) {
        return key != null && MessageDigest.isEqual(resumeKey.getBytes(StandardCharsets.US_ASCII),
                key.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the client is the authenticated user who started this session. */
    boolean isOwnedBy(WatchboxIdentity client) {
        return client != null && isOwnedBy(client.user());
    }

    /** Whether this user started this session. */
    boolean isOwnedBy(String user) {
        return owner != null && owner.equals(user);
    }

    /** Whether the session had this relayed message before it moved here: its number is at most the mark for its replica. */
    public boolean hadBeforeMove(String origin, long seq) {
        Long mark = hadBeforeMove.get(origin);
        return mark != null && seq <= mark;
    }

    /** Who the client attached now is, or null for an anonymous one. */
    public WatchboxIdentity identity() {
        return identity;
    }

    /** The client attached now speaks this protocol (see {@link SessionInfo#protocol()}). */
    public void speaks(String protocol) {
        this.protocol = protocol;
    }

    /** The protocol of the client attached last ({@code json} or {@code mqtt}), for the counts by protocol. */
    public String protocol() {
        return protocol;
    }

    /** The MQTT state of this session, created empty the first time it is asked for. */
    public synchronized MqttSessionState mqtt() {
        if (mqtt == null) {
            mqtt = new MqttSessionState();
        }
        return mqtt;
    }

    /** The MQTT state of this session, or null when no MQTT client used it. */
    public synchronized MqttSessionState mqttIfAny() {
        return mqtt;
    }

    /** Starts the MQTT state afresh (a clean start on an existing session) and returns it. */
    public synchronized MqttSessionState startMqttAfresh() {
        mqtt = new MqttSessionState();
        return mqtt;
    }

    /** A message taken for the client was not sent to it (too large for the client): counted as dropped. */
    public void notSent() {
        droppedCounter.increment();
    }

    public Set<String> groups() {
        return groups;
    }

    public void touch(long now) {
        lastSeen = now;
    }

    /**
     * Whether the client has been silent (connected) or away (detached) for too long: {@code timeoutMillis},
     * except that a detached session with an expiry of its own waits that long.
     */
    public boolean isExpired(long now, long timeoutMillis) {
        return now - lastSeen >= keptForMillis(timeoutMillis);
    }

    /** How long this session waits for its client once detached, given {@code watchbox.timeout}. */
    public long keptForMillis(long timeoutMillis) {
        long expiry = expiryMillis;
        return expiry == TIMEOUT_SETTING || isConnected() ? timeoutMillis : expiry;
    }

    /** From now on the session outlives its connection by this long (0: it ends with it). */
    public void expiresAfter(long millis) {
        expiryMillis = millis;
    }

    /**
     * How long the session waits for its client once detached, connected or not now, given
     * {@code watchbox.timeout}: how long its entry in the cluster's session directory must last.
     */
    public long outlivesConnectionBy(long timeoutMillis) {
        long expiry = expiryMillis;
        return expiry == TIMEOUT_SETTING ? timeoutMillis : expiry;
    }

    /**
     * Started anew because the session its client asked for, held by another replica, could not be
     * had in time: see {@link #endsUnused}.
     */
    public void standsInForAnother() {
        standsIn = true;
    }

    /** Its client sent something after the {@code hello} or CONNECT: it knows this session. */
    public void used() {
        standsIn = false;
    }

    /**
     * Whether it ends with a connection that never used it: it stands in for a session another
     * replica held ({@link #standsInForAnother}), and holds nothing (no subscription, nothing
     * queued). Its client may never have had the {@code welcome} or CONNACK (it gave up waiting for
     * the holder), and comes back with the key of the session it had before, which this one would
     * refuse (4403), or, over MQTT, say is present with no subscriptions. Ended, nothing is lost.
     */
    public synchronized boolean endsUnused() {
        return standsIn && groups.isEmpty() && queue.size() == 0;
    }

    /** Whether the session waits for its client after its connection is gone. */
    public boolean outlivesConnection() {
        return expiryMillis != 0;
    }

    /** Whether an authenticated user started this session (only that user may resume it without its key). */
    public boolean hasOwner() {
        return owner != null;
    }

    /** Whether the client may publish now under a limit of {@code rate} per second (0: no limit). */
    public synchronized boolean tryPublish(long now, int rate) {
        return rate == 0 || budget.tryTake(now, rate);
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    public synchronized boolean isConnected() {
        return outbox != null;
    }

    /** The connection attached now, or null while the client is away. */
    public synchronized Outbox attached() {
        return outbox;
    }

    /**
     * From now on, every message queued is copied to the mirror, and sent only once the copy is
     * written; what is queued already counts as copied (it is in the mirror, or came from it).
     */
    public synchronized void mirrorTo(KeptMirror mirror) {
        this.mirror = mirror;
        this.mirroredSeq = mirror == KeptMirror.NONE ? Long.MAX_VALUE : queue.lastSeq();
    }

    /**
     * Copies every kept message to the mirror again (Redis may have lost them), without their
     * numbers in the cluster: the marks the mirror writes with them account for those.
     */
    public synchronized void mirrorAgain() {
        if (mirror == KeptMirror.NONE || ended) {
            return;
        }
        for (long seq = queue.firstSeq(); seq <= queue.lastSeq(); seq++) {
            EncodedMessage kept = queue.get(seq);
            if (kept != null) {
                mirror.kept(this, seq, kept, null, 0);
            }
        }
    }

    /** The mirror has the copies of the messages up to {@code seq}: they may be sent. */
    public void mirrored(long seq) {
        Outbox target;
        synchronized (this) {
            if (seq <= mirroredSeq || mirror == KeptMirror.NONE) {
                return;
            }
            mirroredSeq = seq;
            target = outbox;
        }
        if (target != null) {
            target.pump();
        }
    }

    /**
     * Queues a message as the next seq, dropping the oldest when the queue is full.
     *
     * @return false if the session has ended
     */
    public boolean enqueue(EncodedMessage message, int listlimit, long maxBytes) {
        return enqueue(message, null, 0, listlimit, maxBytes);
    }

    /**
     * {@link #enqueue(EncodedMessage, int, long)} of a message numbered by a replica: the mirror keeps
     * its number, so that an adopter knows what of that replica's messages the session had.
     *
     * @param origin the replica that numbered it, or null
     */
    public boolean enqueue(EncodedMessage message, String origin, long number, int listlimit, long maxBytes) {
        Outbox target;
        synchronized (this) {
            if (ended) {
                return false;
            }
            long firstBefore = queue.firstSeq();
            queue.add(message, listlimit, maxBytes);
            if (mirror != KeptMirror.NONE) {
                mirror.kept(this, queue.lastSeq(), message, origin, number);
            }
            long evictedUnsent = queue.firstSeq() - Math.max(sentSeq + 1, firstBefore);
            if (evictedUnsent > 0) {
                droppedCounter.add(evictedUnsent);
            }
            target = outbox;
        }
        if (target != null) {
            target.messageQueued();
        }
        return true;
    }

    /** The next message for this outbox to send, or null when it is up to date or no longer attached. */
    synchronized Outgoing next(Outbox asker) {
        long sendable = Math.min(queue.lastSeq(), mirroredSeq);
        if (asker != outbox || sentSeq >= sendable) {
            return null;
        }
        long seq = Math.max(sentSeq + 1, queue.firstSeq());
        if (seq > sendable) {
            sentSeq = sendable; // the newest was too heavy to keep: nothing to send
            return null;
        }
        sentSeq = seq;
        return new Outgoing(queue.get(seq), seq);
    }

    /**
     * Attaches a new connection's outbox, replaying from {@code since} (the last seq the client saw;
     * null replays nothing old; {@link #AFTER_LAST_TAKEN} for an MQTT client that continues its session).
     *
     * @return the outbox it replaced (to be closed), this outbox itself if there was none, or null if the session has ended
     */
    synchronized Outbox attach(Outbox newOutbox, Long since, WatchboxIdentity client, long now) {
        if (ended) {
            return null;
        }
        identity = client;
        Outbox previous = outbox == null ? newOutbox : outbox;
        outbox = newOutbox;
        if (since != null && since == AFTER_LAST_TAKEN) {
            // Claimed under this lock, before the new outbox is attached: the replaced connection may
            // still be framing a message it took, and from now on it is refused that, so the new
            // connection goes on exactly after the last message the old one put on its way.
            since = mqtt == null ? null : Long.valueOf(mqtt.outbound().claim(newOutbox));
        }
        sentSeq = since == null ? queue.lastSeq() : Math.min(since, queue.lastSeq());
        lastSeen = now;
        return previous;
    }

    /** Detaches the outbox if it is still the attached one; the session then waits for a resume. */
    public synchronized boolean detach(Outbox leaving, long now) {
        if (outbox != leaving) {
            return false;
        }
        outbox = null;
        lastSeen = now;
        return true;
    }

    /**
     * Ends the session once.
     *
     * @return the outbox that was attached (may be null) wrapped in an {@link Ending}, or null if it had already ended
     */
    public synchronized Ending end() {
        if (ended) {
            return null;
        }
        ended = true;
        Outbox attached = outbox;
        outbox = null;
        queue.clear();
        return new Ending(attached);
    }

    /**
     * Ends the session here because it moves to another replica: what it is made of at {@code now},
     * and the outbox that was attached (to be closed); null if it had already ended.
     */
    public synchronized HandOver handOver(long now) {
        if (ended) {
            return null;
        }
        SessionSnapshot snapshot = snapshot(now);
        moved = true;
        return new HandOver(this, snapshot, end().outbox());
    }

    /** Whether the session ended here because it moved to another replica, where it goes on. */
    public synchronized boolean hasMoved() {
        return moved;
    }

    /** What the session is made of at {@code now}, for a move or for the store, without ending it. */
    public synchronized SessionSnapshot snapshot(long now) {
        return new SessionSnapshot(uid, resumeKey, owner, groups, queue.lastSeq(), queue.messages(),
                expiryMillis, mqtt == null ? null : mqtt.snapshot(), now - awaySince(now), null);
    }

    /**
     * Since when the client is away, as a store keeps it: since it left, or, for a connected client,
     * from {@code now}, when its connection goes with the server.
     */
    public synchronized long awaySince(long now) {
        return outbox != null ? now : Math.min(lastSeen, now);
    }

    /** How many kept messages have not been sent yet. */
    public synchronized long unsent() {
        return queue.lastSeq() - Math.max(sentSeq, queue.firstSeq() - 1);
    }

    /** What this session's kept messages weigh, in bytes. */
    public synchronized long queuedBytes() {
        return queue.bytes();
    }

    public synchronized SessionInfo info() {
        WatchboxIdentity client = identity;
        return new SessionInfoRecord(uid, outbox != null, Set.copyOf(groups),
                queue.lastSeq() - Math.max(sentSeq, queue.firstSeq() - 1), Instant.ofEpochMilli(lastSeen), queue.bytes(),
                client == null ? null : client.user(), protocol, null);
    }

    /**
     * A message on its way to the socket.
     *
     * @param message what was published
     * @param seq     its number in this session
     */
    record Outgoing(EncodedMessage message, long seq) {

        /** When it was published (see {@link EncodedMessage#publishedAt()}). */
        long publishedAt() {
            return message.publishedAt();
        }
    }

    /** A session leaving for another replica: what it is made of, and the outbox to close, if it was connected. */
    public record HandOver(Session session, SessionSnapshot snapshot, Outbox outbox) {
    }

    /** The result of ending a session: the outbox to close, if it was connected. */
    public record Ending(Outbox outbox) {
    }
}
