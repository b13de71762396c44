package io.watchbox.internal.cluster;

import io.lettuce.core.Range;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.DeliveredMarks;
import io.watchbox.internal.core.relay.KeptCodec;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.MqttCopy;
import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.core.relay.MqttMarkCodec;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.EncodedMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * This replica's sessions mirrored in Redis ({@code watchbox.cluster.mirror}), for another replica
 * to adopt them if this one crashes. The keys, beside the directory's {@code <name>:session:<uid>}:
 * <ul>
 * <li>{@code <name>:kept:<uid>}, a list of the session's kept messages ({@link KeptCodec}), trimmed
 *     to {@code listlimit};</li>
 * <li>{@code <name>:about:<uid>}, a hash: the SHA-256 of its resume key, owner, filters, expiry, and
 *     the heads of the live replicas' streams when it was written, and its MQTT subscriptions' options;</li>
 * <li>{@code <name>:mqtt:<uid>}, a hash: the MQTT state of a session an MQTT client used, written
 *     as it changes ({@link MqttMarkCodec});</li>
 * <li>{@code <name>:marks:<replica>}, a hash: per replica, the number up to which its messages had
 *     been queued here and written ({@link DeliveredMarks});</li>
 * <li>{@code <name>:published:<replica>}, the stream of the replica's relayed frames, ids {@code <number>-0},
 *     written by {@link Publishing} before each PUBLISH.</li>
 * </ul>
 * All expire as the directory entry does, unless written again. Writes leave in the order they are
 * made, in batches: whatever queued while one batch was in flight goes as the next, one script call
 * for all its kept messages, which carries each message's bytes once however many sessions queued it.
 * A batch's messages may be sent to their clients once Redis answers; a batch Redis refuses or that
 * cannot go (Redis out of reach) is given up and logged, and its messages are sent all the same.
 */
final class RedisSessionMirror implements SessionMirror {

    /** Writes per batch: a script call of this many kept messages keeps Redis busy for about a millisecond. */
    static final int BATCH = 1_000;
    /**
     * Appends each session's kept messages to its list, unless the directory names another replica
     * (a replica that paused past its heartbeat, whose session was adopted meanwhile, must not write
     * into the adopter's copy), trims and refreshes it; writes the marks first; then, on the same
     * condition, each change of an MQTT session's state to its hash ({@link MqttMarkCodec}). A
     * session's messages of one batch go in one RPUSH, with one look at its directory entry, one trim
     * and one expiry: per session, not per message, which is most of what Redis spends at a large fan-out.
     * KEYS: the marks, then per session its list and its directory entry, then per change its hash
     * and its directory entry. ARGV: this replica, the limit, the time to live, the number of marks
     * and each mark's origin and number, the number of distinct bodies and each body, the number of
     * sessions, then per session the number of its messages and, per message in seq order, its head
     * and the index of its body; then per change whether it clears the hash first (1 or 0), the
     * number of fields it writes, those fields and values, the number of fields it deletes and those fields.
     */
    static final String KEEP = """
            local me, limit, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
            local a = 5
            local marks = tonumber(ARGV[4])
            for i = 1, marks do
              redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 1])
              a = a + 2
            end
            if marks > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
            local bodies = a
            a = a + 1 + tonumber(ARGV[a])
            local sessions = tonumber(ARGV[a])
            a = a + 1
            local k = 2
            for s = 1, sessions do
              local count = tonumber(ARGV[a])
              local holder = redis.call('GET', KEYS[k + 1])
              if holder == false or holder == me then
                local entries = {}
                for m = 1, count do
                  local at = a - 1 + 2 * m
                  entries[m] = ARGV[at] .. ARGV[bodies + 1 + tonumber(ARGV[at + 1])]
                end
                local length = redis.call('RPUSH', KEYS[k], unpack(entries))
                if length > limit then redis.call('LTRIM', KEYS[k], -limit, -1) end
                redis.call('PEXPIRE', KEYS[k], ttl)
              end
              a = a + 1 + 2 * count
              k = k + 2
            end
            while k < #KEYS do
              local holder = redis.call('GET', KEYS[k + 1])
              local mine = holder == false or holder == me
              if mine and ARGV[a] == '1' then redis.call('DEL', KEYS[k]) end
              local set = tonumber(ARGV[a + 1])
              a = a + 2
              for i = 1, set do
                if mine then redis.call('HSET', KEYS[k], ARGV[a], ARGV[a + 1]) end
                a = a + 2
              end
              local deleted = tonumber(ARGV[a])
              for i = 1, deleted do
                if mine then redis.call('HDEL', KEYS[k], ARGV[a + i]) end
              end
              a = a + 1 + deleted
              if mine then redis.call('PEXPIRE', KEYS[k], ttl) end
              k = k + 2
            end
            return 0""";
    /**
     * Writes a session's description over the last, with the head of the stream of every replica
     * that has said it is alive. KEYS: the description, the set of replicas. ARGV: the time to live,
     * the streams' prefix, then fields and values.
     */
    static final String DESCRIBE = """
            local heads = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              local last = redis.call('XREVRANGE', ARGV[2] .. id, '+', '-', 'COUNT', 1)
              local head = '0'
              if #last > 0 then head = string.match(last[1][1], '^(%d+)') end
              table.insert(heads, id .. '=' .. head)
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'heads', table.concat(heads, ','), unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 0""";
    /**
     * The holder and the description of a session whose holder is not alive (its heartbeat overdue,
     * as {@link RedisDirectory} judges a holder), or nil. KEYS: the directory entry, the description.
     * ARGV: the alive keys' prefix, the least time to live of a live holder's alive key, this replica.
     */
    static final String ORPHAN = """
            local holder = redis.call('GET', KEYS[1])
            if not holder or holder == ARGV[3] then return false end
            if redis.call('PTTL', ARGV[1] .. holder) > tonumber(ARGV[2]) then return false end
            local about = redis.call('HGETALL', KEYS[2])
            if #about == 0 then return false end
            table.insert(about, 1, holder)
            return about""";
    /** Sets the time to live of every key given. ARGV: the time to live. */
    static final String REFRESH = """
            for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ARGV[1]) end
            return 0""";
    /** Sessions refreshed per script call, three keys each (as the directory's refresh, a call of this many is brief). */
    private static final int REFRESH_BATCH = 250;
    /** The directory entry goes to this replica if it still names the dead holder. ARGV: the dead holder, this replica, the time to live. */
    static final String CLAIM = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";

    /** The key of a message without a number, among the bodies of a batch. */
    private static final MessageId NO_ID = new MessageId("", 0);

    private final String name;
    private final String id;
    private final byte[] idBytes;
    private final RedisConnections connections;
    private final Executor writer;
    private final IntSupplier listlimit;
    private final LongSupplier ttlMillis;
    private final DeliveredMarks marks;
    private volatile Runnable rewrite = () -> { };
    private final Queue<Write> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Map<String, String> shas = new HashMap<>();
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /** One write, in the order made. */
    private sealed interface Write permits Copied, Described, Ended {
    }

    /** A write that goes in the batch's script call, and may be acted on once it is answered. */
    private sealed interface Copied extends Write permits KeptWrite, MqttWrite {
        Runnable written();
    }

    private record KeptWrite(String uid, long seq, EncodedMessage message, MessageId id, Runnable written) implements Copied {
    }

    private record MqttWrite(String uid, MqttMark mark, Runnable written) implements Copied {
    }

    private record Described(Description session) implements Write {
    }

    private record Ended(String uid) implements Write {
    }

    /**
     * @param writer    where batches are built and their answers handled, one at a time (not Redis's event loop)
     * @param listlimit how many kept messages a session's list keeps
     * @param ttlMillis how long the keys of a session last unless written again: as its directory entry
     */
    RedisSessionMirror(String name, String id, RedisConnections connections, Executor writer, IntSupplier listlimit,
                       LongSupplier ttlMillis) {
        this.name = name;
        this.id = id;
        this.idBytes = bytes(id);
        this.connections = connections;
        this.writer = writer;
        this.listlimit = listlimit;
        this.ttlMillis = ttlMillis;
        this.marks = new DeliveredMarks(id);
    }

    @Override
    public void rewriteWith(Runnable rewrite) {
        this.rewrite = rewrite;
    }

    /** Connected to Redis (again): it may have restarted empty, so every session is written again. */
    void connected() {
        onWriter(rewrite);
    }

    /** The key of a replica's stream. */
    static String streamKey(String name, String replica) {
        return name + ":published:" + replica;
    }

    @Override
    public void kept(String uid, long seq, EncodedMessage message, MessageId messageId, Runnable written) {
        queue(new KeptWrite(uid, seq, message, messageId, written));
    }

    @Override
    public void mqtt(String uid, MqttMark mark, Runnable written) {
        queue(new MqttWrite(uid, mark, written));
    }

    @Override
    public void delivered(MessageId messageId) {
        marks.delivered(messageId);
    }

    @Override
    public void described(Description session) {
        queue(new Described(session));
    }

    @Override
    public void ended(String uid) {
        queue(new Ended(uid));
    }

    private void queue(Write write) {
        pending.add(write);
        if (writing.compareAndSet(false, true)) {
            onWriter(this::writeBatch);
        }
    }

    /**
     * Runs the work on the writer, or here when the writer takes no more work (the container's
     * executor refuses tasks once the application stops): a refusal must neither fail the publish
     * that queued a copy (a REST publish would be answered 500 for a message already relayed) nor
     * leave the sessions waiting for copies that no batch will write.
     */
    private void onWriter(Runnable work) {
        try {
            writer.execute(work);
        } catch (RejectedExecutionException stopping) {
            work.run();
        }
    }

    /** On the writer: one batch out, and the next once Redis has answered it. */
    private void writeBatch() {
        // Read before the batch is taken: every message these marks account for was queued before.
        Map<String, Long> marksNow = marks.now();
        List<Write> batch = new ArrayList<>();
        for (Write write = pending.poll(); write != null; write = batch.size() < BATCH ? pending.poll() : null) {
            batch.add(write);
            if (batch.size() == BATCH) {
                break;
            }
        }
        if (batch.isEmpty()) {
            writing.set(false);
            if (!pending.isEmpty() && writing.compareAndSet(false, true)) {
                onWriter(this::writeBatch);
            }
            return;
        }
        CompletableFuture<?> answered;
        try {
            answered = send(batch, marksNow);
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        answered.whenComplete((result, failure) -> onWriter(() -> {
            if (failure != null) {
                long copies = batch.stream().filter(KeptWrite.class::isInstance).count();
                errors.warning("mirror write failed", () -> "Watchbox cluster: " + copies + " kept messages were not"
                        + " copied to Redis (a crash of this replica may now lose or repeat them)", failure);
            }
            // Newest first: a session's last message of the batch lets it send all of them in one
            // frame, and its earlier ones then find them sent. Oldest first, the first one alone
            // went out in a frame of its own while the rest waited for that send to finish.
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (batch.get(i) instanceof Copied copied) {
                    release(copied);
                }
            }
            writeBatch();
        }));
    }

    /**
     * Lets a copied write's session act on it. A failure there is that session's alone: were it to
     * leave this batch unfinished, no batch would be written again and every session of this
     * replica would wait for its copies for ever.
     */
    private void release(Copied copied) {
        try {
            copied.written().run();
        } catch (RuntimeException e) {
            errors.warning("mirror release failed", () -> "Watchbox cluster: a session failed to act on its copy"
                    + " in Redis", e);
        }
    }

    /** The batch's commands, pipelined in order; completes when Redis has answered the last. */
    private CompletableFuture<?> send(List<Write> batch, Map<String, Long> marksNow) {
        StatefulRedisConnection<byte[], byte[]> connection = connections.publisher();
        if (connection == null || connections.state() == ClusterState.DISCONNECTED || !connection.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is out of reach"));
        }
        RedisAsyncCommands<byte[], byte[]> redis = connection.async();
        byte[] ttl = bytes(Long.toString(ttlMillis.getAsLong()));
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        List<Copied> run = new ArrayList<>();
        Map<String, Long> runMarks = marksNow;
        for (Write write : batch) {
            if (write instanceof Copied copied) {
                run.add(copied);
                continue;
            }
            if (!run.isEmpty()) {
                last = keep(redis, run, runMarks, ttl);
                run = new ArrayList<>();
                runMarks = Map.of();
            }
            if (write instanceof Described described) {
                last = describe(redis, described.session(), ttl);
            } else if (write instanceof Ended ended) {
                last = redis.del(aboutKey(ended.uid()), keptKey(ended.uid()), mqttKey(ended.uid())).toCompletableFuture();
            }
        }
        if (!run.isEmpty() || !runMarks.isEmpty()) {
            last = keep(redis, run, runMarks, ttl);
        }
        return last;
    }

    /** One script call: the kept messages, then the MQTT changes (on other keys: their order among those does not matter). */
    private CompletableFuture<?> keep(RedisAsyncCommands<byte[], byte[]> redis, List<Copied> run,
                                      Map<String, Long> marksNow, byte[] ttl) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(marksKey(id));
        List<byte[]> args = new ArrayList<>();
        args.add(idBytes);
        args.add(bytes(Integer.toString(listlimit.getAsInt())));
        args.add(ttl);
        args.add(bytes(Integer.toString(marksNow.size())));
        marksNow.forEach((origin, mark) -> {
            args.add(bytes(origin));
            args.add(bytes(Long.toString(mark)));
        });
        // Each message once, however many sessions queued it: the router shares one instance among them.
        Map<EncodedMessage, Map<MessageId, Integer>> bodyIndex = new IdentityHashMap<>();
        List<byte[]> bodies = new ArrayList<>();
        List<byte[]> changeKeys = new ArrayList<>();
        List<byte[]> changes = new ArrayList<>();
        // Each session's messages together, in the order queued (its seq order): one push per session.
        Map<String, List<byte[]>> headsBySession = new LinkedHashMap<>();
        for (Copied copied : run) {
            if (copied instanceof MqttWrite mqtt) {
                changeKeys.add(mqttKey(mqtt.uid()));
                changeKeys.add(directoryKey(mqtt.uid()));
                change(changes, MqttMarkCodec.change(mqtt.mark()));
                continue;
            }
            KeptWrite kept = (KeptWrite) copied;
            int index = bodyIndex.computeIfAbsent(kept.message(), m -> new HashMap<>())
                    .computeIfAbsent(kept.id() == null ? NO_ID : kept.id(), i -> {
                        bodies.add(KeptCodec.body(kept.message(), kept.id()));
                        return bodies.size() - 1;
                    });
            List<byte[]> heads = headsBySession.computeIfAbsent(kept.uid(), uid -> new ArrayList<>());
            heads.add(KeptCodec.head(kept.seq()));
            heads.add(bytes(Integer.toString(index)));
        }
        List<byte[]> heads = new ArrayList<>(2 * run.size() + headsBySession.size());
        headsBySession.forEach((uid, ofSession) -> {
            keys.add(keptKey(uid));
            keys.add(directoryKey(uid));
            heads.add(bytes(Integer.toString(ofSession.size() / 2)));
            heads.addAll(ofSession);
        });
        args.add(bytes(Integer.toString(bodies.size())));
        args.addAll(bodies);
        args.add(bytes(Integer.toString(headsBySession.size())));
        args.addAll(heads);
        keys.addAll(changeKeys);
        args.addAll(changes);
        return eval(redis, KEEP, ScriptOutputType.INTEGER, keys.toArray(byte[][]::new), args.toArray(byte[][]::new));
    }

    private static void change(List<byte[]> args, MqttMarkCodec.Change change) {
        args.add(bytes(change.clear() ? "1" : "0"));
        args.add(bytes(Integer.toString(change.set().size())));
        change.set().forEach((field, value) -> {
            args.add(bytes(field));
            args.add(value);
        });
        args.add(bytes(Integer.toString(change.delete().size())));
        change.delete().forEach(field -> args.add(bytes(field)));
    }

    private CompletableFuture<?> describe(RedisAsyncCommands<byte[], byte[]> redis, Description session, byte[] ttl) {
        List<byte[]> args = new ArrayList<>();
        args.add(ttl);
        args.add(bytes(name + ":published:"));
        field(args, "key", session.keyHash());
        field(args, "owner", session.owner());
        field(args, "groups", String.join("\n", session.groups()));
        field(args, "expiry", Long.toString(session.expiryMillis()));
        field(args, "mqtt", session.mqtt() == null ? null : MqttMarkCodec.subscriptions(session.mqtt()));
        return eval(redis, DESCRIBE, ScriptOutputType.INTEGER,
                new byte[][] {aboutKey(session.uid()), bytes(name + ":replicas")}, args.toArray(byte[][]::new));
    }

    private static void field(List<byte[]> args, String field, String value) {
        if (value != null) {
            args.add(bytes(field));
            args.add(bytes(value));
        }
    }

    /**
     * Keeps the copies of these sessions (description, kept messages, MQTT state) as long as their directory
     * entries, with which the heartbeat refreshes them: a session with no sub and no message for
     * longer than the keys' time to live must still be there to adopt. (ClusterChaosIT with the
     * mirror on found a quarter of a killed replica's sessions started anew: their descriptions,
     * written at their sub, had expired.)
     */
    void refresh(Collection<String> uids, long ttlMillis) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return;
        }
        byte[] ttl = bytes(Long.toString(ttlMillis));
        List<String> all = List.copyOf(uids);
        for (int from = 0; from < all.size(); from += REFRESH_BATCH) {
            byte[][] keys = all.subList(from, Math.min(all.size(), from + REFRESH_BATCH)).stream()
                    .flatMap(uid -> Stream.of(aboutKey(uid), keptKey(uid), mqttKey(uid))).toArray(byte[][]::new);
            this.<Long>eval(redis, REFRESH, ScriptOutputType.INTEGER, keys, ttl).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    errors.warning("mirror refresh failed", () -> "Watchbox cluster: the mirrored sessions' time to live"
                            + " was not refreshed in Redis (it is tried again at the next refresh)", failure);
                }
            });
        }
    }

    @Override
    public Optional<Orphan> orphan(String uid) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return Optional.empty();
        }
        List<byte[]> found = await(eval(redis, ORPHAN, ScriptOutputType.MULTI,
                new byte[][] {directoryKey(uid), aboutKey(uid)}, bytes(name + ":alive:"),
                bytes(Long.toString(RedisDirectory.ALIVE_MILLIS - RedisDirectory.OVERDUE_MILLIS)), idBytes));
        // A script's false comes back as one nil.
        if (found == null || found.isEmpty() || found.get(0) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(orphan(uid, found));
        } catch (RuntimeException unreadable) {
            errors.warning("mirror description unreadable", () -> "Watchbox cluster: the mirrored description of session "
                    + uid + " in Redis is not one this version reads; it is not adopted", unreadable);
            return Optional.empty();
        }
    }

    private static Orphan orphan(String uid, List<byte[]> found) {
        Map<String, String> about = new HashMap<>();
        for (int i = 1; i + 1 < found.size(); i += 2) {
            about.put(string(found.get(i)), string(found.get(i + 1)));
        }
        String groups = about.getOrDefault("groups", "");
        Description session = new Description(uid, about.get("key"), about.get("owner"),
                groups.isEmpty() ? Set.of() : Set.of(groups.split("\n")),
                Long.parseLong(about.getOrDefault("expiry", "-1")),
                about.containsKey("mqtt") ? MqttMarkCodec.subscriptions(about.get("mqtt")) : null);
        Map<String, Long> heads = new HashMap<>();
        for (String head : about.getOrDefault("heads", "").split(",")) {
            int at = head.lastIndexOf('=');
            if (at > 0) {
                heads.put(head.substring(0, at), Long.parseLong(head.substring(at + 1)));
            }
        }
        return new Orphan(string(found.get(0)), session, heads);
    }

    @Override
    public boolean claim(String uid, String deadHolder) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return false;
        }
        Long won = await(eval(redis, CLAIM, ScriptOutputType.INTEGER, new byte[][] {directoryKey(uid)},
                bytes(deadHolder), idBytes, bytes(Long.toString(ttlMillis.getAsLong()))));
        return won != null && won == 1;
    }

    @Override
    public Contents contents(String uid, String deadHolder) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            throw new IllegalStateException("Redis is out of reach");
        }
        CompletableFuture<List<byte[]>> list = redis.lrange(keptKey(uid), 0, -1).toCompletableFuture();
        CompletableFuture<Map<byte[], byte[]>> marksOf = redis.hgetall(marksKey(deadHolder)).toCompletableFuture();
        CompletableFuture<Map<byte[], byte[]>> mqttOf = redis.hgetall(mqttKey(uid)).toCompletableFuture();
        List<Kept> kept = new ArrayList<>();
        List<byte[]> entries = read(list);
        for (byte[] entry : entries == null ? List.<byte[]>of() : entries) {
            try {
                kept.add(KeptCodec.decode(entry));
            } catch (IllegalArgumentException e) {
                errors.warning("mirror entry unreadable", () -> "Watchbox cluster: a kept message of session " + uid
                        + " in Redis is not one this version reads; skipped", e);
            }
        }
        Map<String, Long> deadMarks = new HashMap<>();
        Map<byte[], byte[]> read = read(marksOf);
        if (read != null) {
            read.forEach((origin, mark) -> deadMarks.put(string(origin), Long.parseLong(string(mark))));
        }
        return new Contents(kept, deadMarks, mqtt(uid, read(mqttOf)));
    }

    /** The MQTT state of the session, or null when there is none, or none this version reads (logged). */
    private MqttCopy mqtt(String uid, Map<byte[], byte[]> hash) {
        Map<String, byte[]> fields = new HashMap<>();
        if (hash != null) {
            hash.forEach((field, value) -> fields.put(string(field), value));
        }
        try {
            return MqttMarkCodec.read(fields);
        } catch (IllegalArgumentException unreadable) {
            errors.warning("mirror MQTT state unreadable", () -> "Watchbox cluster: the mirrored MQTT state of session "
                    + uid + " in Redis is not one this version reads; the session is adopted without it", unreadable);
            return null;
        }
    }

    @Override
    public List<Replayed> publishedAfter(String origin, long after) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            throw new IllegalStateException("Redis is out of reach");
        }
        List<StreamMessage<byte[], byte[]>> read = read(redis.xrange(bytes(streamKey(name, origin)),
                Range.create((after + 1) + "-0", "+")).toCompletableFuture());
        List<Replayed> replayed = new ArrayList<>();
        for (StreamMessage<byte[], byte[]> entry : read == null ? List.<StreamMessage<byte[], byte[]>>of() : read) {
            byte[] frame = entry.getBody().values().stream().findFirst().orElse(null);
            RelayCodec.decode(frame == null ? new byte[0] : frame).ifPresent(f -> replayed.add(new Replayed(f.group(),
                    f.payload(), f.from(), new MessageId(f.origin(), f.seq()), f.qos(), f.properties())));
        }
        return replayed;
    }

    /**
     * What an adopter must have, or give up: a copy read in part would number the session anew or
     * skip messages.
     *
     * @throws IllegalStateException when Redis did not answer in time
     */
    private static <T> T read(CompletableFuture<T> answer) {
        try {
            return answer.get(ClusterRelay.ANSWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from Redis", e);
        } catch (Exception e) {
            throw new IllegalStateException("Redis did not answer: " + e, e);
        }
    }

    private RedisAsyncCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> redis = connections.publisher();
        return redis == null || !redis.isOpen() ? null : redis.async();
    }

    /** A script by its SHA-1, loaded with its text the first time Redis does not know it. */
    private <T> CompletableFuture<T> eval(RedisAsyncCommands<byte[], byte[]> redis, String script, ScriptOutputType type,
                                          byte[][] keys, byte[]... args) {
        String sha = sha(script);
        CompletableFuture<T> answer = new CompletableFuture<>();
        redis.<T>evalsha(sha, type, keys, args).whenComplete((result, failure) -> {
            if (failure == null) {
                answer.complete(result);
            } else if (failure instanceof RedisNoScriptException || failure.getCause() instanceof RedisNoScriptException) {
                try {
                    redis.<T>eval(script, type, keys, args).whenComplete((again, failed) -> {
                        if (failed == null) {
                            answer.complete(again);
                        } else {
                            answer.completeExceptionally(failed);
                        }
                    });
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e); // else the batch waiting on this answer would wait for ever
                }
            } else {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }

    private synchronized String sha(String script) {
        return shas.computeIfAbsent(script, text -> {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(text)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-1", e);
            }
        });
    }

    /** Waits for Redis, at most a little longer than its command timeout; null when it did not answer. */
    private <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(ClusterRelay.ANSWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            errors.warning("mirror read failed", () -> "Watchbox cluster: reading a crashed replica's session from Redis"
                    + " failed", e);
            return null;
        }
    }

    private byte[] keptKey(String uid) {
        return bytes(name + ":kept:" + uid);
    }

    private byte[] aboutKey(String uid) {
        return bytes(name + ":about:" + uid);
    }

    private byte[] directoryKey(String uid) {
        return bytes(name + ":session:" + uid);
    }

    private byte[] mqttKey(String uid) {
        return bytes(name + ":mqtt:" + uid);
    }

    private byte[] marksKey(String replica) {
        return bytes(name + ":marks:" + replica);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
