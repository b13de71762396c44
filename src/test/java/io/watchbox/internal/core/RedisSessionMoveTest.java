package io.watchbox.internal.core;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SessionMoveTest} through a real Redis. */
class RedisSessionMoveTest extends SessionMoveTest {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas(SETTINGS);

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }
}
