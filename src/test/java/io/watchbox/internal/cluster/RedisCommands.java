package io.watchbox.internal.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/** A test's own connection to the Redis of its replicas, for what the relay never sends. */
public final class RedisCommands implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisCommands(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
    }

    public static RedisCommands connect(String uri) {
        return new RedisCommands(RedisClient.create(uri));
    }

    /** {@code CLIENT PAUSE ms WRITE}: Redis holds every write, PUBLISH included, for that long. */
    public void pauseWrites(Duration pause) {
        connection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(pause.toMillis()).add("WRITE"));
    }

    /** {@code PUBSUB NUMPAT}: how many patterns are listened to, by every client of this Redis. */
    public long patterns() {
        return connection.sync().pubsubNumpat();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
