package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.KeptCodec;
import io.watchbox.internal.core.relay.MqttMarkCodec;
import io.watchbox.internal.core.relay.SessionMirror;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Replicas of one cluster in one JVM, joined without Redis: the hub that {@link InMemoryRelay}s,
 * one per broker, relay through. It plays the part Redis plays for {@code RedisRelay}, with the same
 * promises and none of the mechanics:
 * <ul>
 * <li>One lock (this object) orders every relayed message, call and change of what a replica listens
 *     to, as Redis runs commands one at a time: a replica that listens to a group before a message is
 *     published anywhere gets it, and a call travels after every message its caller relayed before it.</li>
 * <li>The directory of live replicas and of who holds which session, with Redis's expiry read off the
 *     injected clock: a replica that is up beats (and refreshes the entries of the sessions it tracks)
 *     whenever the directory is read; one that died or was cut off stopped beating at that moment, is
 *     no holder {@link #OVERDUE_MILLIS} later, no longer alive {@link #ALIVE_MILLIS} later, and its
 *     entries go when their time to live has passed since then.</li>
 * <li>Call timeouts run on real time (a timer thread), as the Redis client's do: a test of a replica
 *     that does not answer waits {@link #callTimeout()}, which a test may shorten.</li>
 * <li>Claims of a message for a share, first come first served as {@code SET NX}; a claim a replica
 *     delays (its members are all busy) waits until the test calls {@link #runDelayedClaims()}, so
 *     that a test decides that the replicas with a free member came first, without timing.</li>
 * </ul>
 */
final class InMemoryCluster implements AutoCloseable {

    /** As {@code RedisDirectory}: a replica's alive key lasts three heartbeats of 2 s. */
    static final long ALIVE_MILLIS = 6_000;
    /** As {@code RedisDirectory}: a holder whose last beat is older than this is taken as gone. */
    static final long OVERDUE_MILLIS = 3_500;
    /** As {@code RedisRelay}'s command timeout. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    /** Who holds a session, until when unless its holder beats again. */
    private record Entry(String holder, long expiresAt) {
    }

    private final Clock clock;
    private final Duration callTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "in-memory-cluster-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Guarded by this. */
    private final Map<String, InMemoryRelay> replicas = new LinkedHashMap<>();
    /** Guarded by this. */
    private final Map<String, Entry> directory = new HashMap<>();
    /** Guarded by this. */
    private int joined;
    /** Each claimed message and share, with the replica that won it. Guarded by this. */
    private final Map<String, String> claims = new HashMap<>();
    /** Per replica, the claims it made, won or not. Guarded by this. */
    private final Map<String, Integer> claimsMade = new HashMap<>();
    /** Guarded by this. */
    private final List<Runnable> delayedClaims = new ArrayList<>();
    /** Per replica, what it published, as Redis's stream of it: guarded by this. */
    private final Map<String, List<SessionMirror.Replayed>> published = new HashMap<>();
    /** The mirror's copy of each session: description, heads and kept messages as written. Guarded by this. */
    private final Map<String, MirroredSession> mirrored = new HashMap<>();
    /** Per replica, the marks its mirror left. Guarded by this. */
    private final Map<String, Map<String, Long>> marks = new HashMap<>();

    /** A session as the mirror has it. */
    private static final class MirroredSession {
        SessionMirror.Description description;
        Map<String, Long> heads = Map.of();
        final List<byte[]> kept = new ArrayList<>();
        /** Its MQTT hash, as the changes left it. */
        final Map<String, byte[]> mqtt = new HashMap<>();
    }

    InMemoryCluster(Clock clock) {
        this(clock, CALL_TIMEOUT);
    }

    InMemoryCluster(Clock clock, Duration callTimeout) {
        this.clock = clock;
        this.callTimeout = callTimeout;
    }

    /** A new replica's relay, up and alive at once; its messages go to {@code delivery}. */
    synchronized InMemoryRelay join(InMemoryRelay.Delivery delivery) {
        // Ids sort in the order replicas joined, which keeps the tests' expectations readable.
        InMemoryRelay relay = new InMemoryRelay(this, "replica-" + (char) ('a' + joined++), delivery);
        replicas.put(relay.replicaId(), relay);
        beat();
        return relay;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    long now() {
        return clock.millis();
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The replicas a message or a call reaches now: those that are up. Call it holding this. */
    List<InMemoryRelay> reachable() {
        return replicas.values().stream().filter(InMemoryRelay::isUp).toList();
    }

    Optional<InMemoryRelay> replica(String id) {
        return Optional.ofNullable(replicas.get(id));
    }

    /**
     * What the heartbeats of the replicas that are up would have done by now: each is alive, and so
     * are the entries of the sessions it tracks, unless another replica holds one of them now.
     */
    synchronized void beat() {
        long now = now();
        for (InMemoryRelay relay : replicas.values()) {
            if (!relay.isUp()) {
                continue;
            }
            relay.beatAt(now);
            long ttl = relay.entryTtlMillis();
            for (String uid : relay.trackedUids()) {
                Entry entry = liveEntry(uid, now);
                if (entry == null || entry.holder().equals(relay.replicaId())) {
                    directory.put(uid, new Entry(relay.replicaId(), now + ttl));
                }
            }
        }
    }

    /** The other replicas alive now: those whose last beat is within {@link #ALIVE_MILLIS} and that did not leave. */
    synchronized Set<String> othersThan(String self) {
        beat();
        long now = now();
        return replicas.values().stream()
                .filter(relay -> !relay.replicaId().equals(self) && relay.aliveAt(now, ALIVE_MILLIS))
                .map(InMemoryRelay::replicaId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The other replica that holds the session, if its entry is there and its holder's beat not overdue. */
    synchronized Optional<String> holderOf(String self, String uid) {
        beat();
        long now = now();
        Entry entry = liveEntry(uid, now);
        if (entry == null || entry.holder().equals(self)) {
            return Optional.empty();
        }
        InMemoryRelay holder = replicas.get(entry.holder());
        return holder != null && holder.aliveAt(now, OVERDUE_MILLIS) ? Optional.of(entry.holder()) : Optional.empty();
    }

    synchronized void held(String holder, String uid, long ttlMillis) {
        directory.put(uid, new Entry(holder, now() + ttlMillis));
    }

    /** The entry goes, unless it names another replica already. */
    synchronized void released(String holder, String uid) {
        directory.computeIfPresent(uid, (key, entry) -> entry.holder().equals(holder) ? null : entry);
    }

    /** As {@code SET key replica NX}: whether this replica is the first to claim the key. Call it holding this. */
    boolean claim(String key, String replica) {
        claimsMade.merge(replica, 1, Integer::sum);
        return claims.putIfAbsent(key, replica) == null;
    }

    synchronized void delayClaim(Runnable claim) {
        delayedClaims.add(claim);
    }

    /** How many claims wait for {@link #runDelayedClaims()}. */
    synchronized int delayedClaims() {
        return delayedClaims.size();
    }

    /** Makes the claims delayed so far, as when their delay has passed. */
    void runDelayedClaims() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(delayedClaims);
            delayedClaims.clear();
        }
        due.forEach(Runnable::run);
    }

    /** How many claims the replica made, won or not. */
    synchronized int claimsMadeBy(String replica) {
        return claimsMade.getOrDefault(replica, 0);
    }

    private Entry liveEntry(String uid, long now) {
        Entry entry = directory.get(uid);
        if (entry != null && now >= entry.expiresAt()) {
            directory.remove(uid);
            return null;
        }
        return entry;
    }

    // ---- The mirror's side of the hub (InMemorySessionMirror), as Redis keeps it for RedisSessionMirror.

    /** A replica published a message: kept in its stream, as XADD does. Call it holding this. */
    void published(String origin, SessionMirror.Replayed message) {
        published.computeIfAbsent(origin, o -> new ArrayList<>()).add(message);
    }

    synchronized List<SessionMirror.Replayed> publishedAfter(String origin, long after) {
        return published.getOrDefault(origin, List.of()).stream().filter(m -> m.id().seq() > after).toList();
    }

    /** Written over the last description, with the heads of the streams of the replicas up now, as the Lua script does. */
    synchronized void described(SessionMirror.Description description) {
        Map<String, Long> heads = new HashMap<>();
        for (InMemoryRelay relay : reachable()) {
            List<SessionMirror.Replayed> stream = published.getOrDefault(relay.replicaId(), List.of());
            heads.put(relay.replicaId(), stream.isEmpty() ? 0 : stream.get(stream.size() - 1).id().seq());
        }
        MirroredSession session = mirrored.computeIfAbsent(description.uid(), uid -> new MirroredSession());
        session.description = description;
        session.heads = Map.copyOf(heads);
    }

    /** A kept message, appended unless another replica holds the session now (a zombie's late write); trimmed to the limit. */
    synchronized void kept(String writer, String uid, byte[] kept, int limit) {
        Entry entry = liveEntry(uid, now());
        if (entry != null && !entry.holder().equals(writer)) {
            return;
        }
        List<byte[]> list = mirrored.computeIfAbsent(uid, u -> new MirroredSession()).kept;
        list.add(kept);
        while (list.size() > limit) {
            list.remove(0);
        }
    }

    /** A change of a session's MQTT hash, made unless another replica holds the session now, as the Lua script does. */
    synchronized void mqtt(String writer, String uid, MqttMarkCodec.Change change) {
        Entry entry = liveEntry(uid, now());
        if (entry != null && !entry.holder().equals(writer)) {
            return;
        }
        Map<String, byte[]> hash = mirrored.computeIfAbsent(uid, u -> new MirroredSession()).mqtt;
        if (change.clear()) {
            hash.clear();
        }
        hash.putAll(change.set());
        change.delete().forEach(hash::remove);
    }

    synchronized void marked(String replica, Map<String, Long> now) {
        marks.put(replica, now);
    }

    synchronized void mirrorEnded(String uid) {
        mirrored.remove(uid);
    }

    /** The session of a holder that is no longer alive (overdue, as for {@link #holderOf}), if the mirror describes it. */
    synchronized Optional<SessionMirror.Orphan> orphan(String self, String uid) {
        beat();
        long now = now();
        Entry entry = liveEntry(uid, now);
        MirroredSession session = mirrored.get(uid);
        if (entry == null || entry.holder().equals(self) || session == null || session.description == null) {
            return Optional.empty();
        }
        InMemoryRelay holder = replicas.get(entry.holder());
        if (holder != null && holder.aliveAt(now, OVERDUE_MILLIS)) {
            return Optional.empty();
        }
        return Optional.of(new SessionMirror.Orphan(entry.holder(), session.description, session.heads));
    }

    /** As the Lua compare-and-set: the entry goes to {@code self} if it still names the dead holder. */
    synchronized boolean claimOrphan(String self, String uid, String deadHolder, long ttlMillis) {
        Entry entry = liveEntry(uid, now());
        if (entry == null || !entry.holder().equals(deadHolder)) {
            return false;
        }
        directory.put(uid, new Entry(self, now() + ttlMillis));
        return true;
    }

    synchronized SessionMirror.Contents contents(String uid, String deadHolder) {
        MirroredSession session = mirrored.get(uid);
        List<SessionMirror.Kept> kept = session == null ? List.of()
                : session.kept.stream().map(KeptCodec::decode).toList();
        return new SessionMirror.Contents(kept, marks.getOrDefault(deadHolder, Map.of()),
                session == null ? null : MqttMarkCodec.read(session.mqtt));
    }

    @Override
    public void close() {
        List<InMemoryRelay> all;
        synchronized (this) {
            all = new ArrayList<>(replicas.values());
        }
        try {
            all.forEach(InMemoryRelay::close);
        } finally {
            timer.shutdownNow();
        }
    }
}
