package io.watchbox.internal.observe;

import io.watchbox.Stats;
import io.watchbox.internal.concurrent.ContainerExecutors;
import io.watchbox.internal.core.Broker;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The broker's numbers in the application's MicroProfile Metrics registry, which the server
 * serves at {@code /metrics} (Prometheus text there): gauges read the broker when scraped;
 * counters follow the broker's own totals, brought up to date once a second (so a scrape may be
 * up to a second behind {@code GET /stats}); a timer gets the publish-to-write latency of every
 * frame that holds a message. {@link #close()} removes them all, so a redeployment starts afresh.
 *
 * <p>In cluster mode each replica reports its own figures, to be summed by Prometheus, as is the
 * practice; only the {@code watchbox.cluster.*} gauges are of the whole cluster, read from a view
 * at most {@link #CLUSTER_MAX_AGE} old so that a scrape never waits for the other replicas.
 *
 * <p>Not a bean: {@link WatchboxMetrics} uses it once it has seen that the API is there.
 */
final class BrokerMetrics implements AutoCloseable {

    private static final long SYNC_PERIOD_MILLIS = 1000;
    /** How old the cluster gauges may be: other replicas are asked at most this often. */
    static final Duration CLUSTER_MAX_AGE = Duration.ofSeconds(5);

    private final MetricRegistry registry;
    private final Broker broker;
    private final RecentClusterStats cluster;
    private final List<MetricID> registered = new ArrayList<>();
    private final List<Follower> registering = new ArrayList<>();
    /** Read by the scheduler's thread: set once the counters are registered, emptied on close. */
    private volatile List<Follower> followers = List.of();
    private ScheduledFuture<?> sync;

    private BrokerMetrics(MetricRegistry registry, Broker broker) {
        this.registry = registry;
        this.broker = broker;
        this.cluster = new RecentClusterStats(() -> broker.views().statsLater(), broker::stats, System::nanoTime,
                CLUSTER_MAX_AGE);
    }

    /**
     * Registers the broker's metrics in the application's registry.
     *
     * @param beans the application's beans, where the registry is looked up
     * @return what to close when the application stops, or null when there is no registry (the API
     *         without an implementation behind it)
     */
    static BrokerMetrics register(Instance<Object> beans, Broker broker) {
        Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
        if (!registries.isResolvable()) {
            return null;
        }
        BrokerMetrics metrics = new BrokerMetrics(registries.get(), broker);
        try {
            metrics.register();
            metrics.followers = List.copyOf(metrics.registering);
            metrics.sync = ContainerExecutors.scheduler().scheduleAtFixedRate(metrics::followTotals, 0,
                    SYNC_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            return metrics;
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.cancel(false);
        }
        broker.sends().stopRecordingLatency();
        followers = List.of();
        registered.forEach(registry::remove);
        registered.clear();
    }

    private void register() {
        gauge("watchbox.sessions", MetricUnits.NONE, "Sessions alive now, connected or waiting for a resume",
                Stats::sessions);
        gauge("watchbox.connected", MetricUnits.NONE, "Sessions with an open socket now", Stats::connected);
        // By protocol as gauges of their own, not as a tag: a sum over watchbox_sessions' series stays the total.
        gauge("watchbox.sessions.mqtt", MetricUnits.NONE, "Of watchbox.sessions, those whose client speaks MQTT",
                Stats::mqttSessions);
        gauge("watchbox.connected.mqtt", MetricUnits.NONE, "Of watchbox.connected, those whose client speaks MQTT",
                Stats::mqttConnected);
        gauge("watchbox.sockets", MetricUnits.NONE,
                "WebSocket connections open now, those that have not said hello included", Stats::sockets);
        gauge("watchbox.queued", MetricUnits.BYTES,
                "What the sessions' kept messages weigh now, each session counted on its own", Stats::queuedBytes);
        gauge("watchbox.event.backlog", MetricUnits.NONE,
                "WatchboxMessage and WatchboxTimeout events waiting for the application's observers",
                Stats::eventBacklog);
        counter("watchbox.events.dropped", "WatchboxMessage and WatchboxTimeout events never handed to the "
                + "application's observers because the event backlog was full", Stats::eventsDropped);
        counter("watchbox.published", "Messages published, by clients, REST and the application", Stats::published);
        counter("watchbox.delivered", "Messages queued for sessions: a publish to n subscribers counts n",
                Stats::delivered);
        counter("watchbox.dropped", "Queued messages dropped unsent because a queue was full", Stats::dropped);
        counter("watchbox.frames.sent", "WebSocket text frames written to clients; a batched frame counts once",
                Stats::framesSent);
        counter("watchbox.relayed", "Cluster mode: messages published here that Redis accepted for the other replicas",
                Stats::relayed);
        counter("watchbox.not.relayed", "Cluster mode: messages published here that reached this replica's "
                + "subscribers only", Stats::notRelayed);
        counter("watchbox.relay.outage.held", "Cluster mode: messages published here that waited for Redis while it was "
                + "out of reach", Stats::outageHeld);
        counter("watchbox.relay.outage.relayed", "Cluster mode: of the messages that waited for Redis, those relayed "
                + "late, in order", Stats::outageRelayed);
        counter("watchbox.relay.outage.dropped", "Cluster mode: of the messages that waited for Redis, those dropped "
                + "past watchbox.cluster.outagebytes or outageseconds (reached this replica's subscribers only)",
                Stats::outageDropped);
        counter("watchbox.received", "Cluster mode: messages published on other replicas and delivered here",
                Stats::received);
        counter("watchbox.missed", "Cluster mode: messages other replicas relayed that never reached this one",
                Stats::missed);
        counter("watchbox.relay.ignored", "Cluster mode: frames from other replicas this one could not read, such as "
                + "from another version during a rolling upgrade", Stats::relayIgnored);
        counter("watchbox.relay.calls.failed", "Cluster mode: calls from other replicas whose handling failed here",
                Stats::callsFailed);
        counter("watchbox.relay.not.sent", "Cluster mode: calls to other replicas, and answers to theirs, that Redis "
                + "was out of reach for or refused", Stats::notSent);
        counter("watchbox.relay.not.let.go", "Cluster mode: channels and patterns no longer used that Redis refused "
                + "to let go (tried again)", Stats::notLetGo);
        counter("watchbox.relay.claims.unanswered", "Cluster mode: claims of a message for a share that Redis did not "
                + "answer; a member here got it, and one on another replica may have too", Stats::claimsUnanswered);
        counter("watchbox.shared.lost", "Cluster mode: messages of a share whose claim this replica won after its "
                + "last member of the share had left", Stats::sharedLost);
        counter("watchbox.cluster.missing.answers", "Cluster mode: answers of other replicas this one's views of the "
                + "cluster went without", Stats::missingAnswers);
        // Of the whole cluster, so not to be summed over replicas as the others are.
        register("watchbox.cluster.replicas", MetricUnits.NONE, "Live replicas seen in Redis at the last heartbeat, "
                + "this one included (1 on a single node)", () -> broker.relay().others().size() + 1L);
        register("watchbox.cluster.sessions", MetricUnits.NONE, "Sessions on every replica that answered, at most "
                + CLUSTER_MAX_AGE.toSeconds() + " s old", () -> cluster.get().sessions());
        register("watchbox.cluster.connected", MetricUnits.NONE, "Connected sessions on every replica that answered, "
                + "at most " + CLUSTER_MAX_AGE.toSeconds() + " s old", () -> cluster.get().connected());
        register("watchbox.cluster.replicas.missing", MetricUnits.NONE, "Live replicas that did not answer for the "
                + "cluster gauges in time (0 on a single node)", () -> {
                    Stats stats = cluster.get();
                    return stats.missingReplicas() == null ? 0L : stats.missingReplicas().size();
                });
        Timer latency = registry.timer(Metadata.builder().withName("watchbox.send.latency")
                .withDescription("Per frame written that holds messages: the time from the publish of its oldest "
                        + "message until the container reported the frame written")
                .withUnit(MetricUnits.NANOSECONDS).build());
        registered.add(new MetricID("watchbox.send.latency"));
        broker.sends().recordLatencyWith(nanos -> latency.update(Duration.ofNanos(nanos)));
    }

    private void gauge(String name, String unit, String description, ToLongFunction<Stats> value) {
        register(name, unit, description, () -> value.applyAsLong(broker.stats()));
    }

    private void register(String name, String unit, String description, Supplier<Long> reading) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(), reading);
        registered.add(new MetricID(name));
    }

    private void counter(String name, String description, ToLongFunction<Stats> total) {
        Counter counter = registry.counter(Metadata.builder().withName(name).withDescription(description).build());
        registered.add(new MetricID(name));
        registering.add(new Follower(counter, total));
    }

    /** Brings every counter up to the broker's total. */
    private void followTotals() {
        Stats stats = broker.stats();
        for (Follower follower : followers) {
            follower.follow(stats);
        }
    }

    /** A counter that follows one of the broker's totals: it only ever grows, by what the total grew. */
    private record Follower(Counter counter, ToLongFunction<Stats> total) {
        void follow(Stats stats) {
            long behind = total.applyAsLong(stats) - counter.getCount();
            if (behind > 0) {
                counter.inc(behind);
            }
        }
    }
}
