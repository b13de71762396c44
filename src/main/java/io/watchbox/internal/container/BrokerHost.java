package io.watchbox.internal.container;

import io.watchbox.Settings;
import io.watchbox.WatchboxAuthenticator;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.internal.access.AccessRules;
import io.watchbox.internal.concurrent.ContainerExecutors;
import io.watchbox.internal.concurrent.LimitedExecutor;
import io.watchbox.internal.concurrent.UnderPlatformLoader;
import io.watchbox.internal.access.Acl;
import io.watchbox.internal.access.AnonymousPolicy;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.RedisClientLibrary;
import io.watchbox.internal.cluster.RedisRelay;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.config.WatchboxClock;
import io.watchbox.internal.config.WatchboxConfig;
import io.watchbox.internal.core.Access;
import io.watchbox.internal.core.AnsweringPublisher;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.store.StoreFile;
import io.watchbox.internal.core.store.StoreSettings;
import io.watchbox.internal.events.EventDispatcher;
import io.watchbox.internal.retained.RetainedMessages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Runs the application's one {@link Broker} for as long as the application runs: builds it from
 * the configuration at start-up (so a bad setting fails the deployment), sweeps timeouts on the
 * container's scheduler, and closes every socket before the application goes.
 */
@ApplicationScoped
public class BrokerHost {

    private static final Logger SERVER_LOG = LoggingLevel.server();
    private static final RateLimitedLog PERIODIC_FAILURES = RateLimitedLog.errors();
    private static final long SWEEP_PERIOD_MILLIS = 250;
    private static final long SAMPLE_PERIOD_MILLIS = 1000;

    @Inject
    WatchboxConfig config;

    @Inject
    @WatchboxClock
    Clock clock;

    @Inject
    EventDispatcher events;

    @Inject
    Instance<WatchboxAuthorizer> authorizers;

    @Inject
    Instance<WatchboxAuthenticator> authenticators;

    private Broker broker;
    private AccessRules accessRules;
    private ScheduledFuture<?> sweeps;
    private ScheduledFuture<?> samples;
    private ScheduledFuture<?> snapshots;
    /** Seconds between the single server's store snapshots ({@code watchbox.store}), or 0 for none. */
    private int snapshotIntervalSeconds;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /**
     * On SIGTERM (docker stop, Kubernetes) the JVM runs this beside the server's own shutdown hook,
     * which on Liberty stops the HTTP endpoint, and every socket with it, before the application
     * is stopped: closing here first gets 1001 to the clients. The hook is this application's
     * own (it holds only this broker) and is removed when the application stops.
     */
    private final Thread goingAway = new Thread(() -> broker.shutdown(), "watchbox-going-away");

    @PostConstruct
    void start() {
        Settings settings = config.settings();
        Optional<Acl> acl = config.acl();
        accessRules = config.accessRules(acl);
        // Lettuce is an optional dependency: without it cluster mode fails the deployment, saying what to add.
        Optional<ClusterSettings> cluster = config.cluster();
        boolean mirror = config.clusterMirror(); // checked on a single node too: a bad value fails the deployment
        cluster.ifPresent(RedisClientLibrary::require);
        LoggingLevel.apply(settings.logginglevel());
        // The application's authorizer decides if it has one (two are ambiguous and fail the
        // deployment); else the configured ACL; else every client may use every group.
        WatchboxAuthorizer authorizer = authorizers.isUnsatisfied()
                ? acl.<WatchboxAuthorizer>map(rules -> rules).orElse(WatchboxAuthorizer.ALLOW_ALL)
                : authorizers.get();
        // The application's authenticator checks tokens if it has one; else the configured JWT keys, if any.
        WatchboxAuthenticator authenticator = authenticators.isUnsatisfied()
                ? config.jwtAuthenticator().orElse(null) : authenticators.get();
        broker = new Broker(settings, clock, events,
                new Access(authorizer, authenticator, accessRules.anonymous()));
        // Tyrus (Payara) completes a send on the sending thread: a message queued there would go
        // out at once, alone, however many follow; handed over, the flush takes what gathered.
        broker.handOffFlushesTo(new UnderPlatformLoader(ContainerExecutors.executor()));
        // Cluster mode only when configured: otherwise no class of the Redis client is loaded.
        if (cluster.isPresent()) {
            RedisRelay relay = RedisRelay.start(cluster.get(), broker::deliverRelayed, ContainerExecutors.executor(),
                    ContainerExecutors.threadFactory());
            broker.relayThrough(relay);
            broker.readyWithoutRelay(cluster.get().readyWithoutRedis());
            // Two at a time: each take waits for the stopping replica, on the executor that also delivers relayed messages.
            broker.handOverOnStop(config.clusterHandOver(), new LimitedExecutor(ContainerExecutors.executor(), 2));
            if (mirror) {
                broker.mirrorThrough(relay.mirrorSessions(() -> broker.settings().listlimit()));
            }
            broker.retainIn(relay.retainedMessages());
        }
        ManagedScheduledExecutorService scheduler = ContainerExecutors.scheduler();
        Optional<StoreSettings> store = config.store();
        if (store.isPresent() && cluster.isPresent()) {
            LoggingLevel.error().warning(() -> "Watchbox: " + StoreSettings.DIRECTORY + " is ignored in cluster mode"
                    + " (the cluster keeps retained messages in Redis, and sessions move to the other replicas)");
        } else if (store.isPresent()) {
            broker.keepIn(new StoreFile(store.get().directory()));
            snapshotIntervalSeconds = store.get().intervalSeconds();
        }
        schedulePeriodicTasks(scheduler);
        Runtime.getRuntime().addShutdownHook(goingAway);
        SERVER_LOG.info(() -> "Watchbox started: " + settings);
        if (accessRules.anonymous() == AnonymousPolicy.ANYWHERE) {
            LoggingLevel.error().warning("watchbox.anonymous=true: clients without identity are accepted from any address");
        }
    }

    /**
     * A periodic task that one failure does not end: a scheduler silently cancels a periodic task
     * that throws, and without sweeps no session ever times out (liveness goes DOWN). Seen once on a
     * Payara replica restarted under load, where nothing was logged; now the failure is.
     */
    private static Runnable survivingFailures(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                PERIODIC_FAILURES.warning(what, () -> "Watchbox: the periodic " + what + " failed; it runs again", e);
            }
        };
    }

    /**
     * Starts the broker with the application rather than at first use: to deliver CDI 4's start-up
     * event, the container creates this bean, which runs {@link #start()}.
     */
    void onStartup(@Observes Startup startup) {
        // Scheduled again now that the application has started: a request that reached Payara while
        // it was still deploying (a restarted replica behind a balancer) created this bean, and the
        // tasks it scheduled then never ran (Payara dropped them without a word; liveness went DOWN
        // for good). Where this bean was created for this event, they were scheduled a moment ago.
        schedulePeriodicTasks(ContainerExecutors.scheduler());
    }

    /**
     * The sweep, the stats sample and the store snapshot, on the container's scheduler; any scheduled
     * before are cancelled.
     */
    private synchronized void schedulePeriodicTasks(ManagedScheduledExecutorService scheduler) {
        cancelPeriodicTasks();
        sweeps = scheduler.scheduleAtFixedRate(survivingFailures("sweep", broker::sweep), SWEEP_PERIOD_MILLIS,
                SWEEP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        samples = scheduler.scheduleAtFixedRate(survivingFailures("stats sample", broker::sampleStats), 0, SAMPLE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        if (snapshotIntervalSeconds > 0) {
            snapshots = scheduler.scheduleWithFixedDelay(survivingFailures("store snapshot", broker::snapshotToStore),
                    snapshotIntervalSeconds, snapshotIntervalSeconds, TimeUnit.SECONDS);
        }
    }

    private synchronized void cancelPeriodicTasks() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {sweeps, samples, snapshots}) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /** Closes sockets while the WebSocket container is still up, so clients get 1001, not a dropped connection. */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
        stop();
    }

    @PreDestroy
    void stop() {
        // Both the observer above and @PreDestroy call this; Liberty's periodic future may not report cancelled.
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        cancelPeriodicTasks();
        try {
            Runtime.getRuntime().removeShutdownHook(goingAway);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running or has run: it only closes sockets, as below.
        }
        events.stop();
        broker.shutdown();
        broker.relay().close();
        SERVER_LOG.info("Watchbox stopped");
    }

    public Broker broker() {
        return broker;
    }

    /** The server's publish that says whether the message was relayed, for the REST resource. */
    @Produces
    AnsweringPublisher answeringPublisher() {
        return (group, payload, retain) -> broker.publishAnswering(group, payload, retain);
    }

    /** The broker's retained messages, for the admin REST resource (in cluster mode, those in Redis). */
    @Produces
    RetainedMessages retained() {
        return broker.retained();
    }

    /** The origins and anonymous clients the configuration admits, read once at start-up. */
    public AccessRules accessRules() {
        return accessRules;
    }

    /** Applies a change of settings atomically, the logger levels in the same order, and logs the result. */
    public synchronized Settings change(UnaryOperator<Settings> change) {
        Settings changed = broker.updateSettings(change);
        LoggingLevel.apply(changed.logginglevel());
        SERVER_LOG.info(() -> "Watchbox settings changed: " + changed);
        return changed;
    }
}
