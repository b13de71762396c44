package io.watchbox.internal.cluster;

/**
 * Cluster mode is configured but Lettuce, an optional dependency of the module, is not on the
 * application's class path. Thrown at start-up, so the deployment fails saying what to add.
 */
public final class RedisClientMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    RedisClientMissingException(ClusterSettings settings, String artifact) {
        super("Watchbox setting " + ClusterSettings.REDIS + "=" + ClusterSettings.redacted(settings.redis().strip())
                + " turns on cluster mode, which needs the Redis client Lettuce on the application's class path:"
                + " add the dependency " + artifact + " to the application (its WEB-INF/lib then gets Lettuce"
                + " with Netty and Reactor), or remove " + ClusterSettings.REDIS + " to run a single node");
    }
}
