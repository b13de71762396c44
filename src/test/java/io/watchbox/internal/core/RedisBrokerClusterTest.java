package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;

import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.cluster.RedisCommands;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BrokerClusterTest} through a real Redis: a slow relay is Redis pausing writes, a cut-off is Redis stopping. */
class RedisBrokerClusterTest extends BrokerClusterTest {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas(SETTINGS);

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    /** Every replica's writes wait in Redis for {@code pause}, then run on their own. */
    @Override
    AutoCloseable slowConfirmations(Replica publisher, Duration pause) {
        RedisCommands redis = RedisCommands.connect(replicas.redis().uri());
        redis.pauseWrites(pause);
        return redis;
    }

    /** Every replica loses Redis, not only this one. */
    @Override
    void cutOff(Replica replica) throws Exception {
        replicas.redis().stop();
        await().atMost(WAIT).until(() -> replica.relay().state() == ClusterState.DISCONNECTED);
    }

    @Override
    void reconnect(Replica replica) throws Exception {
        replicas.redis().start();
    }

    @Override
    boolean holdsWhileCutOff() {
        return true;
    }
}
