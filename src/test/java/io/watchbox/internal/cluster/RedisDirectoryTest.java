package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory's entries in a real Redis (redis-server on a free port). */
class RedisDirectoryTest {

    private RedisServer redis;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RedisCommands<String, String> inspect;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.startOnFreePort();
        client = RedisClient.create(redis.uri());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        inspect = client.connect().sync();
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRefreshPutsBackEveryEntryOfTheSessionsHeldButNotOneAnotherReplicaHoldsNow() {
        RedisDirectory here = new RedisDirectory("app", "replica-a", () -> connection);
        List<String> uids = IntStream.range(0, 1_234).mapToObj(i -> "uid-" + i).toList(); // more than one script call
        inspect.set("app:session:uid-7", "replica-b"); // moved there meanwhile

        here.refresh(uids, 60_000);

        connection.sync().ping(); // after every refresh call on the same connection
        assertEquals("replica-a", inspect.get("app:session:uid-0"));
        assertEquals("replica-a", inspect.get("app:session:uid-1233"));
        assertEquals("replica-b", inspect.get("app:session:uid-7"));
        assertEquals(1_234, inspect.keys("app:session:*").size());
        long ttl = inspect.pttl("app:session:uid-600");
        assertTrue(ttl > 50_000 && ttl <= 60_000, "expires with the ttl given: " + ttl);
    }
}
