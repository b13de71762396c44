package io.watchbox.internal.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which replicas are alive, and which replica holds which session, in Redis:
 * <ul>
 * <li>{@code <name>:alive:<id>}, set for a few seconds by each replica's heartbeat, and the set
 *     {@code <name>:replicas} of ids that have said so (the dead are pruned from it as they are seen);</li>
 * <li>{@code <name>:session:<uid>}, the holder's id, which expires unless the holder refreshes it:
 *     a replica that crashed stops refreshing, and its entries go.</li>
 * </ul>
 * A holder counts only while its alive key is there, so a crashed replica's sessions are known
 * lost within {@link #ALIVE_MILLIS}, without comparing clocks between machines.
 */
final class RedisDirectory {

    static final long HEARTBEAT_MILLIS = 2_000;
    static final long ALIVE_MILLIS = 3 * HEARTBEAT_MILLIS;
    private static final long LEAVE_WAIT_MILLIS = 500;

    /**
     * A holder whose last heartbeat is older than this is taken as gone: a hello then starts a new
     * session at once rather than wait out a call to a replica that crashed (its alive key lives
     * {@link #ALIVE_MILLIS}). A live holder beats every {@link #HEARTBEAT_MILLIS}, on Redis's
     * client threads, which the application's load does not hold up.
     */
    static final long OVERDUE_MILLIS = HEARTBEAT_MILLIS + 1_500;
    /** The holder of a session, if that replica is alive and its heartbeat not overdue: one round trip. */
    private static final String HOLDER = """
            local holder = redis.call('GET', KEYS[1])
            if holder and redis.call('PTTL', ARGV[1] .. holder) > tonumber(ARGV[2]) then return holder end
            return false""";
    /** The replicas alive now, pruning the set of those that are not. */
    private static final String LIVE = """
            local live = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. id) == 1 then table.insert(live, id)
              else redis.call('SREM', KEYS[1], id) end
            end
            return live""";
    /** Sets each entry unless another replica holds that session now (it moved there meanwhile). */
    private static final String REFRESH = """
            for _, key in ipairs(KEYS) do
              local holder = redis.call('GET', key)
              if holder == false or holder == ARGV[1] then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
            end
            return 0""";
    /**
     * Entries refreshed per script call: one call per session sent the script's text with each,
     * about 260 bytes, which at 1,000 sessions came to more than the messages relayed meanwhile;
     * a call of this many keys keeps Redis busy for well under a millisecond.
     */
    private static final int REFRESH_BATCH = 500;
    /** Deletes the entry if it is still this replica's. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final String name;
    private final String id;
    private final byte[] idBytes;
    private final byte[] aliveKey;
    private final byte[] alivePrefix;
    private final byte[] replicas;
    private final Supplier<StatefulRedisConnection<byte[], byte[]>> connection;
    private volatile Set<String> live = Set.of();

    RedisDirectory(String name, String id, Supplier<StatefulRedisConnection<byte[], byte[]>> connection) {
        this.name = name;
        this.id = id;
        this.idBytes = bytes(id);
        this.alivePrefix = bytes(name + ":alive:");
        this.aliveKey = bytes(name + ":alive:" + id);
        this.replicas = bytes(name + ":replicas");
        this.connection = connection;
    }

    /** Says this replica is alive, and learns which others are. Called every {@link #HEARTBEAT_MILLIS}. */
    void heartbeat() {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return;
        }
        redis.set(aliveKey, idBytes, SetArgs.Builder.px(ALIVE_MILLIS));
        redis.sadd(replicas, idBytes);
        redis.<List<byte[]>>eval(LIVE, ScriptOutputType.MULTI, new byte[][] {replicas}, alivePrefix)
                .thenAccept(ids -> live = ids.stream().map(RedisDirectory::string).collect(Collectors.toUnmodifiableSet()));
    }

    /** The other replicas alive at the last heartbeat. */
    Set<String> others() {
        return live.stream().filter(other -> !other.equals(id)).collect(Collectors.toUnmodifiableSet());
    }

    /** Leaves at once rather than when the alive key expires: the application is stopping. */
    void leave() {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return;
        }
        redis.del(aliveKey);
        try {
            // Waited for briefly: the connection closes right after.
            redis.srem(replicas, idBytes).get(LEAVE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The alive key expires on its own.
        }
    }

    /**
     * Which other live replica holds this uid's session; waits for Redis (at most its command timeout).
     *
     * @throws RuntimeException when Redis does not answer
     */
    Optional<String> holderOf(String uid) {
        StatefulRedisConnection<byte[], byte[]> redis = connection.get();
        if (redis == null) {
            return Optional.empty();
        }
        byte[] holder = redis.sync().eval(HOLDER, ScriptOutputType.VALUE, new byte[][] {sessionKey(uid)}, alivePrefix,
                bytes(Long.toString(ALIVE_MILLIS - OVERDUE_MILLIS)));
        return Optional.ofNullable(holder).map(RedisDirectory::string).filter(h -> !h.equals(id));
    }

    /** This replica holds the uid's session now, for {@code ttlMillis} unless refreshed. */
    void held(String uid, long ttlMillis) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis != null) {
            redis.set(sessionKey(uid), idBytes, SetArgs.Builder.px(ttlMillis));
        }
    }

    /** Keeps the entries of sessions this replica holds, and puts back those Redis lost (a restart). */
    void refresh(Collection<String> uids, long ttlMillis) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis == null) {
            return;
        }
        byte[] ttl = bytes(Long.toString(ttlMillis));
        List<byte[]> keys = uids.stream().map(this::sessionKey).toList();
        for (int from = 0; from < keys.size(); from += REFRESH_BATCH) {
            byte[][] batch = keys.subList(from, Math.min(keys.size(), from + REFRESH_BATCH)).toArray(byte[][]::new);
            redis.eval(REFRESH, ScriptOutputType.INTEGER, batch, idBytes, ttl);
        }
    }

    /** The session ended here: its entry goes, unless it names another replica already. */
    void released(String uid) {
        RedisAsyncCommands<byte[], byte[]> redis = commands();
        if (redis != null) {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new byte[][] {sessionKey(uid)}, idBytes);
        }
    }

    private RedisAsyncCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> redis = connection.get();
        return redis == null || !redis.isOpen() ? null : redis.async();
    }

    private byte[] sessionKey(String uid) {
        return bytes(name + ":session:" + uid);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
