package io.watchbox.internal.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.logging.LoggingLevel;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import javax.net.ssl.TrustManagerFactory;

/**
 * The two connections to Redis of one replica, one that publishes and one that listens, and where
 * the replica stands with them. Lettuce reconnects both with backoff; the first connection, which
 * Lettuce does not retry, is retried here. While either is down commands are refused at once
 * rather than buffered by Lettuce (what is published meanwhile waits in {@link HeldMessages},
 * bounded). Connected means both are up and Redis has every subscription of this replica
 * ({@link Owner#subscribeAll}).
 */
final class RedisConnections implements AutoCloseable {

    /** What the connections serve: what arrives on them, and what to do when they are up again. */
    interface Owner {
        /** On Lettuce's event loop: a frame on this replica's own channel. */
        void inbox(byte[] frame);

        /** On Lettuce's event loop: a frame on a group's channel, in the order Redis ran the publishes. */
        void group(byte[] frame);

        /** Both connections are (again) up: sends every subscription; completes when Redis has them all. */
        CompletableFuture<?> subscribeAll();

        /** Connected (again): Redis may have restarted empty. */
        void connected();

        /** Not connected any more: what is published from now on waits until the others listen again. */
        void lost();

        /** For the log line of a recovery: messages not relayed so far. */
        long notRelayed();
    }

    private static final Logger SERVER_LOG = LoggingLevel.server();
    private static final Logger ERROR_LOG = LoggingLevel.error();
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    private final String id;
    private final String where;
    private final byte[] inbox;
    private final Owner owner;
    private final ClientResources resources;
    private final RedisClient client;
    private final Set<RedisChannelHandler<?, ?>> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ClusterState> reported = new AtomicReference<>(ClusterState.DISCONNECTED);
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> listener;
    private volatile boolean everConnected;
    /** Redis has every subscription of this replica, on the connections of this generation: guarded by this. */
    private volatile boolean listening;
    /** Counts the losses of a connection, so that subscriptions sent before one do not count after it: guarded by this. */
    private long generation;
    /** The generation whose subscriptions are being sent: guarded by this. */
    private long subscribing = -1;
    private volatile boolean closed;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private volatile long downSince;

    /**
     * @param id    this replica's id, for the log
     * @param where the Redis URI without its password, and the cluster's name, for the log
     * @param inbox this replica's own channel, subscribed to before the listening connection counts
     * @param trust the trust store for TLS, or null for the JVM's default
     */
    RedisConnections(String id, String where, RedisURI uri, TrustManagerFactory trust, byte[] inbox, Owner owner) {
        this.id = id;
        this.where = where;
        this.inbox = inbox.clone();
        this.owner = owner;
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.fullJitter(BACKOFF_MIN, BACKOFF_MAX, 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, uri);
        ClientOptions.Builder options = ClientOptions.builder();
        if (trust != null) {
            // Else Lettuce trusts what the JVM's default trust manager trusts.
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trust).build());
        }
        client.setOptions(options
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                open.add(connection);
                stateChanged();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                open.remove(connection);
                stateChanged();
            }
        });
        this.downSince = System.currentTimeMillis();
    }

    /** Starts connecting in the background. */
    void start() {
        timer().execute(() -> connect(0));
    }

    /** Lettuce's event loop: for heartbeats, timeouts and work that must not wait on the caller's thread. */
    ScheduledExecutorService timer() {
        return resources.eventExecutorGroup();
    }

    /** The connection that publishes, or null before the first connection. */
    StatefulRedisConnection<byte[], byte[]> publisher() {
        return publisher;
    }

    /** The connection that listens, or null before the first connection. */
    StatefulRedisPubSubConnection<byte[], byte[]> listener() {
        return listener;
    }

    boolean closed() {
        return closed;
    }

    /** Connected once both connections are up and Redis has every subscription of this replica. */
    ClusterState state() {
        return up() && listening ? ClusterState.CONNECTED : ClusterState.DISCONNECTED;
    }

    /** Both connections are up (their subscriptions may not be in place yet). */
    boolean up() {
        StatefulRedisConnection<byte[], byte[]> p = publisher;
        StatefulRedisPubSubConnection<byte[], byte[]> l = listener;
        return !closed && p != null && l != null && open.contains(p) && open.contains(l);
    }

    /** Opens both connections and subscribes; on failure tries again later, with backoff. */
    private void connect(int attempt) {
        if (closed) {
            return;
        }
        StatefulRedisPubSubConnection<byte[], byte[]> subscribing = null;
        try {
            if (publisher == null) {
                publisher = client.connect(ByteArrayCodec.INSTANCE);
            }
            if (listener == null) {
                subscribing = client.connectPubSub(ByteArrayCodec.INSTANCE);
                subscribing.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] on, byte[] frame) {
                        if (Arrays.equals(on, inbox)) {
                            owner.inbox(frame);
                        } else {
                            owner.group(frame);
                        }
                    }

                    @Override
                    public void message(byte[] pattern, byte[] on, byte[] frame) {
                        owner.group(frame);
                    }
                });
                subscribing.sync().subscribe(inbox);
                listener = subscribing;
            }
            if (closed) {
                // close() ran meanwhile and may not have seen these connections.
                publisher.closeAsync();
                listener.closeAsync();
                return;
            }
            stateChanged();
        } catch (RuntimeException e) {
            if (subscribing != null && listener != subscribing) {
                subscribing.closeAsync();
            }
            if (closed) {
                return;
            }
            if (attempt == 0) {
                ERROR_LOG.warning(() -> "Watchbox cluster: cannot reach Redis at " + where + " (" + reason(e)
                        + "); messages published here reach this replica's subscribers and wait to be relayed until it "
                        + "answers, within " + OutageBounds.BYTES + " and " + OutageBounds.SECONDS + "; retrying");
            }
            long delay = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_MIN.toMillis() << Math.min(attempt, 6));
            timer().schedule(() -> connect(attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Every subscription again, on new connections to Redis (a restarted Redis knows none); the
     * relay is connected once Redis has them all, unless the connections changed meanwhile.
     */
    private void subscribeAll(long generation) {
        owner.subscribeAll().whenComplete((done, e) -> {
            synchronized (this) {
                listening = generation == this.generation && up();
            }
            stateChanged();
        });
    }

    /**
     * Logs each change of state once: the outage when it starts, the recovery when it ends. Both
     * connections' event loops call it; serialized, so that a stale reading cannot log last. When
     * both connections are up again, subscribes again before saying so.
     */
    private synchronized void stateChanged() {
        if (!up()) {
            listening = false;
            generation++;
        } else if (!listening && subscribing != generation) {
            subscribing = generation;
            long current = generation;
            timer().execute(() -> subscribeAll(current));
        }
        ClusterState now = state();
        ClusterState before = reported.getAndSet(now);
        if (before == now || closed) {
            return;
        }
        if (now == ClusterState.CONNECTED) {
            timer().execute(owner::connected);
            long away = System.currentTimeMillis() - downSince;
            boolean again = everConnected;
            everConnected = true;
            SERVER_LOG.info(() -> "Watchbox cluster: replica " + id + " relays through Redis at " + where
                    + (again ? " again, after " + away + " ms without it; " + owner.notRelayed()
                    + " messages not relayed so far (held past the outage bounds)" : ""));
        } else {
            downSince = System.currentTimeMillis();
            timer().execute(owner::lost);
            ERROR_LOG.warning(() -> "Watchbox cluster: lost Redis at " + where + "; messages published here reach this "
                    + "replica's subscribers and wait to be relayed until it is back, within " + OutageBounds.BYTES
                    + " and " + OutageBounds.SECONDS + " (counted as outageHeld in /stats); reconnecting");
        }
    }

    /** Closes both connections and waits for Lettuce's threads; safe to call more than once. */
    @Override
    public void close() {
        closed = true;
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            // Waits for Lettuce's threads, so that none outlives the application.
            try {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                ERROR_LOG.warning(() -> "Watchbox cluster: the Redis client's threads did not stop in time: " + e);
            }
        }
    }

    /**
     * Lettuce's "Unable to connect", with what lay under it: a refused connection, a wrong password
     * (Redis's WRONGPASS, which does not repeat the password), an untrusted certificate.
     */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure || root.getMessage() == null ? failure.getMessage()
                : failure.getMessage() + ": " + root.getMessage();
    }
}
