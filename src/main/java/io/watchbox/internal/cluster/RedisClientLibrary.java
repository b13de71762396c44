package io.watchbox.internal.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Lettuce, cluster mode's Redis client: an optional dependency of the module, which an application
 * in cluster mode adds. Looked up by name, so that finding it missing links neither Lettuce nor
 * {@link RedisRelay} (which cannot be linked without it) and fails with a message instead.
 */
public final class RedisClientLibrary {

    static final String CLIENT_CLASS = "io.lettuce.core.RedisClient";
    private static final String GROUP_AND_ARTIFACT = "io.lettuce:lettuce-core";

    private RedisClientLibrary() {
    }

    /**
     * Checks that the module's own class loader, the one that will load {@link RedisRelay}, has Lettuce.
     *
     * @throws RedisClientMissingException naming {@code watchbox.cluster.redis} and what to add
     */
    public static void require(ClusterSettings settings) {
        require(settings, RedisClientLibrary.class.getClassLoader());
    }

    static void require(ClusterSettings settings, ClassLoader loader) {
        try {
            Class.forName(CLIENT_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RedisClientMissingException(settings, artifact());
        }
    }

    /** Maven coordinates of the Lettuce the module was built with (filtered into lettuce.properties). */
    static String artifact() {
        try (InputStream in = RedisClientLibrary.class.getResourceAsStream("lettuce.properties")) {
            Properties built = new Properties();
            if (in != null) {
                built.load(in);
            }
            String version = built.getProperty("version");
            return version == null ? GROUP_AND_ARTIFACT : GROUP_AND_ARTIFACT + ":" + version;
        } catch (IOException e) {
            return GROUP_AND_ARTIFACT;
        }
    }
}
