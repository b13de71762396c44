package io.watchbox.internal.cluster;

import io.watchbox.InvalidSettingException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The {@code watchbox.cluster.*} keys. Free of Lettuce types: single-node mode loads this class only.
 *
 * @param redis the Redis URI in Lettuce's syntax ({@code redis://[user:password@]host[:port][/database]},
 *              {@code rediss://} for TLS, {@code redis-sentinel://host1[:port1][,host2[:port2]]...#masterId}
 *              for the primary Redis Sentinel names), checked by {@link RedisRelay#uri}
 * @param name  the cluster's name: replicas with the same Redis and name form one cluster, and its
 *              keys and channels start with {@code <name>:}
 * @param truststore         the file of the certificates a {@code rediss://} Redis is trusted by, or null
 *                           for the JVM's default trust; checked by {@link RedisTrust#load}
 * @param truststorePassword the password of that file when it is a key store, or null
 * @param readyWithoutRedis  whether a replica that has lost Redis stays ready ({@code /health/ready}):
 *                           when Redis goes away for every replica at once, unready replicas would
 *                           all leave a Kubernetes Service, and no new client could connect
 * @param outage             what this replica's messages may hold while Redis is out of reach
 */
public record ClusterSettings(String redis, String name, String truststore, String truststorePassword,
                              boolean readyWithoutRedis, OutageBounds outage) {

    public static final String REDIS = "watchbox.cluster.redis";
    public static final String NAME = "watchbox.cluster.name";
    public static final String TRUSTSTORE = "watchbox.cluster.truststore";
    public static final String TRUSTSTORE_PASSWORD = "watchbox.cluster.truststore.password";
    public static final String READY_WITHOUT_REDIS = "watchbox.cluster.readywithoutredis";
    public static final String DEFAULT_READY_WITHOUT_REDIS = "true";
    public static final String DEFAULT_NAME = "watchbox";
    /**
     * How long a stopping replica may spend handing its sessions to the others, in seconds; 0 turns
     * the hand-over off. The default leaves a third of Kubernetes' default grace period (30 s) for
     * the server's own stop.
     */
    public static final String HAND_OVER = "watchbox.cluster.handover";
    public static final String DEFAULT_HAND_OVER = "20";
    private static final int MAX_HAND_OVER_SECONDS = 600;
    /**
     * Whether each replica mirrors its sessions in Redis as their messages are queued, so that
     * another replica adopts them if it crashes; off, a crash loses its sessions and their kept messages.
     */
    public static final String MIRROR = "watchbox.cluster.mirror";
    public static final String DEFAULT_MIRROR = "true";
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Checks the name; the URI is checked when the relay starts. */
    public ClusterSettings {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidSettingException(NAME, name, "1 to 64 letters, digits, '.', '_', ':' or '-'");
        }
        if (outage == null) {
            outage = OutageBounds.DEFAULT;
        }
    }

    /** Settings whose messages wait for Redis within the default bounds. */
    public ClusterSettings(String redis, String name, String truststore, String truststorePassword,
                           boolean readyWithoutRedis) {
        this(redis, name, truststore, truststorePassword, readyWithoutRedis, OutageBounds.DEFAULT);
    }

    /** Settings whose replica stays ready without Redis, as by default. */
    public ClusterSettings(String redis, String name, String truststore, String truststorePassword) {
        this(redis, name, truststore, truststorePassword, true);
    }

    /** Settings that trust what the JVM trusts by default, with these outage bounds. */
    public ClusterSettings(String redis, String name, OutageBounds outage) {
        this(redis, name, null, null, true, outage);
    }

    /** Settings that trust what the JVM trusts by default. */
    public ClusterSettings(String redis, String name) {
        this(redis, name, null, null);
    }

    /** {@value #READY_WITHOUT_REDIS}: {@code true} or {@code false}, in any case; anything else fails naming the key. */
    public static boolean readyWithoutRedis(String raw) {
        return flag(READY_WITHOUT_REDIS, raw, DEFAULT_READY_WITHOUT_REDIS);
    }

    /** {@value #MIRROR}: {@code true} or {@code false}, in any case; anything else fails naming the key. */
    public static boolean mirror(String raw) {
        return flag(MIRROR, raw, DEFAULT_MIRROR);
    }

    private static boolean flag(String key, String raw, String defaultValue) {
        String value = raw == null ? defaultValue : raw.strip();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidSettingException(key, raw, "true or false");
    }

    /** {@value #HAND_OVER}: whole seconds from 0 to 600; anything else fails naming the key. */
    public static Duration handOver(String raw) {
        String value = raw == null ? DEFAULT_HAND_OVER : raw.strip();
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 0 && seconds <= MAX_HAND_OVER_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidSettingException(HAND_OVER, raw, "whole seconds from 0 (no hand-over) to " + MAX_HAND_OVER_SECONDS);
    }

    /** Without the passwords, which a record would print. */
    @Override
    public String toString() {
        return "ClusterSettings[redis=" + redacted(redis) + ", name=" + name + ", truststore=" + truststore
                + ", truststorePassword=" + (truststorePassword == null ? null : "***")
                + ", readyWithoutRedis=" + readyWithoutRedis + ", outage=" + outage + "]";
    }

    /** The URI without its password, for logs and error messages. */
    public static String redacted(String uri) {
        return uri == null ? null : uri.replaceFirst("^([a-zA-Z+-]+://)[^@/]*@", "$1***@");
    }
}
