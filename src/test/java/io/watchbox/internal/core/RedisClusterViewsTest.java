package io.watchbox.internal.core;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ClusterViewsTest} through a real Redis. */
class RedisClusterViewsTest extends ClusterViewsTest {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas();

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }
}
