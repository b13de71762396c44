package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.RedisRelay;
import io.watchbox.internal.cluster.RedisServer;
import io.watchbox.internal.core.relay.ClusterState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brokers as replicas of one cluster, relaying through a real Redis: a fresh Redis on a free port
 * for each test ({@link RedisServer}; where redis-server is missing the test is skipped, and says
 * so), replicas handed out by {@link #start()} once their relay is connected, and every relay
 * closed and Redis stopped after the test. Register it on an instance field:
 * {@code @RegisterExtension final RedisReplicas replicas = new RedisReplicas();}.
 */
final class RedisReplicas implements ClusterReplicas, BeforeEachCallback, AfterEachCallback {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    // The replicas of one test share a clock, as the servers of one cluster share the time of day.
    private final MutableClock clock = new MutableClock();
    private final List<Replica> started = new ArrayList<>();
    private RedisServer redis;
    private ExecutorService threads;
    private boolean mirrored;

    /** Replicas with the default settings. */
    RedisReplicas() {
        this(Settings.DEFAULTS);
    }

    /** Replicas with these settings. */
    RedisReplicas(Settings settings) {
        this.settings = settings;
    }

    /** The replicas started from now on mirror their sessions in Redis ({@code watchbox.cluster.mirror}). */
    RedisReplicas mirrored() {
        mirrored = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        redis = RedisServer.startOnFreePort();
        threads = Executors.newFixedThreadPool(4);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            started.forEach(replica -> replica.relay().close());
        } finally {
            started.clear();
            if (threads != null) {
                threads.shutdownNow();
            }
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** Starts one more replica and returns it once its relay is connected to Redis. */
    @Override
    public Replica start() {
        RecordingEvents events = new RecordingEvents();
        Broker broker = new Broker(settings, clock, events);
        RedisRelay relay = RedisRelay.start(new ClusterSettings(redis.uri(), "test"), broker::deliverRelayed, threads);
        Replica replica = new Replica(broker, relay, events);
        started.add(replica);
        broker.relayThrough(relay);
        broker.retainIn(relay.retainedMessages()); // as BrokerHost wires a replica
        if (mirrored) {
            broker.mirrorThrough(relay.mirrorSessions(() -> broker.settings().listlimit()));
        }
        broker.startServing();
        await().atMost(CONNECT_TIMEOUT).until(() -> relay.state() == ClusterState.CONNECTED);
        return replica;
    }

    /** The Redis the replicas share, to stop and start it again as an outage. */
    RedisServer redis() {
        return redis;
    }
}
