package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brokers as replicas of one cluster joined in memory ({@link InMemoryCluster}): a fresh cluster for
 * each test, closed after it, with the clock the brokers and the directory share. Register it on an
 * instance field: {@code @RegisterExtension final InMemoryReplicas replicas = new InMemoryReplicas();}.
 */
final class InMemoryReplicas implements ClusterReplicas, BeforeEachCallback, AfterEachCallback {

    private final Settings settings;
    private final Duration callTimeout;
    private final MutableClock clock = new MutableClock();
    private InMemoryCluster cluster;
    private boolean mirrored;
    private final List<InMemorySessionMirror> mirrors = new ArrayList<>();

    InMemoryReplicas() {
        this(Settings.DEFAULTS);
    }

    InMemoryReplicas(Settings settings) {
        this(settings, InMemoryCluster.CALL_TIMEOUT);
    }

    /** Replicas whose calls to each other time out after {@code callTimeout}. */
    InMemoryReplicas(Settings settings, Duration callTimeout) {
        this.settings = settings;
        this.callTimeout = callTimeout;
    }

    /** The replicas started from now on copy their sessions to a mirror in the hub ({@code watchbox.cluster.mirror}). */
    InMemoryReplicas mirrored() {
        mirrored = true;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cluster = new InMemoryCluster(clock, callTimeout);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        mirrors.forEach(InMemorySessionMirror::close);
        mirrors.clear();
        cluster.close();
    }

    @Override
    public Replica start() {
        RecordingEvents events = new RecordingEvents();
        Broker broker = new Broker(settings, clock, events);
        InMemoryRelay relay = cluster.join(broker::deliverRelayed);
        broker.relayThrough(relay);
        if (mirrored) {
            InMemorySessionMirror mirror = new InMemorySessionMirror(cluster, relay, () -> broker.settings().listlimit());
            mirrors.add(mirror);
            broker.mirrorThrough(mirror);
        }
        broker.startServing();
        return new Replica(broker, relay, events);
    }

    /** The relay of a replica started here, with its fault knobs. */
    static InMemoryRelay relayOf(Replica replica) {
        return (InMemoryRelay) replica.relay();
    }

    /** The mirror of a replica started here with {@link #mirrored()}, with its knobs. */
    static InMemorySessionMirror mirrorOf(Replica replica) {
        return (InMemorySessionMirror) replica.broker().mirror();
    }

    /** The hub the replicas relay through. */
    InMemoryCluster cluster() {
        return cluster;
    }

    /** The clock of the brokers and of the directory's expiry. */
    MutableClock clock() {
        return clock;
    }
}
