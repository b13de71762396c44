package io.watchbox;

import io.watchbox.config.LoggingLevel;
import io.watchbox.config.Settings;
import io.watchbox.config.WatchboxClock;
import io.watchbox.config.WatchboxConfig;
import io.watchbox.core.Broker;
import io.watchbox.core.ClientProtocol;
import io.watchbox.events.EventDispatcher;
import io.watchbox.routing.BadGroupException;
import io.watchbox.session.Connection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The Watchbox broker. Inject it to publish to groups, look at sessions and change settings at
 * run time. It starts with the application, so a bad setting fails the deployment.
 */
@ApplicationScoped
public class Watchbox {

    private static final Logger SERVER_LOG = Logger.getLogger(LoggingLevel.SERVER);
    private static final long SWEEP_PERIOD_MILLIS = 250;

    @Inject
    WatchboxConfig config;

    @Inject
    @WatchboxClock
    Clock clock;

    @Inject
    EventDispatcher events;

    @Inject
    Instance<WatchboxAuthorizer> authorizers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private Broker broker;
    private ScheduledFuture<?> sweeps;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /**
     * On SIGTERM (docker stop, Kubernetes) the JVM runs this beside Liberty's own shutdown hook,
     * which stops the HTTP endpoint, and every socket with it, before the application is stopped:
     * closing here first gets 1001 to the clients. Liberty's {@code server stop} command does not
     * run it in time (docs/reliability.md).
     */
    private final Thread goingAway = new Thread(() -> broker.shutdown(), "watchbox-going-away");

    @PostConstruct
    void start() {
        Settings settings = config.settings();
        LoggingLevel.apply(settings.logginglevel());
        // No authorizer allows everything; two are ambiguous and fail the deployment.
        WatchboxAuthorizer authorizer = authorizers.isUnsatisfied() ? WatchboxAuthorizer.ALLOW_ALL : authorizers.get();
        broker = new Broker(settings, clock, events, authorizer);
        sweeps = scheduler.scheduleAtFixedRate(broker::sweep, SWEEP_PERIOD_MILLIS, SWEEP_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(goingAway);
        SERVER_LOG.info(() -> "Watchbox started: " + settings);
    }

    /** Starts the broker with the application rather than at first use. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object application) {
        broker.settings();
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
        sweeps.cancel(false);
        try {
            Runtime.getRuntime().removeShutdownHook(goingAway);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook is running or has run: it only closes sockets, as below.
        }
        events.stop();
        broker.shutdown();
        SERVER_LOG.info("Watchbox stopped");
    }

    /**
     * Publishes a message to every session subscribed to the group (the sender is the server).
     *
     * @return how many sessions it was queued for
     * @throws InvalidGroupException if the group name breaks the rules (wildcards, length, control characters)
     */
    public int publish(String message, String group) {
        try {
            return broker.publish(group, message);
        } catch (BadGroupException e) {
            throw new InvalidGroupException(group, e.getMessage());
        }
    }

    public List<SessionInfo> sessions() {
        return broker.sessions();
    }

    public Optional<SessionInfo> session(String uid) {
        return broker.session(uid);
    }

    public Stats stats() {
        return broker.stats();
    }

    /** Ends a session as {@link EndReason#KICKED}; false if there is no such session. */
    public boolean kick(String uid) {
        return broker.kick(uid);
    }

    public Settings settings() {
        return broker.settings();
    }

    public void setTimeout(int seconds) {
        change(broker.settings().withTimeout(seconds));
    }

    public void setListlimit(int listlimit) {
        change(broker.settings().withListlimit(listlimit));
    }

    public void setLogginglevel(int level) {
        change(broker.settings().withLogginglevel(level));
        LoggingLevel.apply(level);
    }

    /**
     * For transports: the protocol of a newly opened client connection.
     *
     * @param parameters the handshake's query parameters, for the authorizer
     */
    public ClientProtocol open(Connection connection, Map<String, List<String>> parameters) {
        return broker.open(connection, parameters);
    }

    private void change(Settings changed) {
        broker.updateSettings(changed);
        SERVER_LOG.info(() -> "Watchbox settings changed: " + changed);
    }
}
